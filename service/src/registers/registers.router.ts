import { Router, type Request } from 'express';
import { ForbiddenError, ValidationError } from '../errors/index.js';
import { registerToCsv } from './register-csv.js';
import { registerToPdf } from './register-pdf.js';
import { REGISTER_BOOKS, type RegisterBook, type RegisterTable } from './register-table.js';

export interface RegisterExportRequest {
  organId: string;
  book: RegisterBook;
  from: string;
  to: string;
  secret: boolean;
}

export interface RegistersRouterDependencies {
  /** Reads one register's rows for a period. The documents area provides it. */
  loadTable: (request: RegisterExportRequest) => Promise<RegisterTable>;
  /**
   * Returns whether the user may export this register, such as the secret one. Every export is
   * allowed when absent.
   */
  canExport?: (req: Request, request: RegisterExportRequest) => boolean;
  /** Called after each export, for the audit log. */
  onExported?: (
    req: Request,
    request: RegisterExportRequest,
    format: 'csv' | 'pdf',
  ) => Promise<void>;
}

/**
 * `GET /:book?organId=&from=&to=&format=csv|pdf&secret=true`, where book is incoming, outgoing
 * or follow-up and from/to are `YYYY-MM-DD`.
 */
export function createRegistersRouter(deps: RegistersRouterDependencies): Router {
  const router = Router();

  router.get('/:book', async (req, res) => {
    const request = parseExportRequest(req.params.book, req.query as Record<string, unknown>);
    const format = req.query.format ?? 'csv';
    if (format !== 'csv' && format !== 'pdf') {
      throw new ValidationError('format must be csv or pdf', { field: 'format', value: format });
    }
    if (deps.canExport && !deps.canExport(req, request)) {
      throw new ForbiddenError(
        `exporting the ${request.secret ? 'secret ' : ''}${request.book} register is not allowed`,
        {
          field: 'book',
          value: request.book,
        },
      );
    }
    const table = await deps.loadTable(request);
    const body = format === 'csv' ? registerToCsv(table) : await registerToPdf(table);
    await deps.onExported?.(req, request, format);
    const fileName = `so-${request.book}-${request.from}-${request.to}.${format}`;
    res
      .status(200)
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/pdf')
      .attachment(fileName)
      .send(body);
  });

  return router;
}

const EXPORT_PARAMETERS = ['organId', 'from', 'to', 'format', 'secret'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseExportRequest(book: string, query: Record<string, unknown>): RegisterExportRequest {
  const unknown = Object.keys(query).find((name) => !EXPORT_PARAMETERS.includes(name));
  if (unknown !== undefined) {
    throw new ValidationError(
      `unknown query parameter "${unknown}"; the accepted query parameters are ` +
        EXPORT_PARAMETERS.join(', '),
      { field: unknown, value: query[unknown] },
    );
  }
  if (!REGISTER_BOOKS.includes(book as RegisterBook)) {
    throw new ValidationError(`register must be one of ${REGISTER_BOOKS.join(', ')}`, {
      field: 'book',
      value: book,
    });
  }
  for (const field of ['organId', 'from', 'to']) {
    if (typeof query[field] !== 'string' || query[field] === '') {
      throw new ValidationError(`${field} is missing from the query`, {
        field,
        value: query[field],
      });
    }
  }
  checkPeriod(query.from as string, query.to as string);
  if (query.secret !== undefined && query.secret !== 'true' && query.secret !== 'false') {
    throw new ValidationError('secret must be true or false', {
      field: 'secret',
      value: query.secret,
    });
  }
  return {
    organId: query.organId as string,
    book: book as RegisterBook,
    from: query.from as string,
    to: query.to as string,
    secret: query.secret === 'true',
  };
}

/** Checks that from and to are dates written YYYY-MM-DD, with from on or before to. */
function checkPeriod(from: string, to: string): void {
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    const parsed = new Date(`${value}T00:00:00Z`);
    if (
      !ISO_DATE.test(value) ||
      Number.isNaN(parsed.getTime()) ||
      !parsed.toISOString().startsWith(value)
    ) {
      throw new ValidationError(`${field} must be a calendar date written YYYY-MM-DD`, {
        field,
        value,
      });
    }
  }
  if (from > to) {
    throw new ValidationError(
      `the period from ${from} to ${to} ends before it starts; swap from and to`,
      { field: 'from', value: from, to },
    );
  }
}
