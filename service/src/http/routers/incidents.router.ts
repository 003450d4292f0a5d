import { Router } from 'express';
import { z } from 'zod';
import type { HttpDependencies } from '../dependencies.js';
import { keySchema, parseInput, parseKey, requestBodySchema } from '../validation.js';

const listIncidentsSchema = z.object({
  processInstanceKey: keySchema.optional(),
  state: z.enum(['ACTIVE', 'RESOLVED']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

const resolveIncidentSchema = requestBodySchema({
  retries: z.number().int().min(1).optional(),
});

/** `GET /api/incidents` (filter by processInstanceKey, state, limit) and resolution. */
export function createIncidentsRouter(deps: HttpDependencies): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const filter = parseInput(listIncidentsSchema, req.query, 'query');
    res.json(await deps.engine.listIncidents(filter));
  });

  router.post('/:key/resolve', async (req, res) => {
    const incidentKey = parseKey(req.params.key);
    const { retries } = parseInput(resolveIncidentSchema, req.body ?? {}, 'body');
    await deps.engine.resolveIncident({ incidentKey, ...(retries ? { retries } : {}) });
    req.log.info({ incidentKey }, 'incident resolved');
    res.status(204).end();
  });

  return router;
}
