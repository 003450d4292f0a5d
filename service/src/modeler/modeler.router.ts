import express, { Router } from 'express';
import { createModelerApiRouter } from './modeler-api.router.js';
import { ensureModelerBundle, modelerDistDir } from './modeler-bundle.js';
import type { ModelerDependencies } from './modeler-dependencies.js';

/**
 * Serves the browser modeler at `/modeler` (building the bundle first when it is missing or
 * stale) and its API at `/api/modeler`. Mount it at the application root.
 */
export function createModelerRouter(deps: ModelerDependencies): Router {
  const router = Router();
  router.use('/modeler', async (_req, _res, next) => {
    await ensureModelerBundle(deps.logger);
    next();
  });
  router.use('/modeler', express.static(modelerDistDir, { index: 'index.html' }));
  router.use('/api/modeler', createModelerApiRouter(deps));
  return router;
}
