import { createHash } from 'node:crypto';
import { ValidationError } from '../../errors/index.js';
import type { DeployResource, DeployedProcess, DeploymentResult } from '../port.js';
import type { EngineContext } from './context.js';
import { evaluateExpression } from './feel/index.js';
import { compileBpmn, formatProblem } from './model/index.js';
import type { DeployProblem, ProcessModel } from './model/types.js';
import type { Transaction } from './store/database.js';
import { planTimer } from './timers/index.js';
import { repeatColumns } from './runtime/timers.js';

interface Candidate {
  resourceName: string;
  xml: string;
  checksum: string;
  model: ProcessModel;
}

async function compileAll(resources: DeployResource[]): Promise<Candidate[]> {
  if (resources.length === 0) {
    throw new ValidationError('deployment has no resources: add at least one BPMN file', {
      field: 'resources',
      problems: [],
    });
  }
  const problems: DeployProblem[] = [];
  const candidates: Candidate[] = [];
  for (const resource of resources) {
    const xml =
      typeof resource.content === 'string' ? resource.content : resource.content.toString('utf8');
    const compiled = await compileBpmn(resource.name, xml);
    problems.push(...compiled.problems);
    if (compiled.problems.length === 0 && compiled.processes.length === 0) {
      problems.push({
        resourceName: resource.name,
        message: 'contains no executable process: set isExecutable="true" on the process to run',
      });
    }
    const checksum = createHash('sha256').update(xml).digest('hex');
    for (const model of compiled.processes)
      candidates.push({ resourceName: resource.name, xml, checksum, model });
  }
  const seen = new Map<string, string>();
  for (const candidate of candidates) {
    const other = seen.get(candidate.model.bpmnProcessId);
    if (other !== undefined) {
      problems.push({
        resourceName: candidate.resourceName,
        message: `process id '${candidate.model.bpmnProcessId}' is also defined in ${other}: deploy each process id once`,
      });
    }
    seen.set(candidate.model.bpmnProcessId, candidate.resourceName);
  }
  if (problems.length > 0) {
    const message = `deployment rejected: ${problems.map(formatProblem).join('; ')}`;
    throw new ValidationError(message, { field: 'resources', problems });
  }
  return candidates;
}

const duplicateEntryErrorNumber = 1062;
const maxDeployAttempts = 3;

function isDuplicateEntry(error: unknown): boolean {
  const candidate = error as { errno?: number; driverError?: { errno?: number } };
  return (candidate?.driverError?.errno ?? candidate?.errno) === duplicateEntryErrorNumber;
}

/**
 * Runs the deployment transaction again when another process stored the same new version
 * first (a duplicate `bpmn_process_id` and `version` on MySQL), so it reads that version.
 */
async function storeWithRetry<T>(
  context: EngineContext,
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await context.database.transaction(work);
    } catch (error) {
      if (!isDuplicateEntry(error) || attempt >= maxDeployAttempts) throw error;
    }
  }
}

/** Deploys BPMN resources all or nothing; unchanged content keeps its existing version. */
export async function deployResources(
  context: EngineContext,
  resources: DeployResource[],
): Promise<DeploymentResult> {
  const candidates = await compileAll(resources);
  await context.keys.ensure(candidates.length * 4 + 8);
  const fresh: Array<{ key: string; candidate: Candidate; process: DeployedProcess }> = [];
  const result = await storeWithRetry(context, async (tx) => {
    fresh.length = 0;
    const deploymentKey = await context.keys.allocate(tx);
    const now = context.clock.now();
    await tx.execute('INSERT INTO engine_deployment (`key`, created_at) VALUES (?, ?)', [
      deploymentKey,
      tx.dialect.time(now),
    ]);
    const processes: DeployedProcess[] = [];
    for (const candidate of candidates) {
      const stored = await storeDefinition(context, tx, candidate, deploymentKey, now);
      processes.push(stored.process);
      if (stored.isNew)
        fresh.push({
          key: stored.process.processDefinitionKey,
          candidate,
          process: stored.process,
        });
    }
    return { deploymentKey, processes };
  });
  for (const { key, candidate, process } of fresh) {
    context.definitions.remember(key, {
      row: {
        ...process,
        key,
        deploymentKey: result.deploymentKey,
        name: candidate.model.name ?? null,
        createdAt: context.clock.now(),
      },
      model: candidate.model,
    });
  }
  context.logger.info(
    {
      deploymentKey: result.deploymentKey,
      processes: result.processes.map((p) => `${p.bpmnProcessId}:${p.version}`),
    },
    'deployment stored',
  );
  return result;
}

