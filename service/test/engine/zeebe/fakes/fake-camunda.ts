import { pino } from 'pino';

import { ZeebeEngine, type ZeebeEngineConfig } from '../../../../src/engine/zeebe/index.js';
import { FakeCluster } from './fake-cluster.js';
import {
  startFakeZeebeGateway,
  type FakeGateway,
  type FakeGatewayOptions,
} from './fake-gateway.js';
import { startFakeOAuthServer, type FakeOAuthServer } from './fake-oauth.js';
import { startFakeCamundaRest, type FakeRestApi } from './fake-rest-api.js';

export interface FakeCamunda {
  cluster: FakeCluster;
  gateway: FakeGateway;
  rest: FakeRestApi;
  oauth?: FakeOAuthServer;
  /** Engine configuration pointing at these fakes. */
  config: ZeebeEngineConfig;
  /** Creates and starts an engine; `stop()` stops it with the fakes. */
  startEngine(overrides?: Partial<ZeebeEngineConfig>): Promise<ZeebeEngine>;
  stop(): Promise<void>;
}

export const TEST_CLIENT = { clientId: 'docroute-test', clientSecret: 'test-secret' };

/** Starts a fake gateway and REST API over one cluster, and with `oauth` a token endpoint too. */
export async function startFakeCamunda(
  options: { oauth?: boolean; tls?: FakeGatewayOptions['tls']; cluster?: FakeCluster } = {},
): Promise<FakeCamunda> {
  const cluster = options.cluster ?? new FakeCluster();
  const oauth = options.oauth ? await startFakeOAuthServer(TEST_CLIENT) : undefined;
  const gateway = await startFakeZeebeGateway({
    cluster,
    requiredToken: oauth?.token,
    tls: options.tls,
  });
  const rest = await startFakeCamundaRest({ cluster, requiredToken: oauth?.token });
  const config: ZeebeEngineConfig = {
    address: gateway.address,
    transport: options.tls ? 'tls' : 'plaintext',
    restAddress: rest.url,
    // Tests poll for user task changes by calling pollUserTasks(), so that no background request
    // lands among the recorded ones.
    userTaskPollIntervalMs: 0,
    oauth: oauth ? { ...TEST_CLIENT, oauthUrl: oauth.url, audience: 'zeebe-api' } : undefined,
  };
  const engines: ZeebeEngine[] = [];
  return {
    cluster,
    gateway,
    rest,
    oauth,
    config,
    async startEngine(overrides = {}) {
      const engine = new ZeebeEngine({
        config: { ...config, ...overrides },
        logger: pino({ level: 'silent' }),
      });
      await engine.start();
      engines.push(engine);
      return engine;
    },
    async stop() {
      await Promise.all(engines.map((engine) => engine.stop()));
      await Promise.all([gateway.stop(), rest.stop(), oauth?.stop()]);
    },
  };
}
