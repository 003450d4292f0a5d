import express, { type Express, type RequestHandler } from 'express';
import { createHttpLogger } from '../log/index.js';
import { createModelerRouter } from '../modeler/index.js';
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

// NOTE: every /api route is open until login arrives with the staff task list. The
// `authenticate` option is the one place where authentication and authorisation plug in.
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
  if (deps.modeler) {
    app.use(createModelerRouter(deps.modeler));
    // The root has no page of its own; a browser opening the server lands in the modeler.
    app.get('/', (_req, res) => res.redirect(302, '/modeler/'));
  }

  const api = express.Router();
  api.use(deps.authenticate ?? allowEveryone);
  api.use(express.json({ limit: deps.config.maxUploadBytes }));
  api.use('/deployments', createDeploymentsRouter(deps));
  api.use('/processes', createProcessesRouter(deps));
  api.use('/process-instances', createInstancesRouter(deps));
  api.use('/messages', createMessagesRouter(deps));
  api.use('/incidents', createIncidentsRouter(deps));
  api.use('/user-tasks', createUserTasksRouter(deps));
  mountDocumentRoutes(api, deps);
  app.use('/api', api);

  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.config.maxUploadBytes));
  return app;
}
