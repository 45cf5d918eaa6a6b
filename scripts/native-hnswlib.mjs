// @ts-check
// Plain JavaScript: npm runs it at install time, before anything is compiled and without dev dependencies.
// Runs after `npm install`: recompiles hnswlib-node for this machine's CPU (-march=native), as
// hnswlib's own Python package does by default. Its distance loops then use AVX2 or AVX-512
// instead of SSE: on the benchmark machine, searches at 100k chunks took 0.6 of the time and
// builds 0.7 (BENCHMARKS.md). hnswlib-node's binding.gyp leaves the flag out.
//
// A binary built this way may crash (SIGILL) on a CPU without those instructions, so it is tested
// in a child process before it is kept, and HNSWLIB_NO_NATIVE=1 (hnswlib's own switch) keeps the
// portable build: use it when node_modules is built on one machine and run on another.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve('hnswlib-node/package.json'));
const addonPath = path.join(packageDir, 'build', 'Release', 'addon.node');
/** Written beside the addon when the native build is in place; the benchmarks report it. */
const nativeMarker = path.join(packageDir, 'build', 'Release', 'speechcite-native.json');
/** Outside build/, which node-gyp deletes before it builds. */
const portableCopy = path.join(packageDir, 'addon.portable.node');

/** @param {string} message */
const say = (message) => void process.stdout.write(`speechcite: ${message}\n`);

/** A child process loads the addon, builds a small index and searches it: a SIGILL kills only the child. */
/** @returns {boolean} */
function addonWorks() {
  const probe = `
    const { HierarchicalNSW } = require(${JSON.stringify(path.join(packageDir, 'lib', 'index.js'))});
    const index = new HierarchicalNSW('cosine', 32);
    index.initIndex(200, 16, 100, 1);
    index.setEf(64);
    for (let label = 0; label < 200; label++) index.addPoint(Array.from({ length: 32 }, (_, i) => Math.sin(label * 7 + i)), label);
    const { neighbors } = index.searchKnn(Array.from({ length: 32 }, (_, i) => Math.sin(21 + i)), 1);
    if (neighbors[0] !== 3) process.exit(1);`;
  return spawnSync(process.execPath, ['-e', probe], { stdio: 'ignore', timeout: 60_000 }).status === 0;
}

/** @returns {void} */
function main() {
  if (process.env.HNSWLIB_NO_NATIVE) return say('HNSWLIB_NO_NATIVE is set: keeping the portable hnswlib-node build');
  if (process.platform !== 'linux' || (process.arch !== 'x64' && process.arch !== 'arm64'))
    return say(`keeping the portable hnswlib-node build on ${process.platform}/${process.arch}`);
  if (!existsSync(addonPath)) return say('hnswlib-node is not built yet; nothing to tune');
  // Reinstalling hnswlib-node empties build/, marker included, so a marker means this build is current.
  if (existsSync(nativeMarker)) return say('hnswlib-node is already built for this CPU');

  copyFileSync(addonPath, portableCopy);
  const flags = process.arch === 'x64' ? '-march=native' : '-mcpu=native';
  // npm tells install scripts where its own node-gyp is; run by hand, node-gyp must be on the PATH.
  const nodeGyp = process.env.npm_config_node_gyp;
  const [command, args] = nodeGyp ? [process.execPath, [nodeGyp, 'rebuild']] : ['node-gyp', ['rebuild']];
  const build = spawnSync(command, args, {
    cwd: packageDir,
    env: { ...process.env, CXXFLAGS: `${process.env.CXXFLAGS ?? ''} ${flags}`.trim() },
    stdio: 'ignore',
    timeout: 300_000,
  });
  if (build.status === 0 && existsSync(addonPath) && addonWorks()) {
    rmSync(portableCopy);
    writeFileSync(nativeMarker, `${JSON.stringify({ cxxflags: flags, builtAt: new Date().toISOString() })}\n`);
    return say(
      `hnswlib-node rebuilt for this CPU (${flags}); \`npm rebuild hnswlib-node\` undoes it, and HNSWLIB_NO_NATIVE=1 keeps npm install from doing it again`,
    );
  }
  // Put the portable build back, whatever went wrong.
  mkdirSync(path.dirname(addonPath), { recursive: true });
  copyFileSync(portableCopy, addonPath);
  rmSync(portableCopy);
  say(`could not build hnswlib-node for this CPU (${build.error?.message ?? `node-gyp exited with ${build.status}`}); keeping the build npm made`);
}

main();