async function storeDefinition(
  context: EngineContext,
  tx: Transaction,
  candidate: Candidate,
  deploymentKey: string,
  now: Date,
): Promise<{ process: DeployedProcess; isNew: boolean }> {
  const { model } = candidate;
  const latest = await tx.query<{
    key: unknown;
    version: unknown;
    checksum: string;
    resource_name: string;
  }>(
    'SELECT `key`, version, checksum, resource_name FROM engine_process_definition' +
      ` WHERE bpmn_process_id = ? ORDER BY version DESC LIMIT 1${tx.dialect.forUpdate}`,
    [model.bpmnProcessId],
  );
  const previous = latest[0];
  if (previous && previous.checksum === candidate.checksum) {
    const process = {
      bpmnProcessId: model.bpmnProcessId,
      version: Number(previous.version),
      processDefinitionKey: String(previous.key),
      resourceName: previous.resource_name,
    };
    return { process, isNew: false };
  }
  const key = await context.keys.allocate(tx);
  const version = previous ? Number(previous.version) + 1 : 1;
  await tx.execute(
    'INSERT INTO engine_process_definition (`key`, bpmn_process_id, version, resource_name,' +
      ' checksum, xml, deployment_key, name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [
      key,
      model.bpmnProcessId,
      version,
      candidate.resourceName,
      candidate.checksum,
      candidate.xml,
      deploymentKey,
      model.name ?? null,
      tx.dialect.time(now),
    ],
  );
  await replaceStartSubscriptions(context, tx, model, key, now);
  const process = {
    bpmnProcessId: model.bpmnProcessId,
    version,
    processDefinitionKey: key,
    resourceName: candidate.resourceName,
  };
  return { process, isNew: true };
}

/** Replaces the previous version's timer and message start events by this version's. */
async function replaceStartSubscriptions(
  context: EngineContext,
  tx: Transaction,
  model: ProcessModel,
  definitionKey: string,
  now: Date,
): Promise<void> {
  for (const table of ['engine_timer', 'engine_message_subscription']) {
    await tx.execute(
      `DELETE FROM ${table} WHERE bpmn_process_id = ? AND element_instance_key IS NULL`,
      [model.bpmnProcessId],
    );
  }
  const scope = model.scopes[model.bpmnProcessId]!;
  for (const id of scope.timerStartEventIds) {
    const event = model.elements[id]?.event;
    if (event?.kind !== 'timer') continue;
    const plan = planTimer(
      event.timer.type,
      evaluateExpression(event.timer.expression, {}, { now }),
      now,
    );
    const columns = {
      key: await context.keys.allocate(tx),
      definition_key: definitionKey,
      bpmn_process_id: model.bpmnProcessId,
      element_id: id,
      due_at: tx.dialect.time(plan.dueAt),
      ...repeatColumns(plan),
    };
    await tx.execute(
      `INSERT INTO engine_timer (${Object.keys(columns)
        .map((c) => `\`${c}\``)
        .join(', ')}) VALUES (${Object.keys(columns)
        .map(() => '?')
        .join(', ')})`,
      Object.values(columns),
    );
  }
  for (const id of scope.messageStartEventIds) {
    const event = model.elements[id]?.event;
    if (event?.kind !== 'message') continue;
    const name = String(evaluateExpression(event.messageName, {}, { now }));
    await tx.execute(
      'INSERT INTO engine_message_subscription (`key`, message_name, correlation_key, definition_key,' +
        ' bpmn_process_id, element_id, created_at) VALUES (?, ?, NULL, ?, ?, ?, ?)',
      [
        await context.keys.allocate(tx),
        name,
        definitionKey,
        model.bpmnProcessId,
        id,
        tx.dialect.time(now),
      ],
    );
  }
}
