import type { EngineContext } from '../context.js';
import { flushStep } from './flush.js';
import { Step } from './step.js';
import { runAgenda } from './walker.js';

/** Keys reserved before a step so that most steps never reserve a block mid-transaction. */
const keysPerStep = 64;

/**
 * Runs one engine command as one transaction. `work` locks what it needs and queues actions,
 * then the token walk runs until every token waits and the changes are flushed. The step's
 * events (user task changes, job notifications, logs) go out only after commit.
 */
export async function runStep<T>(
  context: EngineContext,
  command: string,
  work: (step: Step) => Promise<T>,
): Promise<T> {
  const started = performance.now();
  await context.keys.ensure(keysPerStep);
  let committed: Step | undefined;
  const result = await context.database.transaction(async (tx) => {
    const step = new Step(tx, context);
    const value = await work(step);
    await runAgenda(step);
    await flushStep(step);
    committed = step;
    return value;
  });
  for (const callback of committed?.afterCommit ?? []) {
    try {
      callback();
    } catch (error) {
      context.logger.error({ err: error, command }, 'listener failed after an engine step');
    }
  }
  const durationMs = Math.round((performance.now() - started) * 100) / 100;
  context.logger.debug({ command, durationMs }, 'engine step done');
  return result;
}
