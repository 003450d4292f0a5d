import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentEntity } from '../../src/documents/index.js';
import type { Job } from '../../src/engine/index.js';
import { documentJobDefinitions } from '../../src/workers/index.js';
import { corpusDir } from '../support/corpus.js';
import { describeEachDatabase } from '../support/databases.js';
import {
  corpusPdf,
  deployTask,
  MINISTRY,
  openWorkerFixture,
  PROVINCE,
  settled,
  type WorkerFixture,
} from './worker-fixture.js';

const draft = {
  organId: MINISTRY.organId,
  typeCode: 'QĐ',
  subject: 'Về việc ban hành quy chế công tác văn thư',
  signerPosition: 'Thứ trưởng',
  signerFullName: 'Nguyễn Thị Hồng Nhung',
  recipients: [{ organId: PROVINCE.organId, organName: PROVINCE.name }],
};

const incoming = {
  organId: MINISTRY.organId,
  typeCode: 'CV',
  subject: 'Về việc báo cáo công tác văn thư năm 2026',
  organName: PROVINCE.name,
  issuingOrganId: PROVINCE.organId,
  codeNumber: '15',
  codeNotation: 'UBND-VP',
  issuedDate: '2026-06-10',
};

describeEachDatabase('document.register and document.store workers', (database) => {
  let fixture: WorkerFixture;

  before(async function () {
    fixture = await openWorkerFixture(database().url);
  });

  afterEach(async () => {
    await fixture.stopWorkers();
  });

  after(async () => {
    await fixture?.close();
  });

  it('register numbers an outgoing draft', async () => {
    // given a draft and a process with a document.register task
    const details = await fixture.module.documents.createDraft(draft, 'drafter');
    const processId = await deployTask(fixture.engine, 'document.register');
    fixture.startWorkers();

    // when the process runs
    const { processInstanceKey } = await fixture.engine.createInstance({
      bpmnProcessId: processId,
      variables: { documentId: details.document.id },
    });
    const instance = await settled(fixture.engine, processInstanceKey);

    // then the document has its issue number and the process has it too
    expect(instance.state).to.equal('COMPLETED');
    const stored = await fixture.module.documents.get(details.document.id);
    expect(stored.document.status).to.equal('issued');
    expect(instance.variables.registerNumber).to.equal(stored.document.registerNumber);
    expect(instance.variables.notation).to.equal(
      `${stored.document.codeNumber}/${stored.document.codeNotation}`,
    );
    expect(instance.variables.notation).to.match(/^\d{2,}\/QĐ-BNV$/);
    expect(instance.variables.registeredAt).to.equal(stored.document.issuedDate);
  });

  it('register warns on a duplicate incoming triple', async () => {
    // given an incoming letter already registered
    const earlier = await fixture.module.documents.registerIncoming(incoming, 'clerk');
    const processId = await deployTask(fixture.engine, 'document.register');
    fixture.startWorkers();

    // when the same letter is registered again through the process
    const { processInstanceKey } = await fixture.engine.createInstance({
      bpmnProcessId: processId,
      variables: { incomingDocument: incoming },
    });
    const instance = await settled(fixture.engine, processInstanceKey);

    // then it gets the next arrival number and a warning, not an error
    expect(instance.incidents.map((incident) => incident.errorMessage)).to.deep.equal([]);
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables.registerNumber).to.equal(
      earlier.details.document.registerNumber! + 1,
    );
    const warnings = instance.variables.registrationWarnings as Array<{ code: string }>;
    expect(warnings.map((warning) => warning.code)).to.deep.equal(['POSSIBLE_DUPLICATE']);
  });

  it('register handled twice numbers once', async () => {
    // given an activated document.register job for a draft
    const details = await fixture.module.documents.createDraft(draft, 'drafter');
    const processId = await deployTask(fixture.engine, 'document.register');
    await fixture.engine.createInstance({
      bpmnProcessId: processId,
      variables: { documentId: details.document.id },
    });
    const [job] = await activate(fixture, 'document.register');
    const handler = handlerOf(fixture, 'document.register');

    // when the handler runs twice, as for a redelivered job, and the job is completed twice
    const first = await handler(job!);
    const second = await handler(job!);
    await fixture.engine.completeJob({
      jobKey: job!.key,
      activation: job!.activation,
      variables: first,
    });
    const again = await fixture.engine
      .completeJob({ jobKey: job!.key, activation: job!.activation })
      .then(
        () => 'completed',
        (error: Error) => error.name,
      );

    // then both runs return the same number and the register advanced once
    expect(second).to.deep.equal(first);
    expect(again).to.equal('NotFoundError');
    const next = await fixture.module.documents.createDraft(draft, 'drafter');
    const issued = await fixture.module.documents.issue(next.document.id, {}, 'clerk');
    expect(issued.document.registerNumber).to.equal((first.registerNumber as number) + 1);
  });

  it('register incoming retried registers once', async () => {
    // given an activated job that registers an incoming letter
    const processId = await deployTask(fixture.engine, 'document.register');
    await fixture.engine.createInstance({
      bpmnProcessId: processId,
      variables: { incomingDocument: incoming },
    });
    const [job] = await activate(fixture, 'document.register');
    const handler = handlerOf(fixture, 'document.register');

    // when the first run is followed by a failure report and a retried run
    const first = await handler(job!);
    await fixture.engine.failJob({
      jobKey: job!.key,
      activation: job!.activation,
      retries: 1,
      errorMessage: 'worker lost its connection after registering',
    });
    const [retried] = await activate(fixture, 'document.register');
    const second = await handler(retried!);

    // then the retry returns the same document and the job created only that one
    expect(second.documentId).to.equal(first.documentId);
    expect(second.registerNumber).to.equal(first.registerNumber);
    const created = await fixture.dataSource.manager.findBy(DocumentEntity, {
      createdBy: `job ${job!.key}`,
    });
    expect(created.map((document) => document.id)).to.deep.equal([first.documentId]);
    await fixture.engine.completeJob({ jobKey: retried!.key, activation: retried!.activation });
  });

  it('store adds a version once', async function () {
    if (!existsSync(join(corpusDir, 'pdf'))) this.skip();
    // given a draft with one version and a second file in the store
    const first = await fixture.files.put(corpusPdf('normal.pdf'), { name: 'v1.pdf' });
    const second = await fixture.files.put(corpusPdf('w3dummy.pdf'), { name: 'v2.pdf' });
    const details = await fixture.module.documents.createDraft(draft, 'drafter', first.id);
    const processId = await deployTask(fixture.engine, 'document.store');
    const variables = { documentId: details.document.id, fileId: second.id };
    await fixture.engine.createInstance({ bpmnProcessId: processId, variables });
    const [job] = await activate(fixture, 'document.store');
    const handler = handlerOf(fixture, 'document.store');

    // when the job is handled twice
    const once = await handler(job!);
    const twice = await handler(job!);

    // then the file is version 2 both times and no third version exists
    expect(once).to.deep.equal({ version: 2 });
    expect(twice).to.deep.equal({ version: 2 });
    const stored = await fixture.module.documents.get(details.document.id);
    expect(stored.versions.map((version) => version.fileId)).to.deep.equal([first.id, second.id]);
  });

  it('store through the engine completes', async function () {
    if (!existsSync(join(corpusDir, 'pdf'))) this.skip();
    // given a draft without a file and a stored PDF
    const file = await fixture.files.put(corpusPdf('normal.pdf'), { name: 'draft.pdf' });
    const details = await fixture.module.documents.createDraft(draft, 'drafter');
    const processId = await deployTask(fixture.engine, 'document.store');
    fixture.startWorkers();

    // when the process runs
    const { processInstanceKey } = await fixture.engine.createInstance({
      bpmnProcessId: processId,
      variables: { documentId: details.document.id, fileId: file.id },
    });
    const instance = await settled(fixture.engine, processInstanceKey);

    // then the file is version 1
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables.version).to.equal(1);
  });

  it('store with an unknown document takes the error path', async () => {
    // given a process whose documentId names nothing
    const processId = await deployTask(fixture.engine, 'document.store');
    fixture.startWorkers();

    // when it runs
    const { processInstanceKey } = await fixture.engine.createInstance({
      bpmnProcessId: processId,
      variables: { documentId: 'missing-document', fileId: 'f'.repeat(64) },
    });
    const instance = await settled(fixture.engine, processInstanceKey);

    // then the error boundary caught DOCUMENT_NOT_FOUND
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables.rejectedByError).to.equal(true);
  });
});

async function activate(fixture: WorkerFixture, type: string): Promise<Job[]> {
  const jobs = await fixture.engine.activateJobs({
    type,
    worker: 'test',
    timeoutMs: 60_000,
    maxJobs: 1,
  });
  expect(jobs, `no ${type} job to activate`).to.have.length(1);
  return jobs;
}

function handlerOf(
  fixture: WorkerFixture,
  type: string,
): (job: Job) => Promise<Record<string, unknown>> {
  const definition = documentJobDefinitions(fixture.services).find((item) => item.type === type);
  return definition!.handler;
}
