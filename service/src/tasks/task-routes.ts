import type { Router } from 'express';
import type { DataSource } from 'typeorm';
import type { AuditLog } from '../audit/index.js';
import type { StoredFileLookup } from '../documents/index.js';
import type { EnginePort } from '../engine/index.js';
import { createRoutesRouter } from './routes.router.js';
import type { TaskProjection } from './task-projection.js';
import { createTasksRouter } from './tasks.router.js';

/** Services that the task list and route start routers need. */
export interface TaskHttpDependencies {
  projection: TaskProjection;
  audit: AuditLog;
  /** The file store, to check that file fields of completion forms name stored PDFs. */
  files: StoredFileLookup;
  now?: () => Date;
}

/** Mounts `/tasks` and `/routes` on the authenticated API router. */
export function mountTaskRoutes(
  api: Router,
  deps: TaskHttpDependencies & { dataSource: DataSource; engine: EnginePort },
): void {
  api.use('/tasks', createTasksRouter(deps));
  api.use('/routes', createRoutesRouter(deps));
}
