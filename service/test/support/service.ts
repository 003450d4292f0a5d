import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import supertest from 'supertest';
import { startService, type RunningService } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/log/index.js';
import { DEMO_AGENCIES, DEMO_PASSWORDS } from '../../src/org/demo-seed.data.js';

/**
 * The real service for HTTP tests: `startService` on port 0 with a temporary data folder, the
 * given database, the processes in processes/ and the demo organisation seeded.
 */

const processesDir = resolve(import.meta.dirname, '../../../processes');

export interface TestService {
  service: RunningService;
  url: string;
  dataDir: string;
  /** A supertest agent on the service. */
  api(): supertest.Agent;
  /** Logs a demo user in with their demo password and returns the access token. */
  login(username: string): Promise<string>;
  /** Returns `Authorization` header value for a demo user, logging in once per username. */
  bearer(username: string): Promise<string>;
  stop(): Promise<void>;
}

/** Returns the demo password of `username`: the password of its first role. */
export function demoPassword(username: string): string {
  const user = DEMO_AGENCIES.flatMap((agency) => agency.users).find(
    (candidate) => candidate.username === username,
  );
  if (!user) throw new Error(`${username} is not a demo user`);
  return DEMO_PASSWORDS[user.roles[0]];
}

/**
 * Starts the service on `database.url`. `env` adds or overrides configuration variables, such as
 * `DOCROUTE_LOG_LEVEL`.
 */
export async function startTestService(
  database: { url: string },
  env: Record<string, string> = {},
): Promise<TestService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'docroute-service-'));
  const config = loadConfig({
    DATABASE_URL: database.url,
    DOCROUTE_DATA_DIR: dataDir,
    DOCROUTE_PROCESSES_DIR: processesDir,
    DOCROUTE_ENGINE_POLL_MS: '20',
    DOCROUTE_DEMO_SEED: 'true',
    PORT: '0',
    ...env,
  });
  const logLevel = env.DOCROUTE_LOG_LEVEL ?? 'silent';
  const service = await startService(config, createLogger({ level: logLevel as 'silent' }));
  const api = (): supertest.Agent => supertest.agent(service.url);
  const login = async (username: string): Promise<string> => {
    const response = await api()
      .post('/api/auth/login')
      .send({ username, password: demoPassword(username) });
    if (response.status !== 200) {
      throw new Error(`login of ${username} failed: ${response.status} ${response.text}`);
    }
    return response.body.accessToken as string;
  };
  const tokens = new Map<string, string>();
  const bearer = async (username: string): Promise<string> => {
    if (!tokens.has(username)) tokens.set(username, await login(username));
    return `Bearer ${tokens.get(username)}`;
  };
  const stop = async (): Promise<void> => {
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { service, url: service.url, dataDir, api, login, bearer, stop };
}
