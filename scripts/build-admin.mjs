// @ts-check
// Bundles the owner's dashboard (with uPlot and its stylesheet) into dist/public/admin.js and admin.css,
// which the server sends under /admin/assets/ to signed-in owners only: no CDN.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * @param {{ entry: string, outfile: string }} files  outfile is the script; the stylesheet is written beside it
 * @returns {Promise<string>} the script's path
 */
export async function buildAdmin({ entry, outfile }) {
  await mkdir(path.dirname(outfile), { recursive: true });
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'iife',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const compiledPaths = '../dist/paths.js';
  /** @type {{ PROJECT_ROOT: string, ADMIN_BUNDLE: string, ADMIN_ENTRY: string }} */
  const { PROJECT_ROOT, ADMIN_BUNDLE, ADMIN_ENTRY } = await import(compiledPaths);
  const file = await buildAdmin({ entry: ADMIN_ENTRY, outfile: ADMIN_BUNDLE });
  process.stdout.write(`Built ${path.relative(PROJECT_ROOT, file)}\n`);
}
