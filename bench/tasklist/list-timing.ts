/**
 * Times task list pages through `TaskListService`, the code behind GET /api/tasks, with the query
 * string parsed by the router's own parser.
 */
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { foldText } from '../../service/src/documents/index.js';
import { TaskListService, type TaskUser } from '../../service/src/tasks/index.js';
// The router's query parser is internal to the tasks area.
import { parseTaskQuery } from '../../service/src/tasks/task-query.js';
import type { BenchOrganisation, BenchUser } from './organisation.js';
import { COMMON_TOPIC, RARE_PLACE } from './task-specs.js';

/** The pages timed for each sampled user, as GET /api/tasks query strings. */
export const PAGE_KINDS = {
  first: {},
  next: {},
  'urgent-overdue': { urgency: '1,2,3,4', overdue: 'true' },
  text: { text: COMMON_TOPIC },
  'text-rare': { text: RARE_PLACE },
} as const satisfies Record<string, Record<string, string>>;

export type PageKind = keyof typeof PAGE_KINDS;

export interface Sample {
  kind: PageKind;
  role: string;
  ms: number;
  items: number;
}

export interface Percentiles {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanItems: number;
}

export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

export function summarise(samples: Sample[]): Percentiles {
  const sorted = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  const items = samples.reduce((sum, sample) => sum + sample.items, 0);
  return {
    count: samples.length,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
    meanItems: samples.length === 0 ? 0 : items / samples.length,
  };
}

/**
 * Picks the users to time: every agency leader and clerk, whose group inboxes are the largest,
 * then users drawn at random until there are `count`.
 */
export function sampleUsers(
  organisation: BenchOrganisation,
  count: number,
  random: () => number,
): BenchUser[] {
  const heavy = organisation.agencies.flatMap((agency) => [
    ...agency.agencyLeaders,
    ...agency.clerks,
  ]);
  const chosen = new Set(heavy.slice(0, count));
  const others = organisation.users.filter((user) => !chosen.has(user));
  while (chosen.size < count && others.length > 0) {
    const index = Math.floor(random() * others.length);
    chosen.add(others[index]!);
    others.splice(index, 1);
  }
  return [...chosen];
}

function taskUserOf(user: BenchUser): TaskUser {
  return {
    id: user.id,
    unitId: user.unitId,
    organId: user.organId,
    roles: user.roles,
    clearance: user.clearance,
  };
}

/**
 * Times every page kind for every user, `rounds` times over, after `warmUp` untimed first pages.
 * The next page uses the cursor of the user's first page in the same round.
 */
export async function timePages(
  dataSource: DataSource,
  users: BenchUser[],
  rounds: number,
  now: Date,
): Promise<Sample[]> {
  const service = new TaskListService(dataSource, () => now);
  const page = (user: BenchUser, query: Record<string, string>) =>
    service.list(taskUserOf(user), parseTaskQuery(query, foldText));
  for (const user of users.slice(0, 20)) await page(user, {});
  const samples: Sample[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const user of users) {
      let cursor: string | null = null;
      for (const [kind, query] of Object.entries(PAGE_KINDS) as Array<
        [PageKind, Record<string, string>]
      >) {
        if (kind === 'next' && cursor === null) continue;
        const started = performance.now();
        const result = await page(user, kind === 'next' ? { cursor: cursor! } : query);
        const ms = performance.now() - started;
        if (kind === 'first') cursor = result.nextCursor;
        samples.push({ kind, role: user.roles[0]!, ms, items: result.items.length });
      }
    }
  }
  return samples;
}
