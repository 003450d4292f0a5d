import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';

/** esbuild options of both browser bundles, the modeler and the task list. */
export const browserBundleOptions = {
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: 'es2022',
  logLevel: 'warning',
} as const satisfies BuildOptions;

/** Returns the latest modification time, in epoch milliseconds, of the files below `dir`. */
export function newestModification(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestModification(path) : statSync(path).mtimeMs;
    newest = Math.max(newest, time);
  }
  return newest;
}
