// Bundles the widget into one file the server serves as /widget.js: no CDN, no runtime imports.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const WIDGET_BUNDLE = path.join(ROOT, 'dist', 'widget.js');

export async function buildWidget(): Promise<string> {
  await mkdir(path.dirname(WIDGET_BUNDLE), { recursive: true });
  await build({
    entryPoints: [path.join(ROOT, 'src', 'widget', 'widget.ts')],
    outfile: WIDGET_BUNDLE,
    bundle: true,
    format: 'iife',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return WIDGET_BUNDLE;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = await buildWidget();
  process.stdout.write(`Built ${path.relative(ROOT, file)}\n`);
}
