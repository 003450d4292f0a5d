import { NotFoundError } from '../../errors/index.js';
import type { ElementInstance, InstanceState, ProcessInstance } from '../port.js';
import type { EngineContext } from './context.js';
import { toIncident } from './incidents.js';
import type { Transaction } from './store/database.js';

function toElementInstance(tx: Transaction, row: Record<string, unknown>): ElementInstance {
  const element: ElementInstance = {
    elementInstanceKey: String(row.key),
    elementId: String(row.element_id),
    elementType: String(row.element_type),
    flowScopeKey: String(row.flow_scope_key),
    state: String(row.state) as ElementInstance['state'],
    startedAt: tx.dialect.parseTime(row.created_at),
  };
  const endedAt = tx.dialect.parseOptionalTime(row.ended_at);
  if (endedAt) element.endedAt = endedAt;
  return element;
}

async function readInstanceRow(tx: Transaction, key: string): Promise<Record<string, unknown>> {
  const rows = await tx.query('SELECT * FROM engine_process_instance WHERE `key` = ?', [key]);
  if (rows.length === 0) {
    throw new NotFoundError(`process instance ${key} not found`, {
      field: 'processInstanceKey',
      value: key,
    });
  }
  return rows[0]!;
}

/** Reads an instance's state, root variables, active element instances and incidents. */
export async function getInstance(context: EngineContext, key: string): Promise<ProcessInstance> {
  return context.database.read(async (tx) => {
    const row = await readInstanceRow(tx, key);
    // Each SELECT reads the latest commit, so the variables are read last. They are then never
    // older than the active elements, and a caller that finds an element finished also gets the
    // variables it wrote.
    const [active, incidents, variableRows] = await tx
      .runEach([
        [
          "SELECT * FROM engine_element_instance WHERE process_instance_key = ? AND state = 'ACTIVE' ORDER BY created_at, `key`",
          [key],
        ],
        ['SELECT * FROM engine_incident WHERE process_instance_key = ? ORDER BY `key`', [key]],
        ['SELECT name, value FROM engine_variable WHERE scope_key = ?', [key]],
      ])
      .then((results) => results.map((result) => result.records));
    const variables = variableRows as Array<{ name: string; value: string }>;
    const instance: ProcessInstance = {
      processInstanceKey: key,
      processDefinitionKey: String(row.definition_key),
      bpmnProcessId: String(row.bpmn_process_id),
      version: Number(row.version),
      state: String(row.state) as InstanceState,
      startedAt: tx.dialect.parseTime(row.created_at),
      variables: Object.fromEntries(variables.map((v) => [v.name, JSON.parse(v.value)])),
      activeElements: active!.map((element) => toElementInstance(tx, element)),
      incidents: incidents!.map((incident) => toIncident(tx.dialect, incident)),
    };
    if (row.parent_process_instance_key !== null) {
      instance.parentProcessInstanceKey = String(row.parent_process_instance_key);
    }
    const endedAt = tx.dialect.parseOptionalTime(row.ended_at);
    if (endedAt) instance.endedAt = endedAt;
    return instance;
  });
}

/** Reads every element instance of a process instance, in the order they started. */
export async function getInstanceHistory(
  context: EngineContext,
  key: string,
): Promise<ElementInstance[]> {
  return context.database.read(async (tx) => {
    await readInstanceRow(tx, key);
    const rows = await tx.query(
      'SELECT * FROM engine_element_instance WHERE process_instance_key = ? ORDER BY created_at, `key`',
      [key],
    );
    return rows.map((row) => toElementInstance(tx, row));
  });
}
