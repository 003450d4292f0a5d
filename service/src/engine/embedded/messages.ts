import { ConflictError, ValidationError } from '../../errors/index.js';
import type { PublishMessageRequest, PublishedMessage } from '../port.js';
import type { EngineContext } from './context.js';
import { startProcessInstance } from './runtime/instances.js';
import { recordCorrelation } from './runtime/messages.js';
import { runStep } from './runtime/run-step.js';
import type { Step } from './runtime/step.js';
import { checkVariables } from './variable-limits.js';

interface SubscriptionRow {
  key: unknown;
  element_id: string;
  element_instance_key: unknown;
  process_instance_key: unknown;
  root_key: unknown;
  definition_key: unknown;
}

function checkRequest(context: EngineContext, request: PublishMessageRequest): void {
  if (!request.name) throw new ValidationError('message name is missing', { field: 'name' });
  if (typeof request.correlationKey !== 'string') {
    throw new ValidationError('message correlation key must be a string', {
      field: 'correlationKey',
      value: request.correlationKey,
    });
  }
  if (!Number.isFinite(request.timeToLiveMs) || request.timeToLiveMs < 0) {
    throw new ValidationError(
      `time to live ${request.timeToLiveMs} is invalid: use milliseconds >= 0`,
      {
        field: 'timeToLiveMs',
        value: request.timeToLiveMs,
      },
    );
  }
  checkVariables(context, request.variables, 'variables');
}

/**
 * Publishes a message: it correlates to every process instance with a matching subscription
 * (once per instance), starts instances at message start events, and stays buffered for its
 * time to live so that subscriptions opened later can take it.
 */
export async function publishMessage(
  context: EngineContext,
  request: PublishMessageRequest,
): Promise<PublishedMessage> {
  checkRequest(context, request);
  return runStep(context, 'publishMessage', async (step) => {
    if (request.messageId) await rejectDuplicate(step, request.messageId);
    const messageKey = await step.newKey();
    const variables = request.variables ?? {};
    const buffered = request.timeToLiveMs > 0;
    if (buffered) {
      step.insert('engine_message', {
        key: messageKey,
        name: request.name,
        correlation_key: request.correlationKey,
        message_id: request.messageId ?? null,
        variables: JSON.stringify(variables),
        expires_at: step.dialect.time(new Date(step.now.getTime() + request.timeToLiveMs)),
        created_at: step.dialect.time(step.now),
      });
    }
    await correlateToWaiting(step, request, messageKey, variables, buffered);
    await startByMessage(step, request.name, messageKey, variables, buffered);
    return { messageKey };
  });
}

async function rejectDuplicate(step: Step, messageId: string): Promise<void> {
  const rows = await step.tx.query(
    'SELECT `key` FROM engine_message WHERE message_id = ? AND expires_at > ?',
    [messageId, step.dialect.time(step.now)],
  );
  if (rows.length > 0) {
    throw new ConflictError(
      `a message with id '${messageId}' is already buffered: publish it once, or use a new id`,
      {
        field: 'messageId',
        value: messageId,
      },
    );
  }
}

async function correlateToWaiting(
  step: Step,
  request: PublishMessageRequest,
  messageKey: string,
  variables: Record<string, unknown>,
  buffered: boolean,
): Promise<void> {
  const query = () =>
    step.tx.query<SubscriptionRow>(
      'SELECT * FROM engine_message_subscription WHERE message_name = ? AND correlation_key = ?' +
        ' AND element_instance_key IS NOT NULL ORDER BY `key`',
      [request.name, request.correlationKey],
    );
  const roots = [...new Set((await query()).map((row) => String(row.root_key)))].sort();
  if (roots.length === 0) return;
  for (const root of roots) await step.lockRoot(root);
  const done = new Set<string>();
  for (const row of await query()) {
    const instanceKey = String(row.process_instance_key);
    if (done.has(instanceKey) || !roots.includes(String(row.root_key))) continue;
    done.add(instanceKey);
    if (buffered) recordCorrelation(step, messageKey, instanceKey);
    step.agenda.push({
      type: 'trigger',
      ownerKey: String(row.element_instance_key),
      elementId: row.element_id,
      processInstanceKey: instanceKey,
      variables,
    });
  }
}

// NOTE: Zeebe starts no second instance by message while one with the same correlation key is
// active. This engine starts one instance per published message.
async function startByMessage(
  step: Step,
  name: string,
  messageKey: string,
  variables: Record<string, unknown>,
  buffered: boolean,
): Promise<void> {
  const rows = await step.tx.query<SubscriptionRow>(
    'SELECT * FROM engine_message_subscription WHERE message_name = ? AND element_instance_key IS NULL',
    [name],
  );
  for (const row of rows) {
    const { row: definition, model } = await step.engine.definitions.get(
      step.tx,
      String(row.definition_key),
    );
    const instance = await startProcessInstance(step, definition, model, {
      variables,
      startEventId: row.element_id,
    });
    if (buffered) recordCorrelation(step, messageKey, instance.key);
  }
}
