import { addIsoDuration, InvalidTimerError, parseIsoDateTime, parseIsoDuration } from './iso.js';

export type TimerType = 'date' | 'duration' | 'cycle';

/** The repetitions of a cycle timer that follow a firing. */
export interface TimerRepeat {
  /** Firings left after the one planned; null for an unbounded cycle (`R/PT1H`). */
  remaining: number | null;
  /** ISO 8601 duration between two firings. */
  interval: string;
}

/** When a timer fires next, and for a cycle, how it repeats afterwards. */
export interface TimerPlan {
  dueAt: Date;
  /** Cycle timers only, also when no firing remains after this one (`remaining` 0). */
  repeat?: TimerRepeat;
}

/** A parsed `R<n>/[<start>/]<interval>` cycle. */
export interface TimerCycle {
  /** Total number of firings; null for `R/` (unbounded). */
  repetitions: number | null;
  start?: Date;
  interval: string;
}

const CYCLE_FORM = 'R<count>/<duration> or R<count>/<start date-time>/<duration>, such as R3/PT1H';

/**
 * Parses an ISO 8601 repeating interval. Throws InvalidTimerError for anything else, cron
 * expressions included.
 */
export function parseTimerCycle(text: string): TimerCycle {
  const parts = text.trim().split('/');
  const count = /^R(\d*)$/.exec(parts[0] ?? '');
  if (!count || parts.length < 2 || parts.length > 3) {
    // NOTE: Zeebe also accepts cron expressions as a time cycle; this engine does not.
    throw new InvalidTimerError(`Invalid time cycle '${text}': expected ${CYCLE_FORM}`, {
      value: text,
    });
  }
  const repetitions = count[1] === '' ? null : Number(count[1]);
  if (repetitions === 0) {
    throw new InvalidTimerError(
      `Invalid time cycle '${text}': R0 never fires; use a repetition count of at least 1`,
      { value: text },
    );
  }
  const interval = parts[parts.length - 1]!;
  parseIsoDuration(interval);
  const start = parts.length === 3 ? parseIsoDateTime(parts[1]!) : undefined;
  return start ? { repetitions, start, interval } : { repetitions, interval };
}

/**
 * Plans the first firing of a timer from its evaluated value: a date fires at that instant, a
 * duration after `from`, and a cycle at its start date or one interval after `from`. Accepts
 * strings (literal, or FEEL results converted to strings) and Date objects for dates.
 */
export function planTimer(type: TimerType, value: unknown, from: Date): TimerPlan {
  if (type === 'date') {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return { dueAt: value };
    return { dueAt: parseIsoDateTime(requireText(type, value)) };
  }
  if (type === 'duration') {
    return { dueAt: addIsoDuration(from, requireText(type, value)) };
  }
  const cycle = parseTimerCycle(requireText(type, value));
  const remaining = cycle.repetitions === null ? null : cycle.repetitions - 1;
  const dueAt = cycle.start ?? addIsoDuration(from, cycle.interval);
  return { dueAt, repeat: { remaining, interval: cycle.interval } };
}

/**
 * Plans the firing after one of a cycle, one interval after `from` (the moment the last firing
 * happened, so that missed firings during downtime are not replayed). Returns undefined when
 * no firing remains.
 */
export function nextFiring(repeat: TimerRepeat, from: Date): TimerPlan | undefined {
  if (repeat.remaining !== null && repeat.remaining <= 0) return undefined;
  const remaining = repeat.remaining === null ? null : repeat.remaining - 1;
  return {
    dueAt: addIsoDuration(from, repeat.interval),
    repeat: { remaining, interval: repeat.interval },
  };
}

function requireText(type: TimerType, value: unknown): string {
  if (typeof value === 'string') return value;
  const expected =
    type === 'date'
      ? 'an ISO 8601 date-time with a zone offset'
      : type === 'duration'
        ? 'an ISO 8601 duration such as PT4H'
        : `a cycle such as ${CYCLE_FORM}`;
  throw new InvalidTimerError(
    `Invalid timer ${type} ${JSON.stringify(value) ?? String(value)}: expected ${expected}`,
    { value },
  );
}
