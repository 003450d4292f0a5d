import { NotFoundError } from '../../errors/index.js';
import type { ProcessDefinition } from '../port.js';
import { compileBpmn } from './model/index.js';
import type { ProcessModel } from './model/types.js';
import type { Transaction } from './store/database.js';

export interface DefinitionRow {
  key: string;
  bpmnProcessId: string;
  version: number;
  resourceName: string;
  deploymentKey: string;
  name: string | null;
  createdAt: Date;
}

interface CachedDefinition {
  row: DefinitionRow;
  model: ProcessModel;
}

const definitionColumns =
  '`key`, bpmn_process_id, version, resource_name, deployment_key, name, created_at';

export function toDefinitionRow(tx: Transaction, row: Record<string, unknown>): DefinitionRow {
  return {
    key: String(row.key),
    bpmnProcessId: String(row.bpmn_process_id),
    version: Number(row.version),
    resourceName: String(row.resource_name),
    deploymentKey: String(row.deployment_key),
    name: row.name === null ? null : String(row.name),
    createdAt: tx.dialect.parseTime(row.created_at),
  };
}

export function toProcessDefinition(row: DefinitionRow): ProcessDefinition {
  return {
    bpmnProcessId: row.bpmnProcessId,
    version: row.version,
    processDefinitionKey: row.key,
    resourceName: row.resourceName,
    deploymentKey: row.deploymentKey,
    deployedAt: row.createdAt,
    ...(row.name === null ? {} : { name: row.name }),
  };
}

/**
 * Compiled process models by process definition key. Definitions never change once deployed,
 * so entries never go stale; the least recently used one is dropped above `capacity`.
 */
export class DefinitionCache {
  private readonly entries = new Map<string, CachedDefinition>();

  constructor(private readonly capacity = 200) {}

  async get(tx: Transaction, definitionKey: string): Promise<CachedDefinition> {
    const cached = this.entries.get(definitionKey);
    if (cached) {
      this.entries.delete(definitionKey);
      this.entries.set(definitionKey, cached);
      return cached;
    }
    const rows = await tx.query(
      `SELECT ${definitionColumns}, xml FROM engine_process_definition WHERE \`key\` = ?`,
      [definitionKey],
    );
    if (rows.length === 0) {
      throw new NotFoundError(`process definition ${definitionKey} not found`, {
        field: 'processDefinitionKey',
        value: definitionKey,
      });
    }
    const row = toDefinitionRow(tx, rows[0]!);
    const compiled = await compileBpmn(row.resourceName, String(rows[0]!.xml));
    const model = compiled.processes.find((process) => process.bpmnProcessId === row.bpmnProcessId);
    if (!model) throw new Error(`stored definition ${definitionKey} no longer compiles`);
    return this.remember(definitionKey, { row, model });
  }

  /** Stores a model compiled during deployment so the first instance need not compile it. */
  remember(definitionKey: string, entry: CachedDefinition): CachedDefinition {
    this.entries.set(definitionKey, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return entry;
  }
}

/** Finds the latest (or the given) version of a process, or returns undefined. */
export async function findDefinition(
  tx: Transaction,
  bpmnProcessId: string,
  version?: number,
): Promise<DefinitionRow | undefined> {
  const byVersion = version === undefined ? '' : ' AND version = ?';
  const rows = await tx.query(
    `SELECT ${definitionColumns} FROM engine_process_definition WHERE bpmn_process_id = ?` +
      `${byVersion} ORDER BY version DESC LIMIT 1`,
    version === undefined ? [bpmnProcessId] : [bpmnProcessId, version],
  );
  return rows.length === 0 ? undefined : toDefinitionRow(tx, rows[0]!);
}
