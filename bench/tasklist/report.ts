import { availableParallelism } from 'node:os';
import { PAGE_KINDS, summarise, type PageKind, type Percentiles } from './list-timing.js';
import type { TaskListBenchOptions } from './options.js';
import type { DatabaseFigures } from './run-database.js';

/** p99 of every timed page must stay under this. */
export const PAGE_P99_TARGET_MS = 20;

const ROLES = ['agency_leader', 'clerk', 'unit_leader', 'specialist'] as const;

const number = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function figuresOf(result: DatabaseFigures, kind: PageKind, role?: string): Percentiles {
  return summarise(
    result.samples.filter((sample) => sample.kind === kind && (!role || sample.role === role)),
  );
}

export function formatDatabase(result: DatabaseFigures): string {
  const { load, check } = result;
  const lines = [
    `== ${result.version}`,
    `projection check     ${check.tasks} tasks and ${check.inboxRows} inbox rows written by TaskProjection.apply equal the bulk rows`,
    `bulk load            ${number(load.tasks)} tasks, ${number(load.inboxRows)} inbox rows, ${number(load.documents)} documents in ${number(load.seconds, 1)} s (${number(load.tasks / load.seconds)} tasks/s); task_inbox holds ${number(result.inboxRowsInTable)} rows`,
    `pages                ${number(result.samples.length)} timed in ${number(result.pagesSeconds, 1)} s, one at a time`,
    `page                 samples   p50 ms   p99 ms   max ms   items  p99 by role (agency leader / clerk / unit leader / specialist)`,
  ];
  for (const kind of Object.keys(PAGE_KINDS) as PageKind[]) {
    const all = figuresOf(result, kind);
    const byRole = ROLES.map((role) => {
      const figures = figuresOf(result, kind, role);
      return figures.count === 0 ? '-' : number(figures.p99Ms, 1);
    }).join(' / ');
    lines.push(
      `${kind.padEnd(20)} ${String(all.count).padStart(7)} ${number(all.p50Ms, 2).padStart(8)} ${number(all.p99Ms, 2).padStart(8)} ${number(all.maxMs, 1).padStart(8)} ${number(all.meanItems, 1).padStart(7)}  ${byRole}`,
    );
  }
  const done = result.completions;
  if (done) {
    lines.push(
      `completions          ${number(done.completed)} of ${number(done.instances)} by ${done.users} users at once: ${number(done.completionsPerSecond, 1)}/s, p50 ${number(done.p50Ms, 1)} ms, p99 ${number(done.p99Ms, 1)} ms, max ${number(done.maxMs, 1)} ms`,
    );
  }
  return lines.join('\n');
}

export function formatTargets(results: DatabaseFigures[]): string[] {
  return results.flatMap((result) =>
    (Object.keys(PAGE_KINDS) as PageKind[]).map((kind) => {
      const { p99Ms } = figuresOf(result, kind);
      const met = p99Ms < PAGE_P99_TARGET_MS ? 'met' : 'MISSED';
      return `target ${result.database} ${kind} p99 < ${PAGE_P99_TARGET_MS} ms: ${met} (${number(p99Ms, 2)})`;
    }),
  );
}

/** Builds one JSON object with every figure of the run, printed as the report's last line. */
export function headline(
  options: TaskListBenchOptions,
  startedAt: Date,
  load: { start: number; end: number },
  results: DatabaseFigures[],
): Record<string, unknown> {
  const round = (value: number, digits = 2) => Number(value.toFixed(digits));
  const perDatabase: Record<string, unknown> = {};
  for (const result of results) {
    const pages: Record<string, unknown> = {};
    for (const kind of Object.keys(PAGE_KINDS) as PageKind[]) {
      const figures = figuresOf(result, kind);
      pages[kind] = {
        samples: figures.count,
        p50Ms: round(figures.p50Ms),
        p99Ms: round(figures.p99Ms),
        maxMs: round(figures.maxMs),
        meanItems: round(figures.meanItems, 1),
        p99MsByRole: Object.fromEntries(
          ROLES.map((role) => [role, round(figuresOf(result, kind, role).p99Ms)]),
        ),
      };
    }
    const done = result.completions;
    perDatabase[result.database] = {
      version: result.version,
      checkedTasks: result.check.tasks,
      loadedTasks: result.load.tasks + result.check.tasks,
      inboxRows: result.inboxRowsInTable,
      loadSeconds: round(result.load.seconds, 1),
      pages,
      completions: done
        ? {
            instances: done.instances,
            users: done.users,
            completed: done.completed,
            perSecond: round(done.completionsPerSecond, 1),
            p50Ms: round(done.p50Ms, 1),
            p99Ms: round(done.p99Ms, 1),
            maxMs: round(done.maxMs, 1),
          }
        : null,
    };
  }
  return {
    benchmark: 'tasklist',
    date: startedAt.toISOString(),
    cpus: availableParallelism(),
    node: process.version,
    tasks: options.tasks,
    users: options.users,
    units: options.units,
    sampledUsers: options.sampledUsers,
    rounds: options.rounds,
    loadAverage: load,
    targetP99Ms: PAGE_P99_TARGET_MS,
    ...perDatabase,
  };
}
