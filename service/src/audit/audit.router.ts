import { Router } from 'express';
import { ValidationError } from '../errors/index.js';
import type { AuditEntryEntity } from './audit-entry.entity.js';
import { MAX_AUDIT_PAGE_SIZE, type AuditLog } from './audit-log.service.js';

const LIST_PARAMETERS = ['documentId', 'after', 'limit'];

/**
 * `GET /?documentId=&after=&limit=` lists entries with `details` as parsed JSON, and
 * `GET /verification` checks the chain. An unknown query parameter is a 400.
 */
export function createAuditRouter(deps: { audit: AuditLog }): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const query = req.query as Record<string, unknown>;
    const unknown = Object.keys(query).find((name) => !LIST_PARAMETERS.includes(name));
    if (unknown !== undefined) {
      throw new ValidationError(
        `unknown query parameter "${unknown}"; the accepted query parameters are ` +
          LIST_PARAMETERS.join(', '),
        { field: unknown, value: query[unknown] },
      );
    }
    const documentId = typeof query.documentId === 'string' ? query.documentId : undefined;
    const entries = await deps.audit.list({
      documentId,
      afterSequence: optionalNumber('after', query.after),
      limit: checkLimit(optionalNumber('limit', query.limit)),
    });
    res.json(entries.map(withParsedDetails));
  });

  router.get('/verification', async (req, res) => {
    const result = await deps.audit.verifyChain();
    if (!result.ok)
      req.log?.error({ sequence: result.sequence, reason: result.reason }, 'audit chain broken');
    res.json(result);
  });

  return router;
}

/** Returns the entry with its stored canonical JSON `details` parsed. */
function withParsedDetails(entry: AuditEntryEntity) {
  return { ...entry, details: JSON.parse(entry.details) as unknown };
}

function checkLimit(limit: number | undefined): number | undefined {
  if (limit === undefined || (limit >= 1 && limit <= MAX_AUDIT_PAGE_SIZE)) return limit;
  throw new ValidationError(
    `limit must be from 1 to ${MAX_AUDIT_PAGE_SIZE}; page on with after=<last sequence>`,
    { field: 'limit', value: limit, limit: MAX_AUDIT_PAGE_SIZE },
  );
}

function optionalNumber(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isInteger(number) || number < 0) {
    throw new ValidationError(`${field} must be a whole number of 0 or more`, { field, value });
  }
  return number;
}
