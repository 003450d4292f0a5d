import type { Logger } from 'pino';
import { buildModeler, isModelerBundleStale, modelerDistDir } from '../../../modeler/build.js';

export { modelerDistDir };

let pending: Promise<void> | undefined;

/**
 * Builds modeler/dist when it is missing or older than its sources, so that a fresh clone serves
 * the modeler without a separate build step. Concurrent callers share one build.
 */
export function ensureModelerBundle(logger: Logger): Promise<void> {
  if (pending) return pending;
  if (!isModelerBundleStale()) return Promise.resolve();
  const started = Date.now();
  pending = buildModeler()
    .then(() => logger.info({ durationMs: Date.now() - started }, 'modeler bundle built'))
    .finally(() => {
      pending = undefined;
    });
  return pending;
}
