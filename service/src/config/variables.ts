import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import { parseDatabaseUrl } from '../db/index.js';

/**
 * The environment variables that docroute reads, with the schema for each and the expected
 * form that a configuration report shows when a value is missing or invalid.
 */

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface VariableSpec {
  schema: z.ZodType;
  /** The expected form, as shown to the operator. */
  expected: string;
  /** Secrets are never shown, not even masked in part. */
  secret?: boolean;
}

const MAX_SAFE_BYTES = Number.MAX_SAFE_INTEGER;

function integer(min: number, max: number): z.ZodType<number> {
  return z
    .string()
    .regex(/^[0-9]+$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

function httpUrl(): z.ZodType<string> {
  return z.string().refine((value) => /^https?:$/.test(safeUrl(value)?.protocol ?? ''));
}

function safeUrl(value: string): URL | undefined {
  return URL.canParse(value) ? new URL(value) : undefined;
}

function isDatabaseUrl(value: string): boolean {
  let kind: string;
  try {
    kind = parseDatabaseUrl(value).kind;
  } catch {
    return false;
  }
  if (kind === 'sqlite') return true;
  const url = safeUrl(value);
  return url !== undefined && url.hostname !== '' && url.pathname.length > 1;
}

/** Accepts an IPv4 or IPv6 address, or a host name such as localhost. */
function isListenHost(value: string): boolean {
  return isIP(value) !== 0 || /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(value);
}

const hostPort = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):[0-9]{1,5}$/;

export const variables = {
  DATABASE_URL: {
    schema: z.string().refine(isDatabaseUrl),
    expected:
      'sqlite:<file path>, or mysql://user:password@host:port/database ' +
      '(mariadb:// is accepted too); default sqlite:<DOCROUTE_DATA_DIR>/docroute.sqlite',
  },
  ZEEBE_ADDRESS: {
    schema: z.string().regex(hostPort),
    expected:
      'host:port of a Zeebe gateway, such as localhost:26500; unset for the embedded engine',
  },
  DOCROUTE_ZEEBE_TLS: {
    schema: z.enum(['true', 'false']).transform((value) => value === 'true'),
    expected: 'true or false; default true with OAuth, else false',
  },
  DOCROUTE_ZEEBE_CA_FILE: {
    schema: z.string().refine(existsSync),
    expected: 'the path of an existing PEM file with the CA certificate of the Zeebe gateway',
  },
  DOCROUTE_ZEEBE_CLIENT_ID: {
    schema: z.string().min(1),
    expected: 'the OAuth client id for Zeebe',
  },
  DOCROUTE_ZEEBE_CLIENT_SECRET: {
    schema: z.string().min(1),
    expected: 'the OAuth client secret for Zeebe',
    secret: true,
  },
  DOCROUTE_ZEEBE_OAUTH_URL: {
    schema: httpUrl(),
    expected: 'the http(s) URL of the OAuth token endpoint',
  },
  DOCROUTE_ZEEBE_AUDIENCE: {
    schema: z.string().min(1),
    expected: 'the OAuth audience of the Zeebe API, such as zeebe-api',
  },
  DOCROUTE_CAMUNDA_REST_ADDRESS: {
    schema: httpUrl(),
    expected:
      'the http(s) URL of the Camunda REST API without /v2; ' +
      'default http://<ZEEBE_ADDRESS host>:8080',
  },
  DOCROUTE_HOST: {
    schema: z.string().refine(isListenHost),
    expected:
      'the IP address or host name to listen on, such as 127.0.0.1, ::1 or 0.0.0.0 for every ' +
      'interface; default 127.0.0.1',
  },
  PORT: {
    schema: integer(0, 65535),
    expected: 'a TCP port from 0 to 65535 (0 picks a free port); default 3000',
  },
  DOCROUTE_DATA_DIR: {
    schema: z.string().min(1),
    expected: 'a folder path; default ./data',
  },
  DOCROUTE_LOG_LEVEL: {
    schema: z.enum(logLevels),
    expected: `one of ${logLevels.join(', ')}; default info`,
  },
  SMTP_URL: {
    schema: z.string().refine((value) => /^smtps?:$/.test(safeUrl(value)?.protocol ?? '')),
    expected: 'smtp://user:password@host:port or smtps://…; unset writes .eml files to the outbox',
  },
  DOCROUTE_DEADLINES_FILE: {
    schema: z.string().refine(existsSync),
    expected:
      'the path of an existing JSON file with the working calendar, step deadlines, reminders ' +
      'and escalation (docs/deadlines.md); default the built-in Vietnam calendar and policy',
  },
  DOCROUTE_PUBLIC_URL: {
    schema: httpUrl(),
    expected:
      'the http:// or https:// URL at which users reach docroute, used for task links in ' +
      'e-mails; default http://localhost:<PORT>',
  },
  DOCROUTE_MAX_UPLOAD_BYTES: {
    schema: integer(1, MAX_SAFE_BYTES),
    expected: 'a positive whole number of bytes; default 26214400 (25 MiB)',
  },
  DOCROUTE_MAX_VARIABLE_BYTES: {
    schema: integer(1, MAX_SAFE_BYTES),
    expected: 'a positive whole number of bytes; default 1048576 (1 MiB)',
  },
  DOCROUTE_PROCESSES_DIR: {
    schema: z.string().min(1),
    expected: 'a folder path; default ./processes',
  },
  DOCROUTE_ENGINE_POLL_MS: {
    schema: integer(10, 3_600_000),
    expected: 'whole milliseconds from 10 to 3600000; default 500',
  },
  DOCROUTE_KEY_ENCRYPTION_KEY: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9+/]+={0,2}$/)
      .refine((value) => Buffer.from(value, 'base64').length === 32),
    expected:
      '32 random bytes in base64 (openssl rand -base64 32); when unset, the key in ' +
      '<DOCROUTE_DATA_DIR>/keys/master.key, which the embedded engine generates and Zeebe requires',
    secret: true,
  },
  DOCROUTE_TRUST_ANCHORS_FILE: {
    schema: z.string().refine(existsSync),
    expected:
      'the path of an existing PEM file with the CA certificates trusted for document ' +
      'signatures; default the development CA on the embedded engine, none with Zeebe',
  },
  DOCROUTE_JWT_SECRET: {
    schema: z.string().refine((value) => Buffer.byteLength(value, 'utf8') >= 32),
    expected:
      'at least 32 bytes (openssl rand -base64 48) that sign access tokens; when unset, a random ' +
      'secret kept in <DOCROUTE_DATA_DIR>/jwt-secret. Set it when several instances share a database',
    secret: true,
  },
  DOCROUTE_DEMO_SEED: {
    schema: z.enum(['auto', 'true', 'false']),
    expected:
      'auto, true or false: whether to add the demo organisation and its users at start; ' +
      'default auto, which seeds only when DATABASE_URL is unset (the embedded default)',
  },
} satisfies Record<string, VariableSpec>;

export type VariableName = keyof typeof variables;

export const variableNames = Object.keys(variables) as VariableName[];
