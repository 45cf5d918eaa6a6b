// @ts-check
// Bundles the widget into one file the server serves as /widget.js: no CDN, no runtime imports.
// Plain JavaScript, run by `npm run build` after tsc, from whose output it takes the paths.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles the widget's entry point into one minified script.
 * @param {{ entry: string, outfile: string }} files
 * @returns {Promise<string>} the bundle's path
 */
export async function buildWidget({ entry, outfile }) {
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
  /** @type {{ PROJECT_ROOT: string, WIDGET_BUNDLE: string, WIDGET_ENTRY: string }} */
  const { PROJECT_ROOT, WIDGET_BUNDLE, WIDGET_ENTRY } = await import(compiledPaths);
  const file = await buildWidget({ entry: WIDGET_ENTRY, outfile: WIDGET_BUNDLE });
  // On stderr: the commands that build first (npm run ask … --json) keep stdout for their own output.
  process.stderr.write(`Built ${path.relative(PROJECT_ROOT, file)}\n`);
}
