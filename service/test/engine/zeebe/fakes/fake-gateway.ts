import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

import { FakeCluster, FakeRejection } from './fake-cluster.js';
import * as jobs from './fake-jobs.js';

/** One request the fake gateway received, with its metadata (lower-case header names). */
export interface RecordedCall {
  method: string;
  request: Record<string, unknown>;
  metadata: Record<string, string>;
}

export interface FakeGatewayOptions {
  cluster?: FakeCluster;
  /** When set, every call must carry `authorization: Bearer <token>` or fails UNAUTHENTICATED. */
  requiredToken?: string;
  /** PEM key and certificate; the gateway serves TLS when given. */
  tls?: { key: Buffer; cert: Buffer };
}

export interface FakeGateway {
  address: string;
  cluster: FakeCluster;
  calls: RecordedCall[];
  /** Makes the next call of `method` fail with the gRPC status instead of running. */
  failNext(method: string, code: grpc.status, details: string): void;
  stop(): Promise<void>;
}

type Handler = (request: Record<string, unknown>) => Promise<unknown> | unknown;

/** Reads the Zeebe gateway protocol from the copy that @camunda8/sdk ships. */
function loadGatewayService(): grpc.ServiceDefinition {
  const require = createRequire(import.meta.url);
  const sdkRoot = dirname(require.resolve('@camunda8/sdk/package.json'));
  const definition = protoLoader.loadSync(join(sdkRoot, 'dist/proto/zeebe.proto'), {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    gateway_protocol: { Gateway: { service: grpc.ServiceDefinition } };
  };
  return loaded.gateway_protocol.Gateway.service;
}

/** Starts a loopback gRPC server with the Gateway methods that the Zeebe adapter calls. */
export async function startFakeZeebeGateway(
  options: FakeGatewayOptions = {},
): Promise<FakeGateway> {
  const cluster = options.cluster ?? new FakeCluster();
  const calls: RecordedCall[] = [];
  const failures = new Map<string, { code: grpc.status; details: string }>();
  const server = new grpc.Server();

  const admit = (
    method: string,
    request: Record<string, unknown>,
    metadata: grpc.Metadata,
  ): void => {
    const headers = Object.fromEntries(
      Object.entries(metadata.getMap()).map(([name, value]) => [name, String(value)]),
    );
    calls.push({ method, request, metadata: headers });
    if (options.requiredToken && headers.authorization !== `Bearer ${options.requiredToken}`) {
      throw new FakeRejection(
        grpc.status.UNAUTHENTICATED,
        'Expected a valid bearer token in the authorization header',
      );
    }
    const failure = failures.get(method);
    if (failure) {
      failures.delete(method);
      throw new FakeRejection(failure.code, failure.details);
    }
  };

  const unary =
    (method: string, handler: Handler): grpc.handleUnaryCall<Record<string, unknown>, unknown> =>
    (call, callback) => {
      Promise.resolve()
        .then(() => {
          admit(method, call.request, call.metadata);
          return handler(call.request);
        })
        .then((response) => callback(null, response))
        .catch((error: unknown) => callback(toServiceError(error)));
    };

  const handlers = Object.entries(commandHandlers(cluster)).map(([method, handler]) => [
    method,
    unary(method, handler),
  ]);
  server.addService(loadGatewayService(), {
    ...Object.fromEntries(handlers),
    ActivateJobs: (call: grpc.ServerWritableStream<Record<string, unknown>, unknown>) =>
      serveActivation(cluster, call, () => admit('ActivateJobs', call.request, call.metadata)),
  });

  const credentials = options.tls
    ? grpc.ServerCredentials.createSsl(
        null,
        [{ private_key: options.tls.key, cert_chain: options.tls.cert }],
        false,
      )
    : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', credentials, (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    );
  });

  return {
    address: `127.0.0.1:${port}`,
    cluster,
    calls,
    failNext: (method, code, details) => failures.set(method, { code, details }),
    stop: async () => server.forceShutdown(),
  };
}

