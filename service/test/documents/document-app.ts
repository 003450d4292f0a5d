import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type Express, type Request } from 'express';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import { createDocumentRouters, type Secrecy } from '../../src/documents/index.js';
import { LocalFileStore } from '../../src/files/index.js';
import { createErrorHandler } from '../../src/http/problem.js';
import { createFilesRouter, createVersionsRouter } from '../../src/http/routers/files.router.js';
import type { DocumentServices } from './document-fixtures.js';

/**
 * Builds an application with the document, version, file, case file, register and audit routes
 * on a file store in a new temporary folder. Test users name themselves and their clearance in
 * the headers `x-test-user` and `x-test-clearance`, where the service authenticates.
 */
export function buildDocumentApp(services: DocumentServices): {
  app: Express;
  files: LocalFileStore;
} {
  const files = new LocalFileStore(mkdtempSync(join(tmpdir(), 'docroute-document-files-')));
  const actorOf = (req: Request) => req.header('x-test-user') ?? 'khach';
  const clearanceOf = (req: Request) => (req.header('x-test-clearance') ?? 'none') as Secrecy;
  const routers = createDocumentRouters(services.dataSource, services, {
    actorOf,
    clearanceOf,
    files,
  });

  const app = express();
  app.use(express.json());
  app.use(pinoHttp({ logger: pino({ level: 'silent' }) }));

  app.use('/organisations', routers.organisations);
  app.use('/documents', createVersionsRouter({ files, ...services, actorOf, clearanceOf }));
  app.use('/documents', routers.documents);
  app.use('/case-files', routers.caseFiles);
  app.use('/registers', routers.registers);
  app.use('/audit', routers.audit);
  app.use('/files', createFilesRouter({ files, maxUploadBytes: 1_000_000 }));

  app.use(createErrorHandler(1_000_000));
  return { app, files };
}

/** Stores a small PDF whose bytes differ by `label` and returns its file id. */
export async function storePdf(files: LocalFileStore, label: string): Promise<string> {
  const content = Buffer.from(`%PDF-1.4\n% ${label}\n%%EOF\n`, 'latin1');
  return (await files.put(content, { name: `${label}.pdf` })).id;
}
