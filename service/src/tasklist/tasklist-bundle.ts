import type { Logger } from 'pino';
import { buildTasklist, isTasklistBundleStale, tasklistDistDir } from '../../../tasklist/build.js';

export { tasklistDistDir };

let pending: Promise<void> | undefined;

/**
 * Builds tasklist/dist when it is missing or older than its sources, so that a fresh clone serves
 * the task list without a separate build step. Concurrent callers share one build.
 */
export function ensureTasklistBundle(logger: Logger): Promise<void> {
  if (pending) return pending;
  if (!isTasklistBundleStale()) return Promise.resolve();
  const started = Date.now();
  pending = buildTasklist()
    .then(() => logger.info({ durationMs: Date.now() - started }, 'task list bundle built'))
    .finally(() => {
      pending = undefined;
    });
  return pending;
}
