import type { EventDefinition } from '../model/types.js';
import { IncidentSignal } from './state.js';
import type { Step } from './step.js';
import { evaluate, visibleVariables } from './variables.js';

type MessageEvent = Extract<EventDefinition, { kind: 'message' }>;

function correlationKeyOf(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  throw new IncidentSignal(
    'EXTRACT_VALUE_ERROR',
    `Expected the correlation key to be a string or number, but it was ${JSON.stringify(value) ?? 'null'}`,
  );
}

/**
 * Opens a message subscription for an element instance (or a process instance for event
 * sub-process starts), then takes a buffered message that matches, has not expired and has not
 * been correlated to this process instance yet.
 */
export async function openMessageSubscription(
  step: Step,
  ownerKey: string,
  elementId: string,
  processInstanceKey: string,
  event: MessageEvent,
  contextScopeKey: string,
): Promise<void> {
  const context = await visibleVariables(step, contextScopeKey);
  const name = String(evaluate(step, event.messageName, context));
  if (!event.correlationKey) {
    throw new Error(`message catch event ${elementId} has no correlation key`);
  }
  const correlationKey = correlationKeyOf(evaluate(step, event.correlationKey, context));
  const instance = step.processInstance(processInstanceKey);
  step.insert('engine_message_subscription', {
    key: await step.newKey(),
    message_name: name,
    correlation_key: correlationKey,
    definition_key: instance.definitionKey,
    bpmn_process_id: instance.bpmnProcessId,
    element_id: elementId,
    element_instance_key: ownerKey,
    process_instance_key: instance.key,
    root_key: instance.rootKey,
    created_at: step.dialect.time(step.now),
  });
  await correlateBufferedMessage(
    step,
    ownerKey,
    elementId,
    processInstanceKey,
    name,
    correlationKey,
  );
}

async function correlateBufferedMessage(
  step: Step,
  ownerKey: string,
  elementId: string,
  processInstanceKey: string,
  name: string,
  correlationKey: string,
): Promise<void> {
  const rows = await step.tx.query<{ key: unknown; variables: string }>(
    'SELECT m.`key`, m.variables FROM engine_message m WHERE m.name = ? AND m.correlation_key = ?' +
      ' AND m.expires_at > ? AND NOT EXISTS (SELECT 1 FROM engine_message_correlation c' +
      ' WHERE c.message_key = m.`key` AND c.process_instance_key = ?) ORDER BY m.`key`',
    [name, correlationKey, step.dialect.time(step.now), processInstanceKey],
  );
  const message = rows.find((row) => !step.correlated.has(`${row.key}|${processInstanceKey}`));
  if (!message) return;
  recordCorrelation(step, String(message.key), processInstanceKey);
  step.agenda.push({
    type: 'trigger',
    ownerKey,
    elementId,
    processInstanceKey,
    variables: JSON.parse(message.variables),
  });
}

/** Remembers that a message reached a process instance, so it never does again. */
export function recordCorrelation(
  step: Step,
  messageKey: string,
  processInstanceKey: string,
): void {
  step.correlated.add(`${messageKey}|${processInstanceKey}`);
  step.insert('engine_message_correlation', {
    message_key: messageKey,
    process_instance_key: processInstanceKey,
  });
}
