import { NotFoundError } from '../../../errors/index.js';
import type { EngineContext } from '../context.js';
import type { Element, ProcessModel } from '../model/types.js';
import { placeholders } from '../store/dialect.js';
import type { Statement, StatementResult, Transaction } from '../store/database.js';
import type { Action, ElementInstanceRow, ElementState, ProcessInstanceRow } from './state.js';
import { toElementInstanceRow, toProcessInstanceRow } from './rows.js';

interface PendingInsert {
  columns: string[];
  rows: unknown[][];
}

/**
 * One engine step: the state of the locked root instances, read once, changed in memory by the
 * token walk, and written back by `flushStep` in a few batched statements before commit.
 */
export class Step {
  readonly now: Date;
  readonly processInstances = new Map<string, ProcessInstanceRow>();
  readonly elements = new Map<string, ElementInstanceRow>();
  agenda: Action[] = [];
  readonly inserts = new Map<string, PendingInsert>();
  /** `table|column` to the keys whose rows are deleted at flush. */
  readonly deletes = new Map<string, Set<string>>();
  readonly statements: Array<[string, unknown[]]> = [];
  readonly endedElementKeys = new Set<string>();
  readonly terminatedElementKeys = new Set<string>();
  readonly afterCommit: Array<() => void> = [];
  /** Scope key to variable name to value, for the scopes read so far. */
  readonly variables = new Map<string, Map<string, unknown>>();
  readonly dirtyVariables = new Map<string, Set<string>>();
  /** Flow scope key to `elementId|flowId` to token count, for joining gateways. */
  readonly joinTokens = new Map<string, Map<string, number>>();
  readonly dirtyJoins = new Set<string>();
  /** Message keys correlated per process instance in this step, `messageKey|instanceKey`. */
  readonly correlated = new Set<string>();
  private readonly lockedRoots = new Set<string>();

  constructor(
    readonly tx: Transaction,
    readonly engine: EngineContext,
  ) {
    this.now = engine.clock.now();
  }

  get dialect() {
    return this.tx.dialect;
  }

  /**
   * Locks the process instance rows of a root (the root and its active call activity children)
   * and loads the root's active state. Other steps on the same root wait for this one to commit.
   * The lock and the reads go out in one round trip on MySQL. The reads run after the lock is
   * held, so under READ COMMITTED they see the latest committed rows.
   */
  async lockRoot(rootKey: string): Promise<ProcessInstanceRow> {
    if (!this.lockedRoots.has(rootKey)) {
      const results = await this.tx.runEach(this.rootStatements('?', [rootKey]));
      await this.loadLockedRoot(rootKey, results);
    }
    return this.processInstance(rootKey);
  }

  /**
   * Reads the row of `table` with `key` (locking it first when `lockRow` is set), locks and
   * loads its root as `lockRoot` does, then runs `after` under the root lock, all in one round
   * trip on MySQL. The row is `undefined` when it does not exist.
   */
  async lockRootOf(
    table: 'engine_user_task' | 'engine_job',
    key: string,
    lockRow: boolean,
    after: Statement[] = [],
  ): Promise<{ row: Record<string, unknown> | undefined; after: StatementResult[] }> {
    const rowSql = `SELECT * FROM ${table} WHERE \`key\` = ?${lockRow ? this.dialect.forUpdate : ''}`;
    const rootKeyOfRow = `(SELECT root_key FROM ${table} WHERE \`key\` = ?)`;
    const rootStatements = this.rootStatements(rootKeyOfRow, [key]);
    const [rowResult, ...results] = await this.tx.runEach([
      [rowSql, [key]],
      ...rootStatements,
      ...after,
    ]);
    const row = rowResult!.records[0];
    const afterResults = results.slice(rootStatements.length);
    if (!row) return { row, after: afterResults };
    const rootKey = String(row.root_key);
    if (!this.lockedRoots.has(rootKey)) {
      await this.loadLockedRoot(rootKey, results.slice(0, rootStatements.length));
    }
    return { row, after: afterResults };
  }

  /** Builds the lock and the reads of a root whose key is the SQL expression `rootKey`. */
  private rootStatements(rootKey: string, parameters: unknown[]): Statement[] {
    return [
      [
        `SELECT * FROM engine_process_instance WHERE root_key = ${rootKey}` +
          ` AND (state = 'ACTIVE' OR \`key\` = ${rootKey})${this.dialect.forUpdate}`,
        [...parameters, ...parameters],
      ],
      [
        `SELECT * FROM engine_element_instance WHERE root_key = ${rootKey} AND state = 'ACTIVE'`,
        parameters,
      ],
      [
        `SELECT scope_key, name, value FROM engine_variable WHERE root_key = ${rootKey}`,
        parameters,
      ],
    ];
  }

  private async loadLockedRoot(rootKey: string, results: StatementResult[]) {
    const [instances = [], elements = [], variables = []] = results.map((r) => r.records);
    if (!instances.some((row) => String(row.key) === rootKey)) {
      throw new NotFoundError(`process instance ${rootKey} not found`, { value: rootKey });
    }
    this.lockedRoots.add(rootKey);
    await this.loadRoot(rootKey, instances, elements);
    this.loadRootVariables(variables);
  }

  private async loadRoot(
    rootKey: string,
    instances: Record<string, unknown>[],
    elements: Record<string, unknown>[],
  ): Promise<void> {
    let joins = false;
    for (const row of instances) {
      const definition = await this.engine.definitions.get(this.tx, String(row.definition_key));
      const instance = toProcessInstanceRow(this.dialect, row, definition.model);
      this.processInstances.set(instance.key, instance);
      joins ||= hasJoiningGateway(definition.model);
    }
    for (const row of elements) {
      const element = toElementInstanceRow(this.dialect, row);
      this.elements.set(element.key, element);
    }
    if (joins) await this.loadJoinTokens(rootKey);
  }

