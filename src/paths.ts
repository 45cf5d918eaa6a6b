// Where the project's own files are. This module sits one level under the project root both as
// TypeScript source (src/) and compiled (dist/), so every path is found from its own place.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The prompts that ship with the project. */
export const PROMPTS_DIR = path.join(PROJECT_ROOT, 'prompts');
/** The widget's TypeScript entry point, which esbuild bundles. */
export const WIDGET_ENTRY = path.join(PROJECT_ROOT, 'src', 'widget', 'widget.ts');
/** The bundled widget the server sends as /widget.js (built by `npm run build`). */
export const WIDGET_BUNDLE = path.join(PROJECT_ROOT, 'dist', 'public', 'widget.js');
/** The owner's dashboard script (with uPlot), its entry point and its bundle with the stylesheet beside it. */
export const ADMIN_ENTRY = path.join(PROJECT_ROOT, 'src', 'admin', 'dashboard.ts');
export const ADMIN_BUNDLE = path.join(PROJECT_ROOT, 'dist', 'public', 'admin.js');
export const ADMIN_STYLES = path.join(PROJECT_ROOT, 'dist', 'public', 'admin.css');

/** True when this code runs as TypeScript source (under vitest or tsx), false when compiled to JavaScript. */
export const RUNNING_SOURCE = import.meta.url.endsWith('.ts');

/**
 * A module of this project, named by its path under src/ without extension, as this run loads it:
 * the .ts source when running source, the compiled .js otherwise.
 * @example ownModule('cli/main') // file:///…/dist/cli/main.js under `npm start`
 */
export function ownModule(pathUnderSrc: string): URL {
  return new URL(`./${pathUnderSrc}.${RUNNING_SOURCE ? 'ts' : 'js'}`, import.meta.url);
}

/** Node's arguments for a child process that runs one of ownModule's files: source needs tsx's loader, a dev dependency. */
export const CHILD_NODE_ARGUMENTS: readonly string[] = RUNNING_SOURCE ? ['--import', 'tsx'] : [];
