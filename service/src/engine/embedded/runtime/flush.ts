import { insertSql, placeholders } from '../store/dialect.js';
import { elementInstanceColumns, processInstanceColumns } from './rows.js';
import type { ElementInstanceRow } from './state.js';
import { eventSubProcessStarts } from './events.js';
import { hasJoiningGateway, type Step } from './step.js';
import { cancelUserTasksOf } from './user-task-rows.js';

/** Rows per multi-row INSERT; keeps statements well under the drivers' parameter limits. */
const insertBatchRows = 200;

/** Writes every change of the step back with as few statements as the changes allow. */
export async function flushStep(step: Step): Promise<void> {
  await flushProcessInstances(step);
  await flushElementInstances(step);
  await flushVariables(step);
  for (const [id, pending] of step.inserts) {
    await insertRows(step, id.split('|')[0]!, pending.columns, pending.rows);
  }
  for (const [sql, parameters] of step.statements) await step.tx.executeLater(sql, parameters);
  await flushJoinTokens(step);
  await cleanUpEndedElements(step);
  for (const [id, keys] of step.deletes) {
    const [table, column] = id.split('|') as [string, string];
    await deleteByKeys(step, table, column, [...keys]);
  }
}

async function insertRows(step: Step, table: string, columns: string[], rows: unknown[][]) {
  for (let start = 0; start < rows.length; start += insertBatchRows) {
    const batch = rows.slice(start, start + insertBatchRows);
    await step.tx.executeLater(insertSql(table, columns, batch.length), batch.flat());
  }
}

async function deleteByKeys(step: Step, table: string, column: string, keys: string[]) {
  if (keys.length === 0) return;
  await step.tx.executeLater(
    `DELETE FROM ${table} WHERE ${column} IN (${placeholders(keys.length)})`,
    keys,
  );
}

async function flushProcessInstances(step: Step): Promise<void> {
  const created = [...step.processInstances.values()].filter((row) => row.isNew);
  if (created.length > 0) {
    const rows = created.map((row) => processInstanceColumns(step.dialect, row));
    await insertRows(
      step,
      'engine_process_instance',
      Object.keys(rows[0]!),
      rows.map(Object.values),
    );
  }
  for (const row of step.processInstances.values()) {
    if (row.isNew || !row.dirty) continue;
    await step.tx.executeLater(
      'UPDATE engine_process_instance SET state = ?, ended_at = ? WHERE `key` = ?',
      [row.state, step.dialect.optionalTime(row.endedAt), row.key],
    );
  }
}

/**
 * Writes new and changed element instances with one upsert per batch. Only `state`, `ended_at`
 * and `data` of a stored row ever change. On MySQL a duplicate primary key locks just that row.
 */
async function flushElementInstances(step: Step): Promise<void> {
  const changed = [...step.elements.values()].filter((row) => row.isNew || row.dirty);
  if (changed.length === 0) return;
  const rows = changed.map((row) => elementInstanceColumns(step.dialect, row));
  const columns = Object.keys(rows[0]!);
  const values = rows.map(Object.values);
  for (let start = 0; start < values.length; start += insertBatchRows) {
    const batch = values.slice(start, start + insertBatchRows);
    const sql = step.dialect.upsert('engine_element_instance', columns, ['key'], batch.length, [
      'state',
      'ended_at',
      'data',
    ]);
    await step.tx.executeLater(sql, batch.flat());
  }
}

/** Finds the process instance and root of a variable scope (an element or process instance). */
function scopeOwner(step: Step, scopeKey: string): { processInstanceKey: string; rootKey: string } {
  const element = step.elements.get(scopeKey);
  if (element) return { processInstanceKey: element.processInstanceKey, rootKey: element.rootKey };
  const instance = step.processInstance(scopeKey);
  return { processInstanceKey: instance.key, rootKey: instance.rootKey };
}

async function flushVariables(step: Step): Promise<void> {
  const rows: unknown[][] = [];
  for (const [scopeKey, names] of step.dirtyVariables) {
    if (step.endedElementKeys.has(scopeKey)) continue;
    const owner = scopeOwner(step, scopeKey);
    const values = step.variables.get(scopeKey)!;
    for (const name of names) {
      const value = JSON.stringify(values.get(name) ?? null);
      rows.push([scopeKey, name, value, owner.processInstanceKey, owner.rootKey]);
    }
  }
  const columns = ['scope_key', 'name', 'value', 'process_instance_key', 'root_key'];
  for (let start = 0; start < rows.length; start += insertBatchRows) {
    const batch = rows.slice(start, start + insertBatchRows);
    const sql = step.dialect.upsert(
      'engine_variable',
      columns,
      ['scope_key', 'name'],
      batch.length,
    );
    await step.tx.executeLater(sql, batch.flat());
  }
}

async function flushJoinTokens(step: Step): Promise<void> {
  for (const id of step.dirtyJoins) {
    const [scopeKey, elementId, flowId] = id.split('|') as [string, string, string];
    if (step.endedElementKeys.has(scopeKey)) continue;
    const count = step.joinScope(scopeKey).get(`${elementId}|${flowId}`) ?? 0;
    if (count === 0) {
      await step.tx.executeLater(
        'DELETE FROM engine_join_token WHERE flow_scope_key = ? AND element_id = ? AND sequence_flow_id = ?',
        [scopeKey, elementId, flowId],
      );
      continue;
    }
    const columns = ['flow_scope_key', 'element_id', 'sequence_flow_id', 'count', 'root_key'];
    const primary = ['flow_scope_key', 'element_id', 'sequence_flow_id'];
    await step.tx.executeLater(step.dialect.upsert('engine_join_token', columns, primary, 1), [
      scopeKey,
      elementId,
      flowId,
      count,
      scopeOwner(step, scopeKey).rootKey,
    ]);
  }
}

