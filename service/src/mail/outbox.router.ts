import { Router, type RequestHandler } from 'express';
import { ValidationError } from '../errors/index.js';
import { OutboxReader } from './outbox.transport.js';

export interface OutboxRouterDependencies {
  /** Service data folder whose `outbox` subfolder contains the `.eml` files. */
  dataDir: string;
  /** Guard that lets administrators through, such as `requireRole(['administrator'])`. */
  requireAdministrator: RequestHandler;
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

/**
 * Builds the router of `/api/outbox` for administrators: `GET /` lists the e-mails written to the
 * outbox, newest first, without their bodies (`?limit=1..500`, default 50), and `GET /:file`
 * returns one of them with its text and HTML bodies.
 */
export function createOutboxRouter(deps: OutboxRouterDependencies): Router {
  const reader = new OutboxReader({ dataDir: deps.dataDir });
  const router = Router();
  router.use(deps.requireAdministrator);
  router.get('/', async (req, res) => {
    const limit = readLimit(req.query.limit);
    const files = (await reader.listFiles()).reverse().slice(0, limit);
    const items = [];
    for (const file of files) {
      const message = await reader.read(file);
      delete message.text;
      delete message.html;
      items.push(message);
    }
    res.json({ items });
  });
  router.get('/:file', async (req, res) => {
    res.json(await reader.read(req.params.file));
  });
  return router;
}

function readLimit(value: unknown): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const limit = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) {
    throw new ValidationError(`limit must be a whole number from 1 to ${MAX_LIMIT}`, {
      field: 'limit',
      value,
    });
  }
  return limit;
}
