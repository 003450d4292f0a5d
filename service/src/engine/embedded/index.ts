export { EmbeddedEngine, type EmbeddedEngineConfig } from './embedded-engine.js';
export { ManualClock, systemClock, type Clock } from './clock.js';
export type { EngineOptions } from './context.js';
