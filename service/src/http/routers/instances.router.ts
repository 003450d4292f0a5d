import { Router } from 'express';
import { z } from 'zod';
import type { HttpDependencies } from '../dependencies.js';
import { parseInput, parseKey, requestBodySchema, variablesSchema } from '../validation.js';

const createInstanceSchema = requestBodySchema({
  bpmnProcessId: z.string().min(1),
  version: z.number().int().positive().optional(),
  variables: variablesSchema.optional(),
});

/**
 * `POST /api/process-instances`, `GET /api/process-instances/:key` and
 * `POST /api/process-instances/:key/cancellation`.
 */
export function createInstancesRouter(deps: HttpDependencies): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const request = parseInput(createInstanceSchema, req.body, 'body');
    const created = await deps.engine.createInstance(request);
    req.log.info(
      { processInstanceKey: created.processInstanceKey, bpmnProcessId: created.bpmnProcessId },
      'process instance created',
    );
    res.status(201).json(created);
  });

  router.get('/:key', async (req, res) => {
    const key = parseKey(req.params.key);
    const instance = await deps.engine.getInstance(key);
    const history = await deps.engine.getInstanceHistory(key);
    res.json({ ...instance, history });
  });

  router.post('/:key/cancellation', async (req, res) => {
    const key = parseKey(req.params.key);
    await deps.engine.cancelInstance(key);
    req.log.info({ processInstanceKey: key }, 'process instance cancelled');
    res.status(204).end();
  });

  return router;
}
