export {
  DocumentParticipantEntity,
  TaskEntity,
  TaskEventEntity,
  TaskInboxEntity,
  taskEntities,
  type TaskEventKind,
  type TaskState,
} from './task.entities.js';
export { TaskProjection, type TaskProjectionOptions } from './task-projection.js';
export { TaskListService, type TaskPage, type TaskUser } from './task-list.service.js';
export { TaskActionService, type TaskActionOptions } from './task-actions.service.js';
export { createTasksRouter, type TasksRouterDependencies } from './tasks.router.js';
export { formOf, type FormField, type TaskForm } from './task-forms.js';
export { type TaskSummary } from './task-summary.js';
export { type TaskDetail } from './task-detail.js';
export {
  isParticipant,
  participantExists,
  participationOf,
  type SqlCondition,
} from './participation.js';
export { createRoutesRouter, type RoutesRouterDependencies } from './routes.router.js';
export { RouteStarter } from './route-starts.js';
export { mountTaskRoutes, type TaskHttpDependencies } from './task-routes.js';
export { parseTaskQuery, type TaskQuery } from './task-query.js';
export { dueRank, priorityRank, type TaskSort } from './task-ranks.js';
export { appendEvent, type TaskEventInput } from './task-rows.js';