  /**
   * Stores the variables of every scope of a locked root. Each active element instance and
   * process instance of the root counts as read, so `loadScopes` skips them later.
   */
  private loadRootVariables(rows: Record<string, unknown>[]): void {
    const scopes = [...this.processInstances.keys(), ...this.elements.keys()];
    for (const key of scopes) {
      if (!this.variables.has(key)) this.variables.set(key, new Map());
    }
    for (const row of rows) {
      const scope = this.variables.get(String(row.scope_key));
      // Rows of scopes that are no longer active are left unread, as `loadScopes` would.
      if (scope && !scope.has(String(row.name))) {
        scope.set(String(row.name), JSON.parse(String(row.value)));
      }
    }
  }

  private async loadJoinTokens(rootKey: string): Promise<void> {
    const rows = await this.tx.query('SELECT * FROM engine_join_token WHERE root_key = ?', [
      rootKey,
    ]);
    for (const row of rows) {
      const scope = this.joinScope(String(row.flow_scope_key));
      scope.set(`${row.element_id}|${row.sequence_flow_id}`, Number(row.count));
    }
  }

  joinScope(flowScopeKey: string): Map<string, number> {
    let scope = this.joinTokens.get(flowScopeKey);
    if (!scope) {
      scope = new Map();
      this.joinTokens.set(flowScopeKey, scope);
    }
    return scope;
  }

  processInstance(key: string): ProcessInstanceRow {
    const instance = this.processInstances.get(key);
    if (!instance) throw new NotFoundError(`process instance ${key} not found`, { value: key });
    return instance;
  }

  element(key: string): ElementInstanceRow {
    const element = this.elements.get(key);
    if (!element) {
      throw new NotFoundError(`element instance ${key} not found or no longer active`, {
        value: key,
      });
    }
    return element;
  }

  modelOf(processInstanceKey: string): ProcessModel {
    return this.processInstance(processInstanceKey).model;
  }

  elementOf(instance: ElementInstanceRow): Element {
    const element = this.modelOf(instance.processInstanceKey).elements[instance.elementId];
    if (!element) throw new Error(`element ${instance.elementId} missing from its model`);
    return element;
  }

  /** Active element instances directly in a scope (an element instance or process instance). */
  activeChildren(scopeKey: string): ElementInstanceRow[] {
    const children: ElementInstanceRow[] = [];
    for (const element of this.elements.values()) {
      if (element.flowScopeKey === scopeKey && element.state === 'ACTIVE') children.push(element);
    }
    return children;
  }

  async newKey(): Promise<string> {
    return this.engine.keys.allocate(this.tx);
  }

  addProcessInstance(instance: ProcessInstanceRow): void {
    this.processInstances.set(instance.key, instance);
    this.variables.set(instance.key, new Map());
  }

  addElement(instance: ElementInstanceRow): void {
    this.elements.set(instance.key, instance);
    this.variables.set(instance.key, new Map());
  }

  endElement(instance: ElementInstanceRow, state: ElementState): void {
    instance.state = state;
    instance.endedAt = this.now;
    instance.dirty = true;
    this.endedElementKeys.add(instance.key);
    if (state === 'TERMINATED') this.terminatedElementKeys.add(instance.key);
  }

  insert(table: string, row: Record<string, unknown>): void {
    const columns = Object.keys(row);
    const id = `${table}|${columns.join(',')}`;
    let pending = this.inserts.get(id);
    if (!pending) {
      pending = { columns, rows: [] };
      this.inserts.set(id, pending);
    }
    pending.rows.push(columns.map((column) => row[column]));
  }

  deleteWhere(table: string, column: string, key: string): void {
    const id = `${table}|${column}`;
    let keys = this.deletes.get(id);
    if (!keys) {
      keys = new Set();
      this.deletes.set(id, keys);
    }
    keys.add(key);
  }

  /** Queues a statement that runs at flush, after the inserts. */
  execute(sql: string, parameters: unknown[]): void {
    this.statements.push([sql, parameters]);
  }

  /** Reads the variables of the given scopes that this step has not read yet. */
  async loadScopes(scopeKeys: string[]): Promise<void> {
    const missing = scopeKeys.filter((key) => !this.variables.has(key));
    if (missing.length === 0) return;
    const rows = await this.tx.query<{ scope_key: unknown; name: string; value: string }>(
      `SELECT scope_key, name, value FROM engine_variable WHERE scope_key IN (${placeholders(missing.length)})`,
      missing,
    );
    for (const key of missing) this.variables.set(key, new Map());
    for (const row of rows) {
      this.variables.get(String(row.scope_key))!.set(row.name, JSON.parse(row.value));
    }
  }

  setVariable(scopeKey: string, name: string, value: unknown): void {
    let scope = this.variables.get(scopeKey);
    if (!scope) {
      scope = new Map();
      this.variables.set(scopeKey, scope);
    }
    scope.set(name, value === undefined ? null : value);
    let dirty = this.dirtyVariables.get(scopeKey);
    if (!dirty) {
      dirty = new Set();
      this.dirtyVariables.set(scopeKey, dirty);
    }
    dirty.add(name);
  }
}

/** Checks whether a process has a parallel or inclusive gateway that joins several flows. */
export function hasJoiningGateway(model: ProcessModel): boolean {
  return Object.values(model.elements).some(
    (element) =>
      (element.kind === 'parallelGateway' || element.kind === 'inclusiveGateway') &&
      element.incoming.length > 1,
  );
}
