// The widget runs on other people's pages: its bundle may hold its own code, the shared protocol
// and date formatting, and its two libraries, and nothing of the server's.
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, WIDGET_ENTRY } from '../../src/paths.ts';

const SHARED_WITH_THE_BROWSER = ['src/widget/', 'src/protocol/', 'src/dates/', 'node_modules/zod/', 'node_modules/eventsource-parser/'];

describe('the widget bundle', () => {
  it('imports only the widget, the protocol, date formatting, zod/mini and eventsource-parser', async () => {
    const { metafile } = await build({ entryPoints: [WIDGET_ENTRY], bundle: true, write: false, metafile: true, format: 'iife', logLevel: 'silent' });
    const inputs = Object.keys(metafile.inputs).map((input) => path.relative(PROJECT_ROOT, path.resolve(PROJECT_ROOT, input)));
    expect(inputs.some((input) => input.startsWith('src/protocol/'))).toBe(true);
    expect(inputs.some((input) => input.startsWith('node_modules/eventsource-parser/'))).toBe(true);
    expect(inputs.filter((input) => !SHARED_WITH_THE_BROWSER.some((allowed) => input.startsWith(allowed)))).toEqual([]);
  });
});