type WaitTable = 'engine_timer' | 'engine_message_subscription' | 'engine_join_token';

function waitTablesOfEvents(step: Step, processInstanceKey: string, ids: string[]): WaitTable[] {
  const model = step.modelOf(processInstanceKey);
  const tables: WaitTable[] = [];
  for (const id of ids) {
    const kind = model.elements[id]?.event?.kind;
    if (kind === 'timer') tables.push('engine_timer');
    if (kind === 'message') tables.push('engine_message_subscription');
  }
  return tables;
}

/** Lists the tables where an element instance can own rows: timers, subscriptions, join tokens. */
function waitTablesOf(step: Step, row: ElementInstanceRow): Set<WaitTable> {
  const element = step.elementOf(row);
  const model = step.modelOf(row.processInstanceKey);
  const inner = row.elementType !== 'multiInstanceBody' && element.multiInstance !== undefined;
  const events = inner ? [] : [...element.boundaryEventIds];
  if (row.elementType === 'intermediateCatchEvent' || row.elementType === 'receiveTask') {
    events.push(element.id);
  }
  if (row.elementType === 'eventBasedGateway') {
    events.push(...element.outgoing.map((flowId) => model.flows[flowId]!.targetId));
  }
  const tables = new Set(waitTablesOfEvents(step, row.processInstanceKey, events));
  if (row.elementType === 'subProcess') {
    const starts = eventSubProcessStarts(step, row.processInstanceKey, element.id);
    for (const table of waitTablesOfEvents(
      step,
      row.processInstanceKey,
      starts.map((s) => s.id),
    )) {
      tables.add(table);
    }
    tables.add('engine_join_token');
  }
  return tables;
}

/**
 * Checks whether an ended element instance may have local variables stored. A scope read in this
 * step is known exactly. Otherwise only elements that create local variables are cleaned up.
 */
// NOTE: local variables set on a plain task in an earlier step (failJob or setVariables with
// `local`) stay behind as unused rows when the task ends.
function mayHaveVariables(step: Step, row: ElementInstanceRow): boolean {
  const loaded = step.variables.get(row.key);
  if (loaded) return loaded.size > 0;
  const element = step.elementOf(row);
  return (
    element.inputs.length > 0 ||
    element.multiInstance !== undefined ||
    ['subProcess', 'callActivity', 'multiInstanceBody'].includes(row.elementType)
  );
}

/** Lists the wait tables a process instance can own rows in: event sub-process starts, joins. */
function processWaitTables(step: Step, processInstanceKey: string): Set<WaitTable> {
  const model = step.modelOf(processInstanceKey);
  const starts = eventSubProcessStarts(step, processInstanceKey, model.bpmnProcessId);
  const tables = new Set(
    waitTablesOfEvents(
      step,
      processInstanceKey,
      starts.map((s) => s.id),
    ),
  );
  if (hasJoiningGateway(model)) tables.add('engine_join_token');
  return tables;
}

/** Groups the keys of ended element and process instances by the wait tables they can own rows in. */
function waitOwners(step: Step, ended: ElementInstanceRow[]): Map<WaitTable, string[]> {
  const owners = new Map<WaitTable, string[]>();
  const own = (table: WaitTable, key: string) => {
    owners.set(table, [...(owners.get(table) ?? []), key]);
  };
  for (const row of ended) {
    for (const table of waitTablesOf(step, row)) own(table, row.key);
  }
  for (const instance of step.processInstances.values()) {
    if (!instance.dirty || instance.state === 'ACTIVE') continue;
    for (const table of processWaitTables(step, instance.key)) own(table, instance.key);
  }
  return owners;
}

/** Removes what belonged to ended element instances: waits, jobs, local variables, joins. */
async function cleanUpEndedElements(step: Step): Promise<void> {
  const ended = [...step.endedElementKeys].map((key) => step.element(key));
  for (const [table, keys] of waitOwners(step, ended)) {
    const column = table === 'engine_join_token' ? 'flow_scope_key' : 'element_instance_key';
    await deleteByKeys(step, table, column, keys);
  }

  const withVariables = ended.filter((row) => mayHaveVariables(step, row)).map((row) => row.key);
  await deleteByKeys(step, 'engine_variable', 'scope_key', withVariables);

  // Rows inserted by this step are already written, so new element instances are included too.
  const terminated = [...step.terminatedElementKeys];
  if (terminated.length === 0) return;
  await deleteByKeys(step, 'engine_job', 'element_instance_key', terminated);
  await cancelUserTasksOf(step, terminated);
  await step.tx.executeLater(
    "UPDATE engine_incident SET state = 'RESOLVED', resolved_at = ?" +
      ` WHERE state = 'ACTIVE' AND element_instance_key IN (${placeholders(terminated.length)})`,
    [step.dialect.time(step.now), ...terminated],
  );
}
