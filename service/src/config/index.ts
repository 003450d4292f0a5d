import { join, resolve } from 'node:path';
import { z } from 'zod';
import { logLevels, variableNames, variables, type VariableName } from './variables.js';

export { variables, variableNames, type VariableName } from './variables.js';

export type LogLevel = (typeof logLevels)[number];

export interface ZeebeConfig {
  /** host:port of the gRPC gateway. */
  address: string;
  transport: 'plaintext' | 'tls';
  caFile?: string;
  oauth?: { clientId: string; clientSecret: string; oauthUrl: string; audience?: string };
  /** Base URL of the Camunda 8 REST API, without `/v2`. */
  restAddress: string;
}

export interface Config {
  /** Address that the HTTP server listens on: DOCROUTE_HOST, or 127.0.0.1 when it is unset. */
  host: string;
  port: number;
  /** Absolute path of the folder for the SQLite file, stored files and the e-mail outbox. */
  dataDir: string;
  databaseUrl: string;
  logLevel: LogLevel;
  /** Absolute path of the folder whose `.bpmn` files are deployed at start-up. */
  processesDir: string;
  maxUploadBytes: number;
  files: { dir: string };
  signing: {
    /** Base64 of the 32-byte key that encrypts signing keys at rest, when configured. */
    keyEncryptionKey?: string;
    /** Folder of the key records, the generated master key and the development CA. */
    keysDir: string;
    /** PEM file of the CA certificates trusted when signatures are verified. */
    trustAnchorsFile?: string;
  };
  /** `smtpUrl` when mail goes to an SMTP server; otherwise `.eml` files land in `outboxDir`. */
  mail: { smtpUrl?: string; outboxDir: string };
  /** URL at which users reach docroute, without a trailing slash; task links in e-mails use it. */
  publicUrl: string;
  /** JSON file of the working calendar, deadlines and escalation; built-in defaults when unset. */
  deadlinesFile?: string;
  auth: {
    /** Key that signs access tokens; the secret file in `dataDir` is used when absent. */
    jwtSecret?: string;
    /** Whether start-up adds the demo organisation's missing records. */
    demoSeed: boolean;
  };
  engine: {
    pollIntervalMs: number;
    maxVariableBytes: number;
    /** Present when ZEEBE_ADDRESS is set: the service then uses Zeebe, not the embedded engine. */
    zeebe?: ZeebeConfig;
  };
}

export interface ConfigProblem {
  key: string;
  /** The value received, with secrets and URL passwords masked; absent when the key is unset. */
  value?: string;
  expected: string;
}

/** A configuration with one or more missing or invalid keys; `problems` lists every one. */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    super(formatConfigProblems(problems));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Formats configuration problems as lines for an operator, one line per key. */
export function formatConfigProblems(problems: ConfigProblem[]): string {
  const lines = problems.map((problem) => {
    const received = problem.value === undefined ? 'not set' : `received "${problem.value}"`;
    return `  ${problem.key}: ${received}; expected ${problem.expected}`;
  });
  return [`invalid configuration (${problems.length} problem(s)):`, ...lines].join('\n');
}

/** Masks a secret entirely, and the password of anything that parses as a URL. */
export function maskValue(key: string, value: string): string {
  if ((variables as Record<string, { secret?: boolean }>)[key]?.secret) return '****';
  if (!URL.canParse(value)) return value;
  const url = new URL(value);
  if (url.password === '') return value;
  url.password = '****';
  return url.toString();
}

const oauthKeys = [
  'DOCROUTE_ZEEBE_CLIENT_ID',
  'DOCROUTE_ZEEBE_CLIENT_SECRET',
  'DOCROUTE_ZEEBE_OAUTH_URL',
] as const satisfies VariableName[];

const zeebeOnlyKeys = [
  ...oauthKeys,
  'DOCROUTE_ZEEBE_AUDIENCE',
  'DOCROUTE_ZEEBE_TLS',
  'DOCROUTE_ZEEBE_CA_FILE',
  'DOCROUTE_CAMUNDA_REST_ADDRESS',
] as const satisfies VariableName[];

type Parsed = Partial<Record<VariableName, unknown>>;

/** Reads the docroute variables from `env` (empty values count as unset). */
function pickVariables(env: NodeJS.ProcessEnv): Partial<Record<VariableName, string>> {
  const picked: Partial<Record<VariableName, string>> = {};
  for (const name of variableNames) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') picked[name] = value.trim();
  }
  return picked;
}

function checkCombinations(raw: Partial<Record<VariableName, string>>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (raw.ZEEBE_ADDRESS === undefined) {
    for (const key of zeebeOnlyKeys.filter((name) => raw[name] !== undefined)) {
      problems.push({
        key,
        value: maskValue(key, raw[key]!),
        expected: 'to be set only together with ZEEBE_ADDRESS (it configures the Zeebe client)',
      });
    }
    return problems;
  }
  if (oauthKeys.some((name) => raw[name] !== undefined)) {
    for (const key of oauthKeys.filter((name) => raw[name] === undefined)) {
      problems.push({
        key,
        expected: `${variables[key].expected}; OAuth needs ${oauthKeys.join(', ')} together`,
      });
    }
  }
  return problems;
}

