import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ensureTasklistBundle, tasklistDistDir } from './tasklist-bundle.js';

export interface TasklistRouterDependencies {
  logger: Logger;
}

/** Folders of the pdfjs-dist package that the PDF viewer loads at run time. */
const pdfjsFolders = ['build', 'cmaps', 'standard_fonts', 'wasm', 'iccs'];

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/**
 * The page loads scripts, styles, workers and data only from this server. Inline styles stay
 * allowed because the page sets element styles (canvas sizes) from script.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "worker-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
};

/**
 * Serves the staff task list at `/tasklist/` (building the bundle first when it is missing or
 * stale), and the pdf.js worker, fonts and character maps from node_modules at
 * `/tasklist/pdfjs/`. Mount it at the application root. The page calls the `/api` routes.
 */
export function createTasklistRouter(deps: TasklistRouterDependencies): Router {
  const router = Router();
  router.use('/tasklist', securityHeaders);
  for (const folder of pdfjsFolders) {
    const files = express.static(join(pdfjsRoot, folder), { index: false, maxAge: '1d' });
    router.use(`/tasklist/pdfjs/${folder}`, files);
  }
  router.use('/tasklist', async (_req, _res, next) => {
    await ensureTasklistBundle(deps.logger);
    next();
  });
  router.use('/tasklist', express.static(tasklistDistDir, { index: 'index.html' }));
  return router;
}
