import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The folder of real files written by others (BPMN, PDF). DOCROUTE_CORPUS_DIR overrides the
 * default, which is `../shared/corpus` next to the repository.
 */
export const corpusDir = resolve(
  process.env.DOCROUTE_CORPUS_DIR ?? join(import.meta.dirname, '../../../../shared/corpus'),
);

/** Lists files under `sub` with `extension`, or skips the calling suite when the corpus is absent. */
export function corpusFiles(context: Mocha.Context, sub: string, extension: string): string[] {
  const folder = join(corpusDir, sub);
  if (!existsSync(folder)) {
    console.warn(`Skipping: corpus folder ${folder} not found; set DOCROUTE_CORPUS_DIR to it.`);
    context.skip();
  }
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.toLowerCase().endsWith(extension)) files.push(path);
    }
  };
  walk(folder);
  return files.sort();
}
