import type { DataSource } from 'typeorm';
import { readCount, sqlDateTime } from './sql-values.js';

/**
 * Counts of task-tracking assignments of one unit in each status. An assignment is one unit's
 * share of one task-tracking instance. It counts as finished once none of its report-progress
 * tasks is open, because the route opens a new report task after every report that is not
 * final. The last report's end against the due instant decides on time or late, as the route's
 * own record-completion step does.
 */
export interface TaskTrackingCounts {
  completedOnTime: number;
  completedLate: number;
  inProgressOnTime: number;
  inProgressOverdue: number;
  total: number;
}

export interface UnitTaskTracking extends TaskTrackingCounts {
  unitId: string;
  code: string;
  name: string;
}

export interface TaskTrackingReport {
  organId: string;
  at: Date;
  units: UnitTaskTracking[];
  totals: TaskTrackingCounts;
}

export interface TaskTrackingFilter {
  organId: string;
  /** Only these units, for a unit leader; every unit of the agency when absent. */
  unitIds?: readonly string[];
  processInstanceKey?: string;
}

interface StatusRow {
  unit_id: string;
  code: string;
  name: string;
  completed_on_time: unknown;
  completed_late: unknown;
  in_progress_on_time: unknown;
  in_progress_overdue: unknown;
}

// NOTE: between a report that is not final and the projection of the next report task, the
// assignment has no open task and reads as finished for that moment.
/**
 * One row per unit and task-tracking instance: its open and canceled report-progress tasks, the
 * last report's end and the due instant. An assignment whose tasks were canceled (the instance
 * was cancelled) counts in no status.
 */
const ASSIGNMENTS_SQL = `
  SELECT t.unit_id AS unit_id,
         SUM(CASE WHEN t.state = 'open' THEN 1 ELSE 0 END) AS open_count,
         SUM(CASE WHEN t.state = 'canceled' THEN 1 ELSE 0 END) AS canceled_count,
         MAX(t.ended_at) AS done_at,
         MAX(t.due_at) AS due_at
    FROM tasks t
    JOIN org_units u ON u.id = t.unit_id
   WHERE t.bpmn_process_id = 'task-tracking'
     AND t.element_id = 'report-progress'
     AND u.organ_id = ?
     %FILTERS%
   GROUP BY t.unit_id, t.process_instance_key`;

const STATUS_SQL = `
  SELECT a.unit_id AS unit_id, u.code AS code, u.name AS name,
         SUM(CASE WHEN a.open_count = 0 AND a.canceled_count = 0
                   AND (a.due_at IS NULL OR a.done_at <= a.due_at) THEN 1 ELSE 0 END)
           AS completed_on_time,
         SUM(CASE WHEN a.open_count = 0 AND a.canceled_count = 0
                   AND a.done_at > a.due_at THEN 1 ELSE 0 END) AS completed_late,
         SUM(CASE WHEN a.open_count > 0 AND (a.due_at IS NULL OR a.due_at >= ?)
                  THEN 1 ELSE 0 END) AS in_progress_on_time,
         SUM(CASE WHEN a.open_count > 0 AND a.due_at < ? THEN 1 ELSE 0 END)
           AS in_progress_overdue
    FROM (%ASSIGNMENTS%) a
    JOIN org_units u ON u.id = a.unit_id
   GROUP BY a.unit_id, u.code, u.name
   ORDER BY u.code`;

function emptyCounts(): TaskTrackingCounts {
  return {
    completedOnTime: 0,
    completedLate: 0,
    inProgressOnTime: 0,
    inProgressOverdue: 0,
    total: 0,
  };
}

function countsOf(row: StatusRow): TaskTrackingCounts {
  const counts = {
    completedOnTime: readCount(row.completed_on_time),
    completedLate: readCount(row.completed_late),
    inProgressOnTime: readCount(row.in_progress_on_time),
    inProgressOverdue: readCount(row.in_progress_overdue),
  };
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return { ...counts, total };
}

/**
 * Counts task-tracking assignments per unit in each of the four statuses, in one aggregate
 * query over the report-progress tasks.
 */
export async function loadTaskTracking(
  dataSource: DataSource,
  filter: TaskTrackingFilter,
  now: Date,
): Promise<TaskTrackingReport> {
  const filters: string[] = [];
  const filterValues: unknown[] = [];
  if (filter.unitIds) {
    if (filter.unitIds.length === 0) {
      return { organId: filter.organId, at: now, units: [], totals: emptyCounts() };
    }
    filters.push(`AND t.unit_id IN (${filter.unitIds.map(() => '?').join(', ')})`);
    filterValues.push(...filter.unitIds);
  }
  if (filter.processInstanceKey !== undefined) {
    filters.push('AND t.process_instance_key = ?');
    filterValues.push(filter.processInstanceKey);
  }

  const sql = STATUS_SQL.replace(
    '%ASSIGNMENTS%',
    ASSIGNMENTS_SQL.replace('%FILTERS%', filters.join(' ')),
  );
  const at = sqlDateTime(now);
  // The placeholders run in text order: the two `now` values of the outer SELECT come first.
  const rows: StatusRow[] = await dataSource.query(sql, [at, at, filter.organId, ...filterValues]);

  const units = rows.map((row) => ({
    unitId: row.unit_id,
    code: row.code,
    name: row.name,
    ...countsOf(row),
  }));
  const totals = emptyCounts();
  for (const unit of units) {
    for (const key of Object.keys(totals) as Array<keyof TaskTrackingCounts>) {
      totals[key] += unit[key];
    }
  }
  return { organId: filter.organId, at: now, units, totals };
}
