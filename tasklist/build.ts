/**
 * Bundles the staff task list (Preact and pdf.js) with esbuild into tasklist/dist. Run it with
 * `npm run build:tasklist`. The service also calls `ensureTasklistBundle`, so that a fresh clone
 * serves the task list without a separate build step.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { browserBundleOptions, newestModification } from '../scripts/front-end-build.js';

export const tasklistDir = import.meta.dirname;
export const tasklistDistDir = join(tasklistDir, 'dist');

const sourceDir = join(tasklistDir, 'src');

/** Files that the page loads besides the script, copied unchanged. */
const staticFiles = ['index.html', 'tasklist.css'];

/** Returns true when `outdir` lacks a file of the bundle or is older than a source file. */
export function isTasklistBundleStale(outdir = tasklistDistDir): boolean {
  const bundle = join(outdir, 'tasklist.js');
  const expected = [bundle, ...staticFiles.map((file) => join(outdir, file))];
  if (expected.some((file) => !existsSync(file))) return true;
  return newestModification(sourceDir) > statSync(bundle).mtimeMs;
}

/**
 * Builds the script and copies the page and its style sheet into `outdir`. The pdf.js worker,
 * fonts and character maps are not copied: the service serves them from node_modules.
 */
export async function buildTasklist(outdir = tasklistDistDir): Promise<void> {
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    entryPoints: { tasklist: join(sourceDir, 'main.tsx') },
    outdir,
    ...browserBundleOptions,
    // Splitting puts pdf.js, which only the task page imports, into a chunk of its own.
    splitting: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    metafile: true,
  });
  for (const file of staticFiles) copyFileSync(join(sourceDir, file), join(outdir, file));
  removeOldChunks(
    outdir,
    Object.keys(result.metafile.outputs).map((path) => basename(path)),
  );
}

/**
 * Deletes the scripts of earlier builds, whose chunk names carry another content hash. The folder
 * itself stays, because a running service may be serving from it.
 */
function removeOldChunks(outdir: string, current: string[]): void {
  const keep = new Set(current);
  for (const file of readdirSync(outdir)) {
    if (/\.js(\.map)?$/.test(file) && !keep.has(file)) rmSync(join(outdir, file), { force: true });
  }
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const started = Date.now();
  await buildTasklist();
  console.log(`task list bundle written to ${tasklistDistDir} in ${Date.now() - started} ms`);
}
