import type { EngineContext } from './context.js';
import { startProcessInstance } from './runtime/instances.js';
import { runStep } from './runtime/run-step.js';
import type { Step } from './runtime/step.js';
import { placeholders } from './store/dialect.js';
import { nextFiring } from './timers/index.js';
import { repeatColumns } from './runtime/timers.js';

const timerBatchSize = 100;
/** Timers fired in one transaction; one commit per timer would bound throughput by fsyncs. */
const timersPerStep = 25;
const expiredMessageBatchSize = 500;

interface TimerRow {
  key: unknown;
  definition_key: unknown;
  element_id: string;
  element_instance_key: unknown;
  process_instance_key: unknown;
  root_key: unknown;
  due_at: unknown;
  repeat_remaining: unknown;
  repeat_interval: string | null;
}

interface DueTimer {
  key: string;
  rootKey: string | null;
}

/** Fires due timers (in batches, one transaction each) and removes expired messages. */
// NOTE: due timers are read without SKIP LOCKED, so two engine processes can pick the same timer.
// The root lock and the re-read let only the first fire it, and the second waits for that lock.
export async function runDueWork(context: EngineContext): Promise<number> {
  const now = context.clock.now();
  const due = await context.database.read((tx) =>
    tx.query<{ key: unknown; root_key: unknown }>(
      `SELECT \`key\`, root_key FROM engine_timer WHERE due_at <= ? ORDER BY due_at, \`key\` LIMIT ${timerBatchSize}`,
      [tx.dialect.time(now)],
    ),
  );
  const timers = due.map((row) => ({
    key: String(row.key),
    rootKey: row.root_key === null ? null : String(row.root_key),
  }));
  let fired = 0;
  for (const batch of batchesByRoot(timers)) fired += await fireTimers(context, batch);
  await removeExpiredMessages(context);
  context.logger.trace({ due: due.length, fired }, 'scheduler poll');
  return fired;
}

/**
 * Splits due timers into batches with at most one timer per root instance, each sorted by root
 * key. One timer per root keeps a batch equal to firing its timers one by one, because the first
 * firing could end the element that owns the second. Sorting makes every batch take its root
 * locks in one order, so two batches do not wait for each other's roots in a cycle.
 */
function batchesByRoot(timers: DueTimer[]): DueTimer[][] {
  const batches: Array<{ roots: Set<string>; timers: DueTimer[] }> = [];
  for (const timer of timers) {
    const root = timer.rootKey ?? `timer:${timer.key}`;
    let batch = batches.find(
      (candidate) => !candidate.roots.has(root) && candidate.timers.length < timersPerStep,
    );
    if (!batch) {
      batch = { roots: new Set(), timers: [] };
      batches.push(batch);
    }
    batch.roots.add(root);
    batch.timers.push(timer);
  }
  return batches.map((batch) =>
    batch.timers.sort((a, b) => (a.rootKey ?? '').localeCompare(b.rootKey ?? '')),
  );
}

/**
 * Fires a batch of timers in one step. When the step fails, each timer is fired in a step of its
 * own, so that one failing timer neither blocks the others nor hides which timer failed.
 */
async function fireTimers(context: EngineContext, batch: DueTimer[]): Promise<number> {
  if (batch.length > 1) {
    try {
      return await runStep(context, 'fireTimers', async (step) => {
        let fired = 0;
        for (const timer of batch) if (await fireTimerInStep(context, step, timer.key)) fired += 1;
        return fired;
      });
    } catch (error) {
      context.logger.warn(
        { err: error, timers: batch.length },
        'firing a batch of timers failed; firing them one by one',
      );
    }
  }
  let fired = 0;
  for (const timer of batch) {
    if (await runStep(context, 'fireTimer', (step) => fireTimerInStep(context, step, timer.key))) {
      fired += 1;
    }
  }
  return fired;
}

async function readTimer(step: Step, key: string, lock: boolean): Promise<TimerRow | undefined> {
  const rows = await step.tx.query<TimerRow>(
    `SELECT * FROM engine_timer WHERE \`key\` = ?${lock ? step.dialect.forUpdateSkipLocked : ''}`,
    [key],
  );
  return rows[0];
}

/** Moves a repeating timer to its next firing from now, or deletes a timer that is done. */
function rescheduleOrDelete(step: Step, timer: TimerRow, repeats: boolean): void {
  const plan =
    repeats && timer.repeat_interval !== null
      ? nextFiring(
          {
            remaining: timer.repeat_remaining === null ? null : Number(timer.repeat_remaining),
            interval: timer.repeat_interval,
          },
          step.now,
        )
      : undefined;
  if (!plan) {
    step.deleteWhere('engine_timer', '`key`', String(timer.key));
    return;
  }
  const columns = repeatColumns(plan);
  step.execute(
    'UPDATE engine_timer SET due_at = ?, repeat_remaining = ?, repeat_interval = ? WHERE `key` = ?',
    [
      step.dialect.time(plan.dueAt),
      columns.repeat_remaining,
      columns.repeat_interval,
      String(timer.key),
    ],
  );
}

/** Fires one timer after re-reading it under its instance's lock; false when already gone. */
async function fireTimerInStep(context: EngineContext, step: Step, key: string): Promise<boolean> {
  const first = await readTimer(step, key, false);
  if (!first) return false;
  if (first.root_key !== null) await step.lockRoot(String(first.root_key));
  const timer = await readTimer(step, key, first.root_key === null);
  if (!timer || step.dialect.parseTime(timer.due_at) > step.now) return false;
  if (timer.root_key === null) {
    const { row, model } = await context.definitions.get(step.tx, String(timer.definition_key));
    await startProcessInstance(step, row, model, { startEventId: timer.element_id });
    rescheduleOrDelete(step, timer, true);
    return true;
  }
  const instanceKey = String(timer.process_instance_key);
  const element = step.modelOf(instanceKey).elements[timer.element_id];
  rescheduleOrDelete(step, timer, element?.interrupting === false);
  step.agenda.push({
    type: 'trigger',
    ownerKey: String(timer.element_instance_key),
    elementId: timer.element_id,
    processInstanceKey: instanceKey,
  });
  return true;
}

async function removeExpiredMessages(context: EngineContext): Promise<void> {
  await context.database.transaction(async (tx) => {
    const expired = await tx.query<{ key: unknown }>(
      `SELECT \`key\` FROM engine_message WHERE expires_at <= ? LIMIT ${expiredMessageBatchSize}`,
      [tx.dialect.time(context.clock.now())],
    );
    if (expired.length === 0) return;
    const keys = expired.map((row) => String(row.key));
    const list = placeholders(keys.length);
    await tx.execute(`DELETE FROM engine_message_correlation WHERE message_key IN (${list})`, keys);
    await tx.execute(`DELETE FROM engine_message WHERE \`key\` IN (${list})`, keys);
  });
}
