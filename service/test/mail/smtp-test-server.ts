import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** A real SMTP server on 127.0.0.1 that parses every accepted e-mail with mailparser. */
export interface TestSmtpServer {
  port: number;
  received: ParsedMail[];
  /** `<method> <user>` of each successful login, such as `PLAIN clerk`. */
  logins: string[];
  /** Whether each accepted e-mail came over TLS. */
  secureSessions: boolean[];
  close(): Promise<void>;
}

export interface TestSmtpServerOptions {
  port?: number;
  /** Require AUTH with this user and password. */
  credentials?: { user: string; password: string };
  /** Certificate and key for STARTTLS, or for TLS from the first byte when `secure`. */
  tls?: { key: Buffer; cert: Buffer; secure?: boolean };
}

export async function startSmtpServer(
  options: TestSmtpServerOptions = {},
): Promise<TestSmtpServer> {
  const received: ParsedMail[] = [];
  const logins: string[] = [];
  const secureSessions: boolean[] = [];
  const serverOptions: SMTPServerOptions = {
    logger: false,
    disabledCommands: options.tls ? [] : ['STARTTLS'],
    authOptional: !options.credentials,
    allowInsecureAuth: false,
    secure: options.tls?.secure ?? false,
    key: options.tls?.key,
    cert: options.tls?.cert,
    onAuth(auth, _session, callback) {
      const expected = options.credentials;
      if (expected && auth.username === expected.user && auth.password === expected.password) {
        logins.push(`${auth.method} ${auth.username}`);
        callback(null, { user: auth.username });
        return;
      }
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          received.push(parsed);
          secureSessions.push(session.secure);
          callback();
        })
        .catch(callback);
    },
  };
  if (!options.credentials) serverOptions.disabledCommands?.push('AUTH');
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    logins,
    secureSessions,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Creates a self-signed P-256 certificate for 127.0.0.1 with openssl, valid for one day. */
export function createSelfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const folder = mkdtempSync(join(tmpdir(), 'docroute-tls-'));
  try {
    const keyFile = join(folder, 'key.pem');
    const certFile = join(folder, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(keyFile), cert: readFileSync(certFile) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
