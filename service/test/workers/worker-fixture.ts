import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/index.js';
import { createDataSource } from '../../src/db/index.js';
import {
  createDocumentModule,
  documentEntities,
  type DocumentModule,
} from '../../src/documents/index.js';
import { createEngine, type EnginePort, type ProcessInstance } from '../../src/engine/index.js';
import { LocalFileStore } from '../../src/files/index.js';
import { createLogger } from '../../src/log/index.js';
import {
  createDevelopmentCa,
  InMemoryKeyRecordStorage,
  KeyStore,
  type DevelopmentCa,
} from '../../src/signing/index.js';
import {
  SignerIdentities,
  startDocumentWorkers,
  type DocumentWorkers,
  type DocumentWorkerServices,
} from '../../src/workers/index.js';
import { eventually } from '../http/harness.js';
import { corpusDir } from '../support/corpus.js';

export const MINISTRY = { organId: '000.00.00.G22', name: 'Bộ Nội vụ', abbreviation: 'BNV' };
export const PROVINCE = {
  organId: '000.00.00.H29',
  name: 'Ủy ban nhân dân Thành phố Hà Nội',
  abbreviation: 'UBND',
};
/** An agency outside this installation, reached through inter-agency exchange. */
export const OUTSIDE = { organId: '000.00.00.K11', organName: 'Bộ Tài chính' };

let sharedCa: DevelopmentCa | undefined;

/** Returns one development CA per test run, because generating its RSA key takes a moment. */
export function testCa(): DevelopmentCa {
  sharedCa ??= createDevelopmentCa({ notBefore: new Date(Date.now() - 24 * 3600_000) });
  return sharedCa;
}

export interface WorkerFixture {
  dataSource: DataSource;
  engine: EnginePort;
  module: DocumentModule;
  files: LocalFileStore;
  /** Root folder of `files`. */
  filesDir: string;
  services: DocumentWorkerServices;
  ca: DevelopmentCa;
  startWorkers(): DocumentWorkers;
  /** Stops the workers that startWorkers started. */
  stopWorkers(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the migrated database twice: for the document services, and for the engine. The engine
 * gets a connection of its own, as in startService, because on SQLite its transaction queue and
 * the document services' queue would otherwise share one connection.
 */
async function openDataSources(url: string) {
  const dataSource = createDataSource(url, { entities: documentEntities });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const engineDataSource = createDataSource(url);
  await engineDataSource.initialize();
  return { dataSource, engineDataSource };
}

/**
 * Opens the migrated database at `url` with the document services, a file store in a temporary
 * folder, an in-memory key store with the test CA, and the started embedded engine. The
 * ministry and the province are organisations of this installation.
 */
export async function openWorkerFixture(url: string): Promise<WorkerFixture> {
  const folder = mkdtempSync(join(tmpdir(), 'docroute-workers-'));
  const logger = createLogger({ level: 'silent' });
  const { dataSource, engineDataSource } = await openDataSources(url);
  const config = loadConfig({ DATABASE_URL: url, DOCROUTE_DATA_DIR: folder });
  const engine = createEngine(config, { dataSource: engineDataSource, logger });
  await engine.start();

  const module = createDocumentModule(dataSource);
  await module.organisations.create(MINISTRY);
  await module.organisations.create(PROVINCE);
  const filesDir = join(folder, 'files');
  const files = new LocalFileStore(filesDir);
  const ca = testCa();
  const keyStore = new KeyStore(new InMemoryKeyRecordStorage(), Buffer.alloc(32, 7));
  const services: DocumentWorkerServices = {
    dataSource,
    ...module,
    files,
    signers: new SignerIdentities(keyStore, ca),
    trustAnchors: [ca.certificatePem],
    engine,
  };
  const started: DocumentWorkers[] = [];

  return {
    dataSource,
    engine,
    module,
    files,
    filesDir,
    services,
    ca,
    startWorkers: () => {
      const workers = startDocumentWorkers({
        engine,
        services,
        config: { pollIntervalMs: 20 },
        logger,
      });
      started.push(workers);
      return workers;
    },
    stopWorkers: async () => {
      for (const workers of started.splice(0)) await workers.close();
    },
    close: async () => {
      for (const workers of started.splice(0)) await workers.close();
      await engine.stop();
      await engineDataSource.destroy();
      await dataSource.destroy();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/**
 * Builds a process with one service task of `jobType` between a start and an end event, and an error
 * boundary on the task that catches every BPMN error, copies `signatureReasons` to
 * `rejectionReasons` and ends in `rejected`.
 */
export function singleTaskProcess(processId: string, jobType: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  id="${processId}-definitions" targetNamespace="http://docroute.test/workers">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="to-task" sourceRef="start" targetRef="task" />
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="${jobType}" retries="1" />
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="to-done" sourceRef="task" targetRef="done" />
    <bpmn:endEvent id="done" />
    <bpmn:boundaryEvent id="failed" attachedToRef="task">
      <bpmn:extensionElements>
        <zeebe:ioMapping>
          <zeebe:output source="=signatureReasons" target="rejectionReasons" />
          <zeebe:output source="=true" target="rejectedByError" />
        </zeebe:ioMapping>
      </bpmn:extensionElements>
      <bpmn:errorEventDefinition id="any-error" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="to-rejected" sourceRef="failed" targetRef="rejected" />
    <bpmn:endEvent id="rejected" />
  </bpmn:process>
</bpmn:definitions>`;
}

/** Deploys a single-task process for `jobType` and returns its process id. */
export async function deployTask(engine: EnginePort, jobType: string): Promise<string> {
  const processId = `run-${jobType.replace(/\./g, '-')}`;
  await engine.deploy([
    { name: `${processId}.bpmn`, content: singleTaskProcess(processId, jobType) },
  ]);
  return processId;
}

/** Waits until the instance has ended or has an incident, and returns it. */
export async function settled(
  engine: EnginePort,
  processInstanceKey: string,
): Promise<ProcessInstance> {
  return eventually(
    () => engine.getInstance(processInstanceKey),
    (instance) => instance.state !== 'ACTIVE' || instance.incidents.length > 0,
    500,
  );
}

/** Reads a PDF of the shared corpus. */
export function corpusPdf(name: string): Buffer {
  return readFileSync(join(corpusDir, 'pdf', name));
}