function buildConfig(parsed: Parsed, cwd: string): Config {
  const dataDir = resolve(cwd, (parsed.DOCROUTE_DATA_DIR as string | undefined) ?? './data');
  const smtpUrl = parsed.SMTP_URL as string | undefined;
  const port = (parsed.PORT as number | undefined) ?? 3000;
  const publicUrl =
    (parsed.DOCROUTE_PUBLIC_URL as string | undefined) ?? `http://localhost:${port}`;
  return {
    host: (parsed.DOCROUTE_HOST as string | undefined) ?? '127.0.0.1',
    port,
    dataDir,
    databaseUrl:
      (parsed.DATABASE_URL as string | undefined) ?? `sqlite:${join(dataDir, 'docroute.sqlite')}`,
    logLevel: (parsed.DOCROUTE_LOG_LEVEL as LogLevel | undefined) ?? 'info',
    processesDir: resolve(
      cwd,
      (parsed.DOCROUTE_PROCESSES_DIR as string | undefined) ?? './processes',
    ),
    maxUploadBytes: (parsed.DOCROUTE_MAX_UPLOAD_BYTES as number | undefined) ?? 25 * 1024 * 1024,
    files: { dir: join(dataDir, 'files') },
    signing: buildSigningConfig(parsed, dataDir),
    mail: { ...(smtpUrl ? { smtpUrl } : {}), outboxDir: join(dataDir, 'outbox') },
    publicUrl: publicUrl.replace(/\/+$/, ''),
    ...(parsed.DOCROUTE_DEADLINES_FILE
      ? { deadlinesFile: resolve(cwd, parsed.DOCROUTE_DEADLINES_FILE as string) }
      : {}),
    auth: buildAuthConfig(parsed),
    engine: {
      pollIntervalMs: (parsed.DOCROUTE_ENGINE_POLL_MS as number | undefined) ?? 500,
      maxVariableBytes: (parsed.DOCROUTE_MAX_VARIABLE_BYTES as number | undefined) ?? 1024 * 1024,
      ...(parsed.ZEEBE_ADDRESS ? { zeebe: buildZeebeConfig(parsed) } : {}),
    },
  };
}

function buildAuthConfig(parsed: Parsed): Config['auth'] {
  const jwtSecret = parsed.DOCROUTE_JWT_SECRET as string | undefined;
  const seed = (parsed.DOCROUTE_DEMO_SEED as string | undefined) ?? 'auto';
  return {
    ...(jwtSecret ? { jwtSecret } : {}),
    demoSeed: seed === 'true' || (seed === 'auto' && parsed.DATABASE_URL === undefined),
  };
}

function buildSigningConfig(parsed: Parsed, dataDir: string): Config['signing'] {
  const keyEncryptionKey = parsed.DOCROUTE_KEY_ENCRYPTION_KEY as string | undefined;
  const trustAnchorsFile = parsed.DOCROUTE_TRUST_ANCHORS_FILE as string | undefined;
  return {
    keysDir: join(dataDir, 'keys'),
    ...(keyEncryptionKey ? { keyEncryptionKey } : {}),
    ...(trustAnchorsFile ? { trustAnchorsFile } : {}),
  };
}

function buildZeebeConfig(parsed: Parsed): ZeebeConfig {
  const clientId = parsed.DOCROUTE_ZEEBE_CLIENT_ID as string | undefined;
  const oauth = clientId
    ? {
        clientId,
        clientSecret: parsed.DOCROUTE_ZEEBE_CLIENT_SECRET as string,
        oauthUrl: parsed.DOCROUTE_ZEEBE_OAUTH_URL as string,
        ...(parsed.DOCROUTE_ZEEBE_AUDIENCE
          ? { audience: parsed.DOCROUTE_ZEEBE_AUDIENCE as string }
          : {}),
      }
    : undefined;
  const caFile = parsed.DOCROUTE_ZEEBE_CA_FILE as string | undefined;
  const address = parsed.ZEEBE_ADDRESS as string;
  // OAuth credentials must not travel in plain text, so TLS is the default with OAuth.
  const tls = (parsed.DOCROUTE_ZEEBE_TLS as boolean | undefined) ?? oauth !== undefined;
  return {
    address,
    transport: tls ? 'tls' : 'plaintext',
    ...(caFile ? { caFile } : {}),
    ...(oauth ? { oauth } : {}),
    restAddress:
      (parsed.DOCROUTE_CAMUNDA_REST_ADDRESS as string | undefined) ?? defaultRestAddress(address),
  };
}

/**
 * Returns the REST address on the gRPC host at port 8080, where the Zeebe gateway serves its REST
 * API by default.
 */
function defaultRestAddress(grpcAddress: string): string {
  const host = grpcAddress.slice(0, grpcAddress.lastIndexOf(':'));
  return `http://${host}:8080`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Reads and validates the configuration from `env` once. Throws a `ConfigError` that lists every
 * missing or invalid key, so an operator can fix them all in one go. Relative paths resolve
 * against `cwd`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const raw = pickVariables(env);
  const shape = Object.fromEntries(
    variableNames.map((name) => [name, variables[name].schema.optional()]),
  );
  const result = z.object(shape).safeParse(raw);
  const problems: ConfigProblem[] = [];
  if (!result.success) {
    const keys = new Set(result.error.issues.map((issue) => String(issue.path[0])));
    for (const key of variableNames.filter((name) => keys.has(name))) {
      problems.push({ key, value: maskValue(key, raw[key]!), expected: variables[key].expected });
    }
  }
  const reported = new Set(problems.map((problem) => problem.key));
  problems.push(...checkCombinations(raw).filter((problem) => !reported.has(problem.key)));
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return deepFreeze(buildConfig(result.data as Parsed, cwd));
}
