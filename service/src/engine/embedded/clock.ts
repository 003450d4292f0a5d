/** The engine's source of the current time, replaceable so tests can move time by hand. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that moves only through `advance(ms)` and `set(date)`. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date = new Date('2026-01-05T08:00:00.000Z')) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`cannot advance the clock by ${ms} ms: use a non-negative number`);
    }
    this.current += ms;
  }

  set(date: Date): void {
    this.current = date.getTime();
  }
}
