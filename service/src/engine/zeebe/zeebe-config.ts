import { readFileSync } from 'node:fs';

import type { Camunda8 } from '@camunda8/sdk';
import type { Logger as PinoLogger } from 'pino';

import { ValidationError } from '../../errors/index.js';

/** OAuth 2.0 client credentials for a secured Camunda 8 cluster. */
export interface ZeebeOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** The token endpoint, such as `https://login.cloud.camunda.io/oauth/token`. */
  oauthUrl: string;
  /** The token audience for the Zeebe and REST APIs; the SDK sends `zeebe.camunda.io` when absent. */
  audience?: string;
  /** An OAuth scope, which some identity providers (Microsoft Entra ID) require. */
  scope?: string;
}

export interface ZeebeEngineConfig {
  /** The gRPC gateway as `host:port`, such as `127.0.0.1:26500`. */
  address: string;
  /** `plaintext` for an unencrypted channel, `tls` for TLS. */
  transport: 'plaintext' | 'tls';
  /** A PEM file with the CA that signed the gateway's certificate; the system CAs when absent. */
  caFile?: string;
  oauth?: ZeebeOAuthConfig;
  /** The Camunda 8 REST API base URL without `/v2`, such as `http://127.0.0.1:8080`. */
  restAddress: string;
  /** The tenant of every command; `<default>` when multi-tenancy is off. */
  tenantId?: string;
  /**
   * Milliseconds a job-based user task stays activated for this service before Zeebe offers it
   * again. Defaults to 30 days, because a person may take that long to act.
   */
  userTaskJobTimeoutMs?: number;
  /**
   * Milliseconds between two polls for user task changes made inside Zeebe, which become
   * `onUserTask` events; 5,000 by default, and 0 turns polling off.
   */
  userTaskPollIntervalMs?: number;
}

export interface ZeebeEngineOptions {
  config: ZeebeEngineConfig;
  logger: PinoLogger;
}

/** The configuration that `new Camunda8(...)` takes. */
export type Camunda8ClientConfiguration = NonNullable<ConstructorParameters<typeof Camunda8>[0]>;

const DEFAULT_USER_TASK_JOB_TIMEOUT_MS = 30 * 24 * 60 * 60 * 1000;
const DEFAULT_USER_TASK_POLL_INTERVAL_MS = 5_000;

export type ValidZeebeConfig = ZeebeEngineConfig &
  Required<Pick<ZeebeEngineConfig, 'tenantId' | 'userTaskJobTimeoutMs' | 'userTaskPollIntervalMs'>>;

/** Checks the configuration and reports every bad field at once. */
export function validateZeebeConfig(config: ZeebeEngineConfig): ValidZeebeConfig {
  const problems: string[] = [];
  if (!/^[^\s:/]+:\d{1,5}$/.test(config.address ?? '')) {
    problems.push(
      `address "${config.address}" is invalid: expected host:port such as 127.0.0.1:26500`,
    );
  }
  if (config.transport !== 'plaintext' && config.transport !== 'tls') {
    problems.push(`transport "${config.transport}" is invalid: expected "plaintext" or "tls"`);
  }
  if (!isHttpUrl(config.restAddress)) {
    problems.push(`restAddress "${config.restAddress}" is invalid: expected an http(s) URL`);
  }
  if (config.oauth) {
    for (const field of ['clientId', 'clientSecret'] as const) {
      if (!config.oauth[field]) problems.push(`oauth.${field} is missing`);
    }
    if (!isHttpUrl(config.oauth.oauthUrl)) {
      problems.push(
        `oauth.oauthUrl "${config.oauth.oauthUrl}" is invalid: expected an http(s) URL`,
      );
    }
  }
  const timeout = config.userTaskJobTimeoutMs ?? DEFAULT_USER_TASK_JOB_TIMEOUT_MS;
  if (!Number.isInteger(timeout) || timeout < 1) {
    problems.push(`userTaskJobTimeoutMs ${timeout} is invalid: expected a positive integer`);
  }
  const pollInterval = config.userTaskPollIntervalMs ?? DEFAULT_USER_TASK_POLL_INTERVAL_MS;
  if (!Number.isInteger(pollInterval) || pollInterval < 0) {
    problems.push(
      `userTaskPollIntervalMs ${pollInterval} is invalid: expected an integer of 0 or more`,
    );
  }
  if (problems.length > 0) {
    throw new ValidationError(`Invalid Zeebe configuration: ${problems.join('; ')}`, {
      field: 'zeebe',
      problems,
    });
  }
  return {
    ...config,
    tenantId: config.tenantId ?? '<default>',
    userTaskJobTimeoutMs: timeout,
    userTaskPollIntervalMs: pollInterval,
  };
}

