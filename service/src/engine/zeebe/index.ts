export { ZeebeEngine } from './zeebe-engine.js';
export type { ZeebeEngineConfig, ZeebeEngineOptions, ZeebeOAuthConfig } from './zeebe-config.js';
