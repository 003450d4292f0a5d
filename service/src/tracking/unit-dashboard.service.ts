import type { DataSource } from 'typeorm';
import { NotFoundError } from '../errors/index.js';
import { loadUserNames, readCount, sqlDateTime } from './sql-values.js';

/** Open items split by whether their due instant has passed; items with no due date are on time. */
export interface OpenCounts {
  open: number;
  onTime: number;
  overdue: number;
}

export interface UnitCounts extends OpenCounts {
  unitId: string;
  code: string;
  name: string;
  parentUnitId: string | null;
}

export interface AgencyDashboard {
  organId: string;
  at: Date;
  units: UnitCounts[];
  /** Open items of the agency that belong to no unit, such as the agency leaders' tasks. */
  withoutUnit: OpenCounts;
}

export interface PersonCounts extends OpenCounts {
  userId: string;
  fullName: string | null;
  /** False for a holder from outside the unit, such as a delegate. */
  member: boolean;
}

export interface UnitDashboard {
  at: Date;
  unit: UnitCounts & { organId: string };
  people: PersonCounts[];
  /** Open items of the unit that wait in a candidate group with no assignee. */
  unassigned: OpenCounts;
}

interface UnitRow {
  id: string;
  organ_id: string;
  code: string;
  name: string;
  parent_unit_id: string | null;
}

interface CountRow {
  bucket: string | null;
  open_count: unknown;
  overdue_count: unknown;
}

const OVERDUE_SUM = 'SUM(CASE WHEN t.due_at < :now THEN 1 ELSE 0 END)';

function countsOf(row: CountRow | undefined): OpenCounts {
  const open = readCount(row?.open_count);
  const overdue = readCount(row?.overdue_count);
  return { open, onTime: open - overdue, overdue };
}

/** Counts the open tasks of `where`, grouped by `groupBy`, in one aggregate query. */
function countOpenTasks(
  dataSource: DataSource,
  groupBy: string,
  where: string,
  parameters: Record<string, unknown>,
  now: Date,
): Promise<CountRow[]> {
  return dataSource
    .createQueryBuilder()
    .select([`${groupBy} AS bucket`, 'COUNT(*) AS open_count', `${OVERDUE_SUM} AS overdue_count`])
    .from('tasks', 't')
    .where("t.state = 'open'")
    .andWhere(where, { ...parameters, now: sqlDateTime(now) })
    .groupBy(groupBy)
    .getRawMany();
}

function unitCounts(unit: UnitRow, counts: OpenCounts): UnitCounts {
  return {
    unitId: unit.id,
    code: unit.code,
    name: unit.name,
    parentUnitId: unit.parent_unit_id,
    ...counts,
  };
}

async function unitsOfAgency(dataSource: DataSource, organId: string): Promise<UnitRow[]> {
  return dataSource
    .createQueryBuilder()
    .select(['u.id AS id', 'u.organ_id AS organ_id', 'u.code AS code', 'u.name AS name'])
    .addSelect('u.parent_unit_id', 'parent_unit_id')
    .from('org_units', 'u')
    .where('u.organ_id = :organId', { organId })
    .orderBy('u.code', 'ASC')
    .getRawMany();
}

/**
 * Counts the open, on-time and overdue tasks of each unit of an agency, units with none
 * included. `unitIds` narrows the units listed, for a unit leader.
 */
export async function loadAgencyDashboard(
  dataSource: DataSource,
  organId: string,
  now: Date,
  unitIds?: readonly string[],
): Promise<AgencyDashboard> {
  const units = (await unitsOfAgency(dataSource, organId)).filter(
    (unit) => !unitIds || unitIds.includes(unit.id),
  );
  const perUnit =
    units.length === 0
      ? []
      : await countOpenTasks(
          dataSource,
          't.unit_id',
          't.unit_id IN (:...unitIds)',
          { unitIds: units.map((unit) => unit.id) },
          now,
        );
  const withoutUnit = unitIds
    ? []
    : await countOpenTasks(
        dataSource,
        't.organ_id',
        't.organ_id = :organId AND t.unit_id IS NULL',
        { organId },
        now,
      );
  const byUnit = new Map(perUnit.map((row) => [row.bucket, row]));
  return {
    organId,
    at: now,
    units: units.map((unit) => unitCounts(unit, countsOf(byUnit.get(unit.id)))),
    withoutUnit: countsOf(withoutUnit[0]),
  };
}

/** Returns a unit's row, raising 404 when no unit has the id. */
export async function findUnit(dataSource: DataSource, unitId: string): Promise<UnitRow> {
  const unit: UnitRow | undefined = await dataSource
    .createQueryBuilder()
    .select(['u.id AS id', 'u.organ_id AS organ_id', 'u.code AS code', 'u.name AS name'])
    .addSelect('u.parent_unit_id', 'parent_unit_id')
    .from('org_units', 'u')
    .where('u.id = :unitId', { unitId })
    .getRawOne();
  if (!unit) {
    throw new NotFoundError(`unit ${unitId} not found`, { field: 'unitId', value: unitId });
  }
  return unit;
}

/**
 * Counts one unit's open tasks in total and per holder: every active member (with zeros when
 * they hold nothing), any outside holder of a task of the unit, and the unassigned ones.
 */
export async function loadUnitDashboard(
  dataSource: DataSource,
  unit: UnitRow,
  now: Date,
): Promise<UnitDashboard> {
  const perHolder = await countOpenTasks(
    dataSource,
    't.assignee',
    't.unit_id = :unitId',
    { unitId: unit.id },
    now,
  );
  const members: Array<{ id: string; full_name: string }> = await dataSource
    .createQueryBuilder()
    .select(['m.id AS id', 'm.full_name AS full_name'])
    .from('org_users', 'm')
    .where('m.unit_id = :unitId AND m.active = 1', { unitId: unit.id })
    .orderBy('m.full_name', 'ASC')
    .getRawMany();
  const byHolder = new Map(perHolder.map((row) => [row.bucket, row]));
  const memberIds = new Set(members.map((member) => member.id));
  const outsiders = perHolder
    .map((row) => row.bucket)
    .filter((id): id is string => id !== null && !memberIds.has(id));
  const outsiderNames = await loadUserNames(dataSource, outsiders);
  const people: PersonCounts[] = [
    ...members.map((member) => ({
      userId: member.id,
      fullName: member.full_name,
      member: true,
      ...countsOf(byHolder.get(member.id)),
    })),
    ...outsiders.map((id) => ({
      userId: id,
      fullName: outsiderNames.get(id) ?? null,
      member: false,
      ...countsOf(byHolder.get(id)),
    })),
  ];
  const total = perHolder.reduce(
    (sum, row) => {
      const counts = countsOf(row);
      return { open: sum.open + counts.open, overdue: sum.overdue + counts.overdue };
    },
    { open: 0, overdue: 0 },
  );
  const totals = { ...total, onTime: total.open - total.overdue };
  return {
    at: now,
    unit: { ...unitCounts(unit, totals), organId: unit.organ_id },
    people,
    unassigned: countsOf(byHolder.get(null)),
  };
}

export type { UnitRow };
