/**
 * Counts steps and keeps each step's latency in milliseconds. A step is one engine command that
 * the caller awaited until the engine acknowledged it. The elapsed time is the sum of the
 * intervals between each `start()` and the following `stop()`.
 */
export class StepRecorder {
  private readonly latencies: number[] = [];
  private startedAt = 0;
  private elapsedMs = 0;

  start(): void {
    this.startedAt = performance.now();
  }

  stop(): void {
    this.elapsedMs += performance.now() - this.startedAt;
  }

  /** Awaits `command` and records its latency as one step. */
  async time<T>(command: () => Promise<T>): Promise<T> {
    const begin = performance.now();
    const result = await command();
    this.latencies.push(performance.now() - begin);
    return result;
  }

  record(latencyMs: number): void {
    this.latencies.push(latencyMs);
  }

  get steps(): number {
    return this.latencies.length;
  }

  get elapsedSeconds(): number {
    return this.elapsedMs / 1000;
  }

  summarize(): StepSummary {
    const sorted = Float64Array.from(this.latencies).sort();
    return {
      steps: sorted.length,
      seconds: this.elapsedSeconds,
      stepsPerSecond: sorted.length / this.elapsedSeconds,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      maxMs: sorted.length > 0 ? sorted[sorted.length - 1] : Number.NaN,
    };
  }
}

export interface StepSummary {
  steps: number;
  seconds: number;
  stepsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Nearest-rank percentile of an ascending array; NaN when it is empty. */
function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(rank, 1)) - 1];
}