/** Returns the unary Gateway methods, each taking the decoded request and returning the response. */
function commandHandlers(cluster: FakeCluster): Record<string, Handler> {
  return {
    Topology: () => topology(),
    DeployResource: (request) => deployResource(cluster, request),
    CreateProcessInstance: (request) => {
      const instance = cluster.createInstance(
        String(request.bpmnProcessId),
        Number(request.version),
        String(request.variables ?? ''),
      );
      const definition = instance.definition;
      return {
        processDefinitionKey: definition.key,
        bpmnProcessId: definition.bpmnProcessId,
        version: definition.version,
        processInstanceKey: instance.key,
        tenantId: '<default>',
      };
    },
    CancelProcessInstance: (request) => {
      cluster.cancelInstance(String(request.processInstanceKey));
      return {};
    },
    PublishMessage: (request) => ({
      key: cluster.publishMessage(
        String(request.messageId ?? ''),
        Number(request.timeToLive),
        String(request.variables ?? ''),
      ),
      tenantId: '<default>',
    }),
    SetVariables: (request) => ({
      key: cluster.setVariables(
        String(request.elementInstanceKey),
        String(request.variables ?? ''),
        request.local === true,
      ),
    }),
    CompleteJob: (request) => {
      jobs.completeJob(cluster, String(request.jobKey), String(request.variables ?? ''));
      return {};
    },
    FailJob: (request) => {
      jobs.failJob(cluster, {
        jobKey: String(request.jobKey),
        retries: Number(request.retries),
        errorMessage: String(request.errorMessage ?? ''),
        retryBackOff: Number(request.retryBackOff ?? 0),
        variables: String(request.variables ?? ''),
      });
      return {};
    },
    ThrowError: (request) => {
      const { jobKey, errorCode, errorMessage, variables } = request;
      jobs.throwError(
        cluster,
        String(jobKey),
        String(errorCode),
        String(errorMessage ?? ''),
        String(variables ?? ''),
      );
      return {};
    },
    UpdateJobRetries: (request) => {
      jobs.updateJobRetries(cluster, String(request.jobKey), Number(request.retries));
      return {};
    },
    ResolveIncident: (request) => {
      jobs.resolveIncident(cluster, String(request.incidentKey));
      return {};
    },
  };
}

function toServiceError(error: unknown): Partial<grpc.ServiceError> {
  if (error instanceof FakeRejection) return { code: error.code, details: error.message };
  return { code: grpc.status.INTERNAL, details: (error as Error).message };
}

async function deployResource(cluster: FakeCluster, request: Record<string, unknown>) {
  const resources = (request.resources as Array<{ name: string; content: Buffer }>) ?? [];
  const { deploymentKey, definitions } = await cluster.deploy(resources);
  return {
    key: deploymentKey,
    tenantId: '<default>',
    deployments: definitions.map((definition) => ({
      process: {
        bpmnProcessId: definition.bpmnProcessId,
        version: definition.version,
        processDefinitionKey: definition.key,
        resourceName: definition.resourceName,
        tenantId: '<default>',
      },
    })),
  };
}

function topology() {
  return {
    brokers: [
      {
        nodeId: 0,
        host: '127.0.0.1',
        port: 26501,
        partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }],
        version: '8.8.0',
      },
    ],
    clusterSize: 1,
    partitionsCount: 1,
    replicationFactor: 1,
    gatewayVersion: '8.8.0',
  };
}

/**
 * Serves ActivateJobs like the gateway. Jobs available now are sent at once. Otherwise the call
 * stays open (long polling) until a job appears or `requestTimeout` ends. A negative timeout
 * returns at once, and 0 means this fake's default of 10 seconds.
 */
function serveActivation(
  cluster: FakeCluster,
  call: grpc.ServerWritableStream<Record<string, unknown>, unknown>,
  admit: () => void,
): void {
  const request = call.request as unknown as jobs.ActivationRequest & { requestTimeout: string };
  try {
    admit();
    jobs.checkActivation(request);
  } catch (error) {
    call.emit('error', toServiceError(error));
    return;
  }
  const tryActivate = (): boolean => {
    const activated = jobs.activateJobs(cluster, request);
    if (activated.length === 0) return false;
    call.write({ jobs: activated });
    call.end();
    return true;
  };
  if (tryActivate()) return;
  const wait = Number(request.requestTimeout);
  if (wait < 0) {
    call.end();
    return;
  }
  const finish = (): void => {
    clearTimeout(timer);
    unsubscribe();
  };
  const unsubscribe = cluster.onJobsAvailable(() => {
    if (tryActivate()) finish();
  });
  const timer = setTimeout(
    () => {
      finish();
      call.end();
    },
    wait === 0 ? 10_000 : wait,
  );
  call.on('cancelled', finish);
}
