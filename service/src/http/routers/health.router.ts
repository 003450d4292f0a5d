import { Router } from 'express';
import { pingDatabase } from '../../db/index.js';
import type { EngineHealth } from '../../engine/index.js';
import type { HttpDependencies, WorkerHealth } from '../dependencies.js';

async function checkEngine(engine: HttpDependencies['engine']): Promise<EngineHealth> {
  try {
    return await engine.health();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, engine: engine.kind, details: { error: message } };
  }
}

async function checkWorkers(workers: HttpDependencies['workers']): Promise<WorkerHealth | null> {
  if (!workers) return null;
  try {
    return await workers();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, details: { error: message } };
  }
}

/** `GET /health`: 200 when the database, the engine and the workers are healthy, else 503. */
export function createHealthRouter(deps: HttpDependencies): Router {
  const router = Router();
  router.get('/health', async (req, res) => {
    const [database, engine, workers] = await Promise.all([
      pingDatabase(deps.dataSource),
      checkEngine(deps.engine),
      checkWorkers(deps.workers),
    ]);
    const ok = database.ok && engine.ok && (workers?.ok ?? true);
    if (!ok) req.log.warn({ database, engine, workers }, 'health check failed');
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'unavailable',
      database,
      engine,
      ...(workers ? { workers } : {}),
    });
  });
  return router;
}
