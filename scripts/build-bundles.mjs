// @ts-check
// Bundles the browser code into the files the server sends: the widget (/widget.js, for any site) and
// the owner's dashboard (with uPlot and its stylesheet, under /admin/assets/, to signed-in owners only).
// No CDN, no runtime imports. Plain JavaScript, run by `npm run build` after tsc, from whose output it
// takes the paths.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles one entry point into one minified script; a stylesheet it imports is written beside it.
 * @param {{ entry: string, outfile: string }} files
 * @returns {Promise<string>} the script's path
 */
export async function buildBundle({ entry, outfile }) {
  await mkdir(path.dirname(outfile), { recursive: true });
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'iife',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // The paths are defined once, in src/paths.ts; tsc compiled it just before this runs. (A specifier
  // in a variable keeps the type-check from reading dist/, which a clean tree does not have.)
  const compiledPaths = '../dist/paths.js';
  /** @type {{ PROJECT_ROOT: string, WIDGET_BUNDLE: string, WIDGET_ENTRY: string, ADMIN_BUNDLE: string, ADMIN_ENTRY: string }} */
  const paths = await import(compiledPaths);
  /** @type {Array<[entry: string, outfile: string]>} */
  const bundles = [
    [paths.WIDGET_ENTRY, paths.WIDGET_BUNDLE],
    [paths.ADMIN_ENTRY, paths.ADMIN_BUNDLE],
  ];
  for (const [entry, outfile] of bundles) {
    const file = await buildBundle({ entry, outfile });
    // On stderr: the commands that build first (npm run ask … --json) keep stdout for their own output.
    process.stderr.write(`Built ${path.relative(paths.PROJECT_ROOT, file)}\n`);
  }
}
