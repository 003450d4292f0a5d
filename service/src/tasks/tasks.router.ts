import { Router, type Request } from 'express';
import type { DataSource } from 'typeorm';
import type { AuditLog } from '../audit/index.js';
import type { AuthenticatedUser } from '../auth/index.js';
import { foldText, type StoredFileLookup } from '../documents/index.js';
import type { EnginePort } from '../engine/index.js';
import { UnauthorizedError, ValidationError } from '../errors/index.js';
import { TaskActionService, type RequestInfo } from './task-actions.service.js';
import { taskDetail } from './task-detail.js';
import { TaskListService } from './task-list.service.js';
import type { TaskProjection } from './task-projection.js';
import { parseTaskQuery } from './task-query.js';
import { summarise } from './task-summary.js';
import type { TaskEntity } from './task.entities.js';

export interface TasksRouterDependencies {
  dataSource: DataSource;
  engine: EnginePort;
  projection: TaskProjection;
  audit: AuditLog;
  files: StoredFileLookup;
  now?: () => Date;
}

function callerOf(req: Request): AuthenticatedUser {
  if (!req.user) throw new UnauthorizedError('missing access token', { reason: 'token_missing' });
  return req.user;
}

function infoOf(req: Request): RequestInfo {
  return { method: req.method, path: req.originalUrl };
}

function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError('the request body must be a JSON object', {
      field: 'body',
      value: body,
    });
  }
  return body as Record<string, unknown>;
}

/**
 * Creates the staff task list at `/api/tasks`: pages of the caller's tasks, a task's detail with its
 * document, files, earlier comments, form and allowed actions, and the actions themselves.
 */
export function createTasksRouter(deps: TasksRouterDependencies): Router {
  const now = deps.now ?? (() => new Date());
  const list = new TaskListService(deps.dataSource, now);
  const actions = new TaskActionService({ ...deps, now });
  const router = Router();
  const respond = async (
    res: import('express').Response,
    task: TaskEntity,
    user: AuthenticatedUser,
  ) => {
    res.json(await taskDetail(deps.dataSource, task, user, now()));
  };

  router.get('/', async (req, res) => {
    const query = parseTaskQuery(req.query as Record<string, unknown>, foldText);
    res.json(await list.list(callerOf(req), query));
  });
  router.get('/:key', async (req, res) => {
    const user = callerOf(req);
    await respond(res, await actions.visible(req.params.key, user, infoOf(req)), user);
  });
  router.get('/:key/summary', async (req, res) => {
    const user = callerOf(req);
    const task = await actions.visible(req.params.key, user, infoOf(req));
    const [summary] = await summarise(deps.dataSource, [task], now(), user.clearance);
    res.json(summary);
  });
  router.post('/:key/claim', async (req, res) => {
    const user = callerOf(req);
    await respond(res, await actions.claim(req.params.key, user, infoOf(req)), user);
  });
  router.post('/:key/unclaim', async (req, res) => {
    const user = callerOf(req);
    await respond(res, await actions.unclaim(req.params.key, user, infoOf(req)), user);
  });
  router.post('/:key/completion', async (req, res) => {
    const user = callerOf(req);
    const task = await actions.complete(req.params.key, user, bodyOf(req), infoOf(req));
    await respond(res, task, user);
  });
  router.post('/:key/delegation', async (req, res) => {
    const user = callerOf(req);
    const task = await actions.delegate(req.params.key, user, bodyOf(req), infoOf(req));
    await respond(res, task, user);
  });
  router.post('/:key/take-back', async (req, res) => {
    const user = callerOf(req);
    await respond(res, await actions.takeBack(req.params.key, user, infoOf(req)), user);
  });
  router.post('/:key/forwarding', async (req, res) => {
    const user = callerOf(req);
    const task = await actions.forward(req.params.key, user, bodyOf(req), infoOf(req));
    await respond(res, task, user);
  });
  return router;
}