function isHttpUrl(value: string | undefined): boolean {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function readCaFile(caFile: string): string {
  try {
    return readFileSync(caFile, 'utf8');
  } catch (error) {
    throw new ValidationError(
      `Zeebe CA file ${caFile} cannot be read; set caFile to a readable PEM file`,
      { field: 'caFile', value: caFile },
      { cause: error },
    );
  }
}

/**
 * Builds the complete SDK configuration from ours. Every setting the SDK would otherwise take
 * from ZEEBE_* or CAMUNDA_* environment variables is set here: strings the service does not use
 * are set to '' because the SDK merges the environment below explicit values and skips undefined.
 */
export function toSdkConfiguration(
  config: ValidZeebeConfig,
  logger: PinoLogger,
): Camunda8ClientConfiguration {
  const scheme = config.transport === 'tls' ? 'grpcs' : 'grpc';
  return {
    ZEEBE_GRPC_ADDRESS: `${scheme}://${config.address}`,
    ZEEBE_ADDRESS: '',
    ZEEBE_REST_ADDRESS: config.restAddress.replace(/\/+$/, ''),
    CAMUNDA_TENANT_ID: config.tenantId,
    ...authSettings(config.oauth),
    CAMUNDA_CUSTOM_ROOT_CERT_PATH: '',
    CAMUNDA_CUSTOM_ROOT_CERT_STRING: config.caFile ? readCaFile(config.caFile) : '',
    CAMUNDA_CUSTOM_CERT_CHAIN_PATH: '',
    CAMUNDA_CUSTOM_PRIVATE_KEY_PATH: '',
    CAMUNDA_CUSTOM_USER_AGENT_STRING: 'docroute',
    // NOTE: the SDK's support log is a singleton configured from the environment when the SDK
    // loads, so CAMUNDA_SUPPORT_LOG_ENABLED=true in the environment still turns it on.
    CAMUNDA_SUPPORT_LOG_ENABLED: false,
    CAMUNDA_LOG_LEVEL: 'warn',
    logger: toSdkLogger(logger),
    zeebeGrpcSettings: {
      ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
      // The adapter maps UNAVAILABLE and RESOURCE_EXHAUSTED to TransientError, and callers retry
      // with their own back-off, so the SDK must not retry forever inside one call.
      ZEEBE_GRPC_CLIENT_RETRY: false,
      ZEEBE_GRPC_CLIENT_EAGER_CONNECT: false,
    },
  };
}

function authSettings(oauth: ZeebeOAuthConfig | undefined): Camunda8ClientConfiguration {
  const blanks = {
    CAMUNDA_OAUTH_TOKEN: '',
    CAMUNDA_BASIC_AUTH_USERNAME: '',
    CAMUNDA_BASIC_AUTH_PASSWORD: '',
    CAMUNDA_CONSOLE_CLIENT_ID: '',
    CAMUNDA_CONSOLE_CLIENT_SECRET: '',
  };
  if (!oauth) {
    return { ...blanks, CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_OAUTH_DISABLED: true };
  }
  return {
    ...blanks,
    CAMUNDA_AUTH_STRATEGY: 'OAUTH',
    CAMUNDA_OAUTH_DISABLED: false,
    CAMUNDA_OAUTH_URL: oauth.oauthUrl,
    ZEEBE_CLIENT_ID: oauth.clientId,
    ZEEBE_CLIENT_SECRET: oauth.clientSecret,
    ZEEBE_TOKEN_AUDIENCE: oauth.audience ?? 'zeebe.camunda.io',
    CAMUNDA_ZEEBE_OAUTH_AUDIENCE: oauth.audience ?? 'zeebe.camunda.io',
    CAMUNDA_TOKEN_SCOPE: oauth.scope ?? '',
    // Tokens stay in memory: the SDK would otherwise write them under the home directory.
    CAMUNDA_TOKEN_DISK_CACHE_DISABLE: true,
    CAMUNDA_OAUTH_FAIL_ON_ERROR: true,
  };
}

type SdkLogger = NonNullable<Camunda8ClientConfiguration['logger']>;

/** Adapts pino (fields first) to the SDK's logger (message first, then metadata). */
function toSdkLogger(logger: PinoLogger): SdkLogger {
  const sdk = logger.child({ component: 'camunda-sdk' });
  const forward =
    (level: 'info' | 'warn' | 'error' | 'debug' | 'trace') =>
    (message: string | undefined, ...meta: unknown[]): void => {
      sdk[level]({ meta: meta.length > 0 ? meta : undefined }, String(message ?? ''));
    };
  return {
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
    debug: forward('debug'),
    trace: forward('trace'),
  };
}
