import { Router } from 'express';
import { z } from 'zod';
import type { HttpDependencies } from '../dependencies.js';
import {
  keySchema,
  parseInput,
  parseKey,
  requestBodySchema,
  variablesSchema,
} from '../validation.js';

const listUserTasksSchema = z.object({
  state: z.enum(['CREATED', 'COMPLETED', 'CANCELED']).optional(),
  assignee: z.string().min(1).optional(),
  candidateGroup: z.string().min(1).optional(),
  candidateUser: z.string().min(1).optional(),
  processInstanceKey: keySchema.optional(),
  bpmnProcessId: z.string().min(1).optional(),
  elementId: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

const assignmentSchema = requestBodySchema({
  /** `null` removes the assignee. */
  assignee: z.string().min(1).nullable(),
});

const completionSchema = requestBodySchema({
  variables: variablesSchema.optional(),
});

/**
 * `GET /api/user-tasks`, `POST /api/user-tasks/:key/assignment` and
 * `POST /api/user-tasks/:key/completion`.
 */
export function createUserTasksRouter(deps: HttpDependencies): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const filter = parseInput(listUserTasksSchema, req.query, 'query');
    res.json(await deps.engine.listUserTasks(filter));
  });

  router.post('/:key/assignment', async (req, res) => {
    const key = parseKey(req.params.key);
    const { assignee } = parseInput(assignmentSchema, req.body, 'body');
    await deps.engine.assignUserTask(key, assignee);
    req.log.info({ userTaskKey: key, assignee }, 'user task assigned');
    res.status(204).end();
  });

  router.post('/:key/completion', async (req, res) => {
    const key = parseKey(req.params.key);
    const { variables } = parseInput(completionSchema, req.body ?? {}, 'body');
    await deps.engine.completeUserTask(key, variables);
    req.log.info({ userTaskKey: key }, 'user task completed');
    res.status(204).end();
  });

  return router;
}
