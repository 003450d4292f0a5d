import { Router, type Request } from 'express';
import type { AuthenticatedUser } from '../auth/index.js';
import { WorkingCalendar } from '../calendar/index.js';
import { ValidationError } from '../errors/index.js';
import { hasClearance, type Role } from '../org/index.js';
import { registerToCsv, registerToPdf } from '../registers/index.js';
import { followUpTable, loadFollowUpRegister } from './follow-up-register.service.js';
import { rejectUnknownParameters, requiredDate } from './query-params.js';
import { callerOf, clearanceFor, TrackingRefusal } from './tracking-access.js';
import { recordRefusals, type TrackingDependencies } from './tracking.router.js';

/** Roles that keep or read the agency's registers. */
const REGISTER_ROLES: readonly Role[] = ['clerk', 'agency_leader', 'unit_leader'];
const SECRECY_CODES = ['mat', 'toi-mat', 'tuyet-mat'];
const FORMATS = ['json', 'csv', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

/** Returns the format from `?format=`, else from the Accept header, JSON by default. */
function formatOf(req: Request): Format {
  const format = req.query.format;
  if (format !== undefined) {
    if (!FORMATS.includes(format as Format)) {
      throw new ValidationError(
        `format must be one of ${FORMATS.join(', ')}, not ${JSON.stringify(format)}`,
        { field: 'format', value: format },
      );
    }
    return format as Format;
  }
  const accepted = req.accepts(['application/json', 'text/csv', 'application/pdf']);
  if (accepted === 'text/csv') return 'csv';
  if (accepted === 'application/pdf') return 'pdf';
  return 'json';
}

/**
 * Returns the secrecy codes the register lists: ordinary documents, or with `secret=true` the secret
 * levels the caller is cleared for.
 */
function secreciesOf(caller: AuthenticatedUser, secret: unknown): string[] {
  if (secret === undefined || secret === 'false') return ['none'];
  if (secret !== 'true') {
    throw new ValidationError('secret must be true or false', { field: 'secret', value: secret });
  }
  const cleared = SECRECY_CODES.filter((code) =>
    hasClearance(caller.clearance, clearanceFor(code)),
  );
  if (cleared.length === 0) {
    throw new TrackingRefusal('clearance', 'the secret register needs a secrecy clearance', {
      field: 'secret',
      value: secret,
    });
  }
  return cleared;
}

/** Accepts an `organId` parameter only when it names the caller's own agency. */
function checkOrganId(caller: AuthenticatedUser, organId: unknown): void {
  if (organId === undefined || organId === caller.organId) return;
  throw new TrackingRefusal(
    'other_agency',
    `the follow-up register covers your own agency ${caller.organId} only; leave out organId`,
    { field: 'organId', value: organId },
  );
}

/**
 * `GET /api/registers/follow-up?from=&to=&secret=&format=json|csv|pdf`: the follow-up register
 * of incoming documents of the caller's agency that arrived from `from` to `to` (`YYYY-MM-DD`).
 * CSV is UTF-8 with a byte order mark so that Excel reads the Vietnamese text.
 */
export function createFollowUpRouter(deps: TrackingDependencies): Router {
  const router = Router();
  const calendar = deps.calendar ?? new WorkingCalendar();
  const now = deps.now ?? (() => new Date());

  router.get('/', async (req, res) => {
    const query = req.query as Record<string, unknown>;
    rejectUnknownParameters(query, ['from', 'to', 'secret', 'format', 'organId']);
    const format = formatOf(req);
    const from = requiredDate(query, 'from');
    const to = requiredDate(query, 'to');
    if (from > to) {
      throw new ValidationError(
        `the period from ${from} to ${to} ends before it starts; swap from and to`,
        { field: 'from', value: from, to },
      );
    }
    const caller = callerOf(req);
    if (!caller.roles.some((role) => REGISTER_ROLES.includes(role))) {
      throw new TrackingRefusal('role', 'the follow-up register is for clerks and leaders', {
        field: 'roles',
        value: caller.roles,
      });
    }
    checkOrganId(caller, query.organId);
    const secrecies = secreciesOf(caller, query.secret);
    const request = {
      organId: caller.organId,
      from,
      to,
      secrecies,
      secret: secrecies[0] !== 'none',
    };
    const register = await loadFollowUpRegister(deps.dataSource, calendar, request, now());
    await deps.onRegisterExported?.(req, {
      organId: request.organId,
      book: 'follow-up',
      from,
      to,
      secret: request.secret,
      format,
    });
    if (format === 'json') {
      res.json(register);
      return;
    }
    const table = followUpTable(register);
    const body = format === 'csv' ? registerToCsv(table) : await registerToPdf(table);
    res
      .status(200)
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf')
      .attachment(`so-theo-doi-${from}-${to}.${format}`)
      .send(body);
  });
  router.use(recordRefusals(deps));

  return router;
}
