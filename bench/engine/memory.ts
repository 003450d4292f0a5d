import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// Exposes V8's `gc` without asking the caller for `node --expose-gc`: the flag takes effect for
// contexts created after it is set, so a fresh context returns the function.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as (options?: unknown) => void;

export interface MemorySnapshot {
  rssBytes: number;
  heapUsedBytes: number;
}

/** Runs full garbage collections until the used heap stops shrinking, then reads memory use. */
export async function settledMemory(): Promise<MemorySnapshot> {
  let previous = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round += 1) {
    // Lets pending callbacks finish so that what they hold can be collected.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    const used = process.memoryUsage().heapUsed;
    if (used >= previous * 0.999) break;
    previous = used;
  }
  const usage = process.memoryUsage();
  return { rssBytes: usage.rss, heapUsedBytes: usage.heapUsed };
}

/** Peak resident set size of this process since it started, in bytes. */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export function toMegabytes(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}
