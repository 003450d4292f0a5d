import type { ProcessModel } from '../model/types.js';
import type { Dialect } from '../store/dialect.js';
import type { ElementInstanceRow, ElementState, ProcessInstanceRow } from './state.js';

/** Conversions between the runtime's in-memory rows and the engine tables. */

export function optionalKey(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

export function toProcessInstanceRow(
  dialect: Dialect,
  row: Record<string, unknown>,
  model: ProcessModel,
): ProcessInstanceRow {
  return {
    key: String(row.key),
    rootKey: String(row.root_key),
    definitionKey: String(row.definition_key),
    bpmnProcessId: String(row.bpmn_process_id),
    version: Number(row.version),
    state: String(row.state) as ElementState,
    parentElementInstanceKey: optionalKey(row.parent_element_instance_key),
    parentProcessInstanceKey: optionalKey(row.parent_process_instance_key),
    createdAt: dialect.parseTime(row.created_at),
    endedAt: dialect.parseOptionalTime(row.ended_at) ?? null,
    isNew: false,
    dirty: false,
    model,
  };
}

export function toElementInstanceRow(
  dialect: Dialect,
  row: Record<string, unknown>,
): ElementInstanceRow {
  return {
    key: String(row.key),
    processInstanceKey: String(row.process_instance_key),
    rootKey: String(row.root_key),
    elementId: String(row.element_id),
    elementType: String(row.element_type),
    flowScopeKey: String(row.flow_scope_key),
    state: String(row.state) as ElementState,
    loopCounter: row.loop_counter === null ? null : Number(row.loop_counter),
    data: row.data === null || row.data === undefined ? null : JSON.parse(String(row.data)),
    createdAt: dialect.parseTime(row.created_at),
    endedAt: dialect.parseOptionalTime(row.ended_at) ?? null,
    isNew: false,
    dirty: false,
  };
}

export function processInstanceColumns(
  dialect: Dialect,
  row: ProcessInstanceRow,
): Record<string, unknown> {
  return {
    key: row.key,
    root_key: row.rootKey,
    definition_key: row.definitionKey,
    bpmn_process_id: row.bpmnProcessId,
    version: row.version,
    state: row.state,
    parent_element_instance_key: row.parentElementInstanceKey,
    parent_process_instance_key: row.parentProcessInstanceKey,
    created_at: dialect.time(row.createdAt),
    ended_at: dialect.optionalTime(row.endedAt),
  };
}

export function elementInstanceColumns(
  dialect: Dialect,
  row: ElementInstanceRow,
): Record<string, unknown> {
  return {
    key: row.key,
    process_instance_key: row.processInstanceKey,
    root_key: row.rootKey,
    element_id: row.elementId,
    element_type: row.elementType,
    flow_scope_key: row.flowScopeKey,
    state: row.state,
    loop_counter: row.loopCounter,
    data: row.data === null ? null : JSON.stringify(row.data),
    created_at: dialect.time(row.createdAt),
    ended_at: dialect.optionalTime(row.endedAt),
  };
}
