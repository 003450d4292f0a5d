export { createApp } from './app.js';
export type { HttpDependencies, WorkerHealth } from './dependencies.js';
export { problemContentType, type Problem } from './problem.js';
export { serverUrl } from './server-url.js';
