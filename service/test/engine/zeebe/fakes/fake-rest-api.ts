import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

import express, { type Express, type NextFunction, type Request, type Response } from 'express';

import type { FakeCluster, UserTaskRecord } from './fake-cluster.js';
import * as views from './fake-rest-views.js';

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export interface FakeRestApi {
  /** The base URL without `/v2`, as the SDK's ZEEBE_REST_ADDRESS takes it. */
  url: string;
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
  ) {
    super(detail);
  }
}

type View = views.View;

/**
 * Starts a loopback HTTP server with the Camunda 8.8 REST API (v2) endpoints the Zeebe adapter
 * calls, over the same fake cluster as the fake gateway. Errors are `application/problem+json`
 * with the documented status codes.
 */
export async function startFakeCamundaRest(options: {
  cluster: FakeCluster;
  requiredToken?: string;
}): Promise<FakeRestApi> {
  const { cluster } = options;
  const requests: RecordedRequest[] = [];
  const variableKeys = new Map<string, string>();
  const app = express();
  app.use(express.json({ type: () => true }));
  app.use((req, _res, next) => {
    requests.push({ method: req.method, path: req.path, body: req.body, headers: req.headers });
    if (options.requiredToken && req.headers.authorization !== `Bearer ${options.requiredToken}`) {
      return next(new Problem(401, 'UNAUTHORIZED', 'Expected a valid bearer token'));
    }
    next();
  });

  addSearchRoutes(app, cluster, variableKeys);
  addReadRoutes(app, cluster, variableKeys);
  addUserTaskRoutes(app, cluster);

  app.use((error: Error, req: Request, res: Response, _next: NextFunction) => {
    const problem =
      error instanceof Problem ? error : new Problem(500, 'INTERNAL_ERROR', error.message);
    res
      .status(problem.status)
      .type('application/problem+json')
      .send(
        JSON.stringify({
          type: 'about:blank',
          title: problem.title,
          status: problem.status,
          detail: problem.message,
          instance: req.path,
        }),
      );
  });

  const server: Server = await new Promise((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Adds the POST `/v2/<entity>/search` endpoints. */
function addSearchRoutes(
  app: Express,
  cluster: FakeCluster,
  variableKeys: Map<string, string>,
): void {
  const search = (path: string, list: () => View[], special: SpecialFilters = {}): void => {
    app.post(`/v2/${path}/search`, (req, res) =>
      res.json(searchPage(list(), req.body ?? {}, special)),
    );
  };
  search('process-definitions', () => cluster.definitions.map(views.definitionView));
  search('process-instances', () =>
    [...cluster.instances.values()].map((i) => views.instanceView(cluster, i)),
  );
  search('element-instances', () =>
    [...cluster.elements.values()].map((e) => views.elementView(cluster, e)),
  );
  search('incidents', () =>
    [...cluster.incidents.values()].map((i) => views.incidentView(cluster, i)),
  );
  search('variables', () => views.variableViews(cluster, variableKeys).map(withoutFullValue));
  search(
    'user-tasks',
    () => [...cluster.userTasks.values()].map((t) => views.userTaskView(cluster, t)),
    {
      candidateGroup: (item, value) => (item.candidateGroups as string[]).includes(String(value)),
      candidateUser: (item, value) => (item.candidateUsers as string[]).includes(String(value)),
    },
  );
}

/** Adds the GET endpoints for one process definition's XML and one variable. */
function addReadRoutes(
  app: Express,
  cluster: FakeCluster,
  variableKeys: Map<string, string>,
): void {
  app.get('/v2/process-definitions/:key/xml', (req, res) => {
    const definition = cluster.definitions.find((d) => d.key === req.params.key);
    if (!definition) throw notFound('process definition', req.params.key);
    res.type('text/xml').send(definition.xml);
  });
  app.get('/v2/variables/:key', (req, res) => {
    const variable = views
      .variableViews(cluster, variableKeys)
      .find((v) => v.variableKey === req.params.key);
    if (!variable) throw notFound('variable', req.params.key);
    res.json({ ...withoutFullValue(variable), value: variable.fullValue, isTruncated: false });
  });
}

/** Adds the user task endpoints: get, assign, unassign, update and complete. */
function addUserTaskRoutes(app: Express, cluster: FakeCluster): void {
  app.get('/v2/user-tasks/:key', (req, res) => {
    res.json(views.userTaskView(cluster, findTask(cluster, req.params.key, false)));
  });
  app.post('/v2/user-tasks/:key/assignment', (req, res) => {
    const task = findTask(cluster, req.params.key, true);
    const { assignee, allowOverride } = req.body ?? {};
    if (typeof assignee !== 'string' || assignee === '') {
      throw new Problem(
        400,
        'INVALID_ARGUMENT',
        'No assignee provided; the assignee must not be empty',
      );
    }
    if (allowOverride === false && task.assignee) {
      throw new Problem(
        409,
        'INVALID_STATE',
        `User task ${task.key} is already assigned to ${task.assignee}`,
      );
    }
    task.assignee = assignee;
    res.status(204).end();
  });
  app.delete('/v2/user-tasks/:key/assignee', (req, res) => {
    findTask(cluster, req.params.key, true).assignee = undefined;
    res.status(204).end();
  });
  app.patch('/v2/user-tasks/:key', (req, res) => {
    const task = findTask(cluster, req.params.key, true);
    applyChangeset(task, (req.body ?? {}).changeset);
    res.status(204).end();
  });
  app.post('/v2/user-tasks/:key/completion', (req, res) => {
    const task = findTask(cluster, req.params.key, true);
    task.state = 'COMPLETED';
    task.completionDate = new Date(cluster.now()).toISOString();
    cluster.mergeIntoInstance(task.instanceKey, (req.body ?? {}).variables ?? {});
    cluster.endElement(task.element, 'COMPLETED');
    res.status(204).end();
  });
}

function notFound(what: string, key: string): Problem {
  return new Problem(404, 'NOT_FOUND', `${what} with key '${key}' not found`);
}

function withoutFullValue(view: View): View {
  const copy = { ...view };
  delete copy.fullValue;
  return copy;
}

/** Finds a user task; a command (not a read) on a task that is no longer CREATED gets 409. */
function findTask(cluster: FakeCluster, key: string, forCommand: boolean): UserTaskRecord {
  const task = cluster.userTasks.get(key);
  if (!task) throw notFound('user task', key);
  if (forCommand && task.state !== 'CREATED') {
    throw new Problem(
      409,
      'INVALID_STATE',
      `User task with key '${key}' is in state '${task.state}'`,
    );
  }
  return task;
}

/** Applies a changeset; an empty date clears it and an empty list clears the candidates. */
function applyChangeset(
  task: UserTaskRecord,
  changeset: Record<string, unknown> | undefined,
): void {
  const known = ['dueDate', 'followUpDate', 'candidateUsers', 'candidateGroups', 'priority'];
  if (
    !changeset ||
    !known.some((field) => changeset[field] !== undefined && changeset[field] !== null)
  ) {
    throw new Problem(
      400,
      'INVALID_ARGUMENT',
      'No update data provided; set at least one changeset attribute',
    );
  }
  if (typeof changeset.dueDate === 'string') task.dueDate = changeset.dueDate || undefined;
  if (typeof changeset.followUpDate === 'string')
    task.followUpDate = changeset.followUpDate || undefined;
  if (Array.isArray(changeset.candidateUsers))
    task.candidateUsers = changeset.candidateUsers.map(String);
  if (Array.isArray(changeset.candidateGroups))
    task.candidateGroups = changeset.candidateGroups.map(String);
  if (typeof changeset.priority === 'number') task.priority = changeset.priority;
}

type SpecialFilters = Record<string, (item: View, value: unknown) => boolean>;

interface SearchBody {
  filter?: Record<string, unknown>;
  page?: { from?: number; limit?: number };
  sort?: Array<{ field: string; order?: string }>;
}

/** Filters by equality (or a special rule), sorts, and cuts one page, as the search endpoints do. */
function searchPage(items: View[], body: SearchBody, special: SpecialFilters) {
  const filter = body.filter ?? {};
  const matching = items.filter((item) =>
    Object.entries(filter).every(([field, value]) =>
      special[field] ? special[field](item, value) : String(item[field]) === String(value),
    ),
  );
  for (const { field, order } of [...(body.sort ?? [])].reverse()) {
    const direction = order === 'DESC' ? -1 : 1;
    matching.sort((a, b) => direction * compare(a[field], b[field]));
  }
  const from = body.page?.from ?? 0;
  const limit = body.page?.limit ?? 100;
  return {
    items: matching.slice(from, from + limit),
    page: { totalItems: matching.length, startCursor: null, endCursor: null },
  };
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a ?? '').localeCompare(String(b ?? ''));
}
