import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/index.js';
import { createDocumentModule, type DocumentModule } from '../documents/index.js';
import { buildDeadlineSettings, loadDeadlineSettings, WorkingCalendar } from '../calendar/index.js';
import type { EnginePort } from '../engine/index.js';
import { LocalFileStore } from '../files/index.js';
import {
  MailService,
  MailTemplates,
  OutboxTransport,
  SmtpTransport,
  type MailTransport,
} from '../mail/index.js';
import type { NotifyServices } from './notify-send.worker.js';
import { FileKeyRecordStorage, KeyStore } from '../signing/index.js';
import { SignerIdentities } from './signer-identities.js';
import { loadDevelopmentCa, loadKeyEncryptionKey } from './signing-setup.js';
import type { DocumentWorkerServices } from './worker-context.js';

export interface DocumentRuntime {
  module: DocumentModule;
  files: LocalFileStore;
  trustAnchors: string[];
  services: DocumentWorkerServices;
}

/**
 * Builds the document services, the file store under `<dataDir>/files`, the key store and the
 * trust anchors. On the embedded engine a development CA under the data folder issues
 * certificates to signers who have none, and it is trusted unless a trust anchors file is set.
 * With Zeebe, signers need imported keys and only the trust anchors file is trusted.
 */
export function createDocumentRuntime(options: {
  config: Pick<
    Config,
    | 'files'
    | 'signing'
    | 'maxUploadBytes'
    | 'engine'
    | 'mail'
    | 'dataDir'
    | 'publicUrl'
    | 'deadlinesFile'
  >;
  dataSource: DataSource;
  engine: EnginePort;
  logger: Logger;
}): DocumentRuntime {
  const { config, dataSource, engine, logger } = options;
  const embedded = config.engine.zeebe === undefined;
  const { keysDir, keyEncryptionKey, trustAnchorsFile } = config.signing;
  const encryptionKey = loadKeyEncryptionKey({
    configured: keyEncryptionKey,
    keysDir,
    generate: embedded,
    logger,
  });
  const keyStore = new KeyStore(new FileKeyRecordStorage(`${keysDir}/records`), encryptionKey);
  const developmentCa = embedded ? loadDevelopmentCa(keysDir, logger) : undefined;
  const trustAnchors = trustAnchorsFile
    ? splitPem(readFileSync(trustAnchorsFile, 'utf8'))
    : developmentCa
      ? [developmentCa.certificatePem]
      : [];
  const module = createDocumentModule(dataSource);
  const files = new LocalFileStore(config.files.dir, { maxFileBytes: config.maxUploadBytes });
  const deadlines = config.deadlinesFile
    ? loadDeadlineSettings(config.deadlinesFile)
    : buildDeadlineSettings();
  const services: DocumentWorkerServices = {
    dataSource,
    ...module,
    files,
    signers: new SignerIdentities(keyStore, developmentCa),
    trustAnchors,
    engine,
    deadlines,
    notify: createNotifyServices({
      config,
      dataSource,
      logger,
      calendar: deadlines.calendar,
      elapsedLateness: deadlines.fixedStep !== undefined,
    }),
  };
  return { module, files, trustAnchors, services };
}

/**
 * Builds the mail services of `notify.send`. E-mail goes to the SMTP server of SMTP_URL when it
 * is set, otherwise into `.eml` files under `<dataDir>/outbox`. The sender is
 * `no-reply@<host of the public URL>`, and task links start with the public URL.
 */
export function createNotifyServices(options: {
  config: Pick<Config, 'mail' | 'dataDir' | 'publicUrl'>;
  dataSource: DataSource;
  logger: Logger;
  calendar?: WorkingCalendar;
  /** Measures lateness in wall-clock time, as steps of fixed seconds need. Default false. */
  elapsedLateness?: boolean;
}): NotifyServices {
  const { config, dataSource } = options;
  const logger = options.logger.child({ component: 'notify' });
  const host = new URL(config.publicUrl).hostname;
  const from = `docroute <no-reply@${host}>`;
  const transport: MailTransport = config.mail.smtpUrl
    ? new SmtpTransport({ url: config.mail.smtpUrl }, from)
    : new OutboxTransport({ dataDir: config.dataDir, from });
  return {
    mail: new MailService({ dataSource, transport, messageIdDomain: host, logger }),
    templates: new MailTemplates({
      baseUrl: config.publicUrl,
      calendar: options.calendar ?? new WorkingCalendar(),
      elapsedLateness: options.elapsedLateness ?? false,
    }),
    logger,
  };
}

/** Splits a PEM bundle into one string per certificate. */
function splitPem(bundle: string): string[] {
  return bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
