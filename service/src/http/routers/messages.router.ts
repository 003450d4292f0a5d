import { Router } from 'express';
import { z } from 'zod';
import type { HttpDependencies } from '../dependencies.js';
import { parseInput, requestBodySchema, variablesSchema } from '../validation.js';

const publishMessageSchema = requestBodySchema({
  name: z.string().min(1),
  correlationKey: z.string(),
  /** How long an uncorrelated message stays buffered; 0, the default, means not at all. */
  timeToLiveMs: z.number().int().nonnegative().default(0),
  messageId: z.string().min(1).optional(),
  variables: variablesSchema.optional(),
});

/** `POST /api/messages`: publishes a message, returning its key. */
export function createMessagesRouter(deps: HttpDependencies): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const request = parseInput(publishMessageSchema, req.body, 'body');
    const published = await deps.engine.publishMessage(request);
    req.log.debug({ messageKey: published.messageKey, name: request.name }, 'message published');
    res.status(200).json(published);
  });
  return router;
}
