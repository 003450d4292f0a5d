import { Router, type Request } from 'express';
import { z } from 'zod';
import { isCleared } from '../../access/index.js';
import { DocumentEntity } from '../../documents/index.js';
import type { ProcessInstance } from '../../engine/index.js';
import type { HttpDependencies } from '../dependencies.js';
import { parseInput, parseKey, requestBodySchema, variablesSchema } from '../validation.js';

const createInstanceSchema = requestBodySchema({
  bpmnProcessId: z.string().min(1),
  version: z.number().int().positive().optional(),
  variables: variablesSchema.optional(),
});

/**
 * Hides the variables of an instance whose document is more secret than the caller's clearance,
 * because they carry the reviewers' comments. Callers without a login (tests of this router
 * alone) see everything.
 */
async function withinClearance(
  deps: HttpDependencies,
  req: Request,
  instance: ProcessInstance,
): Promise<ProcessInstance & { variablesHidden?: 'clearance' }> {
  const documentId = instance.variables.documentId;
  if (!req.user || typeof documentId !== 'string') return instance;
  const document = await deps.dataSource
    .getRepository(DocumentEntity)
    .findOneBy({ id: documentId });
  if (!document || isCleared(req.user, document)) return instance;
  return { ...instance, variables: {}, variablesHidden: 'clearance' };
}

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
    const instance = await withinClearance(deps, req, await deps.engine.getInstance(key));
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
