export { ensureTasklistBundle } from './tasklist-bundle.js';
export { createTasklistRouter, type TasklistRouterDependencies } from './tasklist.router.js';
