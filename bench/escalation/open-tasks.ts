import type { DataSource } from 'typeorm';
import type { EnginePort } from '../../service/src/engine/port.js';
import { BENCH_PROCESS_ID } from './escalation-process.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const insertBatch = 500;
/** Keys of the filler rows start here, far above the keys that the engine allocates. */
const fillerKeyBase = 9_000_000_000_000_000n;

/** Formats a time as both dialects store it: `YYYY-MM-DD HH:MM:SS.mmm` in UTC. */
export function sqlTime(instant: Date): string {
  return instant.toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * Starts `count` real instances whose review is due `dueInMinutes` after `now` (their reminder is
 * set 30 days later, outside the measured window), `concurrency` at a time.
 */
export async function startOverdueInstances(
  engine: EnginePort,
  now: Date,
  options: { count: number; dueInMinutes: number; concurrency: number },
): Promise<void> {
  const due = new Date(now.getTime() + options.dueInMinutes * MINUTE_MS).toISOString();
  const reminder = new Date(now.getTime() + 30 * DAY_MS).toISOString();
  let next = 0;
  const runner = async () => {
    while (next < options.count) {
      next += 1;
      await engine.createInstance({
        bpmnProcessId: BENCH_PROCESS_ID,
        variables: {
          unitId: `unit-${next % 50}`,
          reviewDueDate: due,
          reviewReminderAt: reminder,
          escalationLevels: 5,
          escalationInterval: 'P1D',
        },
      });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, runner));
}

/**
 * Inserts the timers of `count` further open tasks straight into `engine_timer`: a reminder and
 * an escalation cycle each, due between 1 and 30 days after `now`, so that none falls due in the
 * measured window. They stand for the open tasks that are not overdue; no instance backs them.
 */
export async function insertOpenTaskTimers(
  dataSource: DataSource,
  definitionKey: string,
  now: Date,
  count: number,
): Promise<void> {
  for (let first = 0; first < count; first += insertBatch) {
    const rows: unknown[] = [];
    const last = Math.min(count, first + insertBatch);
    for (let task = first; task < last; task += 1) {
      const dueAt = new Date(now.getTime() + DAY_MS + ((task * 7919) % (29 * DAY_MS)));
      const base = fillerKeyBase + BigInt(task) * 4n;
      const instance = String(base);
      const element = String(base + 1n);
      const reminderAt = sqlTime(new Date(dueAt.getTime() - DAY_MS / 2));
      rows.push(
        [
          base + 2n,
          definitionKey,
          BENCH_PROCESS_ID,
          'review-reminder',
          element,
          instance,
          instance,
        ],
        [reminderAt, null, null],
        [base + 3n, definitionKey, BENCH_PROCESS_ID, 'review-overdue', element, instance, instance],
        [sqlTime(dueAt), 5, 'P1D'],
      );
    }
    const values = rows.flat().map((value) => (typeof value === 'bigint' ? String(value) : value));
    const tuple = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
    const tuples = Array.from({ length: values.length / 10 }, () => tuple).join(', ');
    await dataSource.query(
      'INSERT INTO engine_timer (`key`, definition_key, bpmn_process_id, element_id, ' +
        'element_instance_key, process_instance_key, root_key, due_at, repeat_remaining, ' +
        `repeat_interval) VALUES ${tuples}`,
      values,
    );
  }
}
