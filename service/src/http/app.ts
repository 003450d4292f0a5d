import express, { type Express, type RequestHandler } from 'express';
import { ENGINE_ROLES, MODELER_ROLES } from '../access/index.js';
import { createHttpLogger } from '../log/index.js';
import { createOutboxRouter } from '../mail/index.js';
import { createModelerRouter } from '../modeler/index.js';
import { createTasklistRouter } from '../tasklist/index.js';
import { mountTaskRoutes } from '../tasks/index.js';
import { roleGuard } from './access-guards.js';
import type { HttpDependencies } from './dependencies.js';
import { createErrorHandler, notFoundHandler } from './problem.js';
import { createDeploymentsRouter } from './routers/deployments.router.js';
import { mountDocumentRoutes } from './routers/document-routes.js';
import { createHealthRouter } from './routers/health.router.js';
import { createIncidentsRouter } from './routers/incidents.router.js';
import { createInstancesRouter } from './routers/instances.router.js';
import { createMessagesRouter } from './routers/messages.router.js';
import { createProcessesRouter } from './routers/processes.router.js';
import { createUserTasksRouter } from './routers/user-tasks.router.js';
import { mountTrackingRoutes } from './routers/tracking-routes.js';

// Tests that exercise a router alone build the app without `authenticate`; the service always
// passes it.
const allowEveryone: RequestHandler = (_req, _res, next) => next();

/**
 * Builds the Express application: request logging with request ids, JSON bodies up to the
 * upload limit, the routers, and problem+json for every error. It does not listen, so tests can
 * drive it with supertest.
 */
export function createApp(deps: HttpDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(createHttpLogger(deps.logger));
  app.use(createHealthRouter(deps));
  if (deps.tasklist) app.use(createTasklistRouter(deps.tasklist));
  if (deps.modeler) {
    const requireAnalyst = deps.modeler.requireAnalyst ?? deps.access?.requireRoles(MODELER_ROLES);
    app.use(
      createModelerRouter({ authenticate: deps.authenticate, ...deps.modeler, requireAnalyst }),
    );
  }
  // The root has no page of its own. A browser opening the server lands in the task list, or in
  // the modeler when the task list is not mounted.
  if (deps.tasklist) {
    app.get('/', (_req, res) => res.redirect(302, '/tasklist/'));
  } else if (deps.modeler) {
    app.get('/', (_req, res) => res.redirect(302, '/modeler/'));
  }

  const api = express.Router();
  if (deps.login) api.use('/auth', deps.login.authRouter);
  api.use(deps.authenticate ?? allowEveryone);
  api.use(express.json({ limit: deps.config.maxUploadBytes }));
  if (deps.login) api.use('/org', deps.access?.orgReads ?? allowEveryone, deps.login.orgRouter);
  // Staff work through /api/tasks; the engine's own routes are for analysts and administrators.
  const engineRoles = roleGuard(deps, ENGINE_ROLES);
  api.use('/deployments', engineRoles, createDeploymentsRouter(deps));
  api.use('/processes', engineRoles, createProcessesRouter(deps));
  api.use('/process-instances', engineRoles, createInstancesRouter(deps));
  api.use('/messages', engineRoles, createMessagesRouter(deps));
  api.use('/incidents', engineRoles, createIncidentsRouter(deps));
  api.use('/user-tasks', engineRoles, createUserTasksRouter(deps));
  if (deps.outbox) api.use('/outbox', createOutboxRouter(deps.outbox));
  if (deps.access) api.use('/registers', deps.access.registers);
  mountTrackingRoutes(api, deps);
  if (deps.tasks) mountTaskRoutes(api, { ...deps, ...deps.tasks });
  mountDocumentRoutes(api, deps);
  app.use('/api', api);

  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.config.maxUploadBytes));
  return app;
}
