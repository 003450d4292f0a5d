import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Job } from '../../src/engine/index.js';
import { verifyPdfSignatures } from '../../src/signing/index.js';
import { BPMN_ERROR_CODES, documentJobDefinitions } from '../../src/workers/index.js';
import { BusinessRuleError } from '../../src/errors/index.js';
import { createNssDatabase, hasPdfsig, runPdfsig } from '../signing/pdfsig.js';
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
  subject: 'Về việc phê duyệt kế hoạch chuyển đổi số',
  signerPosition: 'Thứ trưởng',
  signerFullName: 'Nguyễn Thị Hồng Nhung',
  recipients: [{ organId: PROVINCE.organId, organName: PROVINCE.name }],
};

/** The signer of every test, so that the development CA issues one personal certificate. */
const deputy = 'nhung.nth';

describeEachDatabase('signature workers', (database) => {
  let fixture: WorkerFixture;

  before(async function () {
    if (!existsSync(join(corpusDir, 'pdf'))) {
      console.warn(`Skipping: corpus folder ${join(corpusDir, 'pdf')} not found.`);
      this.skip();
    }
    fixture = await openWorkerFixture(database().url);
  });

  afterEach(async () => {
    await fixture?.stopWorkers();
  });

  after(async () => {
    await fixture?.close();
  });

  /** Creates a draft whose version 1 is the corpus PDF `name`. */
  async function draftWith(name: string): Promise<string> {
    const file = await fixture.files.put(corpusPdf(name), { name });
    const details = await fixture.module.documents.createDraft(draft, 'drafter', file.id);
    return details.document.id;
  }

  async function run(jobType: string, variables: Record<string, unknown>) {
    const processId = await deployTask(fixture.engine, jobType);
    const { processInstanceKey } = await fixture.engine.createInstance({
      bpmnProcessId: processId,
      variables,
    });
    return settled(fixture.engine, processInstanceKey);
  }

  async function currentPdf(documentId: string): Promise<Buffer> {
    const details = await fixture.module.documents.get(documentId);
    return fixture.files.get(details.versions.at(-1)!.fileId);
  }

  it('person then organisation signature both valid', async function () {
    // given a draft of the corpus PDF and running workers
    const documentId = await draftWith('normal.pdf');
    fixture.startWorkers();

    // when the deputy signs on behalf of the minister, then the organisation signs
    const personal = await run('signature.apply', {
      documentId,
      signerId: deputy,
      signingCapacity: 'KT',
      onBehalfOf: 'Bộ trưởng',
    });
    const sealed = await run('signature.apply-organisation', { documentId });

    // then versions 2 and 3 carry one and two valid signatures
    expect(personal.state).to.equal('COMPLETED');
    expect(personal.variables.signedVersion).to.equal(2);
    expect(sealed.state).to.equal('COMPLETED');
    expect(sealed.variables.sealedVersion).to.equal(3);
    const pdf = await currentPdf(documentId);
    const reports = verifyPdfSignatures(pdf, { trustAnchors: [fixture.ca.certificatePem] });
    expect(reports.map((report) => report.valid)).to.deep.equal([true, true]);
    expect(reports.map((report) => report.signerCommonName)).to.deep.equal([
      'Nguyễn Thị Hồng Nhung',
      MINISTRY.name,
    ]);
    const entries = await fixture.module.audit.list({ documentId });
    expect(entries.filter((entry) => entry.action === 'signed')).to.have.length(2);
  });

  it('signed PDF accepted by pdfsig', async function () {
    if (!hasPdfsig()) {
      throw new Error(
        'pdfsig and certutil are missing: apt-get install -y poppler-utils libnss3-tools',
      );
    }
    // given a document signed by a person and then the organisation
    const documentId = await draftWith('w3dummy.pdf');
    fixture.startWorkers();
    await run('signature.apply', { documentId, signerId: deputy });
    await run('signature.apply-organisation', { documentId });

    // when pdfsig checks the result with the development CA trusted
    const output = runPdfsig(
      await currentPdf(documentId),
      createNssDatabase(fixture.ca.certificatePem),
    );

    // then both signatures are valid and trusted
    const valid = output.match(/Signature Validation: Signature is Valid\./g) ?? [];
    expect(valid.length, output).to.equal(2);
    expect((output.match(/Certificate is Trusted/g) ?? []).length, output).to.equal(2);
  });

  it('sign handled twice signs once', async () => {
    // given an activated signature.apply job
    const documentId = await draftWith('normal.pdf');
    const job = await activatedJob('signature.apply', { documentId, signerId: deputy });
    const handler = handlerOf('signature.apply');

    // when the handler runs twice, as for a redelivered job
    const first = await handler(job);
    const second = await handler(job);

    // then the second run returns the first signed version and adds none
    expect(second).to.deep.equal(first);
    const details = await fixture.module.documents.get(documentId);
    expect(details.versions).to.have.length(2);
    expect(verifyPdfSignatures(await currentPdf(documentId), { trustAnchors: [] })).to.have.length(
      1,
    );
    await fixture.engine.completeJob({ jobKey: job.key, activation: job.activation });
  });

  it('organisation signature without personal takes error path', async () => {
    // given an unsigned draft
    const documentId = await draftWith('normal.pdf');
    fixture.startWorkers();

    // when the organisation signature runs first
    const instance = await run('signature.apply-organisation', { documentId });

    // then the error boundary caught the BPMN error and no version was added
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables.rejectedByError).to.equal(true);
    const details = await fixture.module.documents.get(documentId);
    expect(details.versions).to.have.length(1);
  });

  it('encrypted PDF is SIGNATURE_FAILED', async () => {
    // given a draft whose file is an encrypted corpus PDF
    const documentId = await draftWith('encrypted_new.pdf');
    const job = await activatedJob('signature.apply', { documentId, signerId: deputy });

    // when the handler runs
    const error = await handlerOf('signature.apply')(job).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    // then it is the SIGNATURE_FAILED business error
    expect(error).to.be.instanceOf(BusinessRuleError);
    expect((error as BusinessRuleError).errorCode).to.equal(BPMN_ERROR_CODES.SIGNATURE_FAILED);
    await fixture.engine.completeJob({ jobKey: job.key, activation: job.activation });
  });

  it('verify valid signatures completes', async () => {
    // given a document signed by a person
    const documentId = await draftWith('normal.pdf');
    fixture.startWorkers();
    await run('signature.apply', { documentId, signerId: deputy });

    // when signature.verify runs on it
    const instance = await run('signature.verify', { documentId });

    // then the route continues with a valid report
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables.signaturesValid).to.equal(true);
    expect(instance.variables.rejectedByError).to.equal(undefined);
  });

  it('verify flipped byte takes rejection path', async () => {
    // given a signed PDF with one byte of the signed page content flipped
    const documentId = await draftWith('normal.pdf');
    fixture.startWorkers();
    await run('signature.apply', { documentId, signerId: deputy });
    const tampered = Buffer.from(await currentPdf(documentId));
    const offset = tampered.indexOf('stream') + 20;
    tampered[offset] = tampered[offset]! ^ 0x01;
    const file = await fixture.files.put(tampered, { name: 'tampered.pdf' });

    // when signature.verify runs on the tampered file
    const instance = await run('signature.verify', { fileId: file.id });

    // then the error boundary took the rejection path with the reasons
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables.rejectedByError).to.equal(true);
    const reasons = instance.variables.rejectionReasons as string[];
    expect(reasons.length).to.be.greaterThan(0);
    expect(reasons.join(' ')).to.match(/digest/i);
  });

  async function activatedJob(type: string, variables: Record<string, unknown>): Promise<Job> {
    const processId = await deployTask(fixture.engine, type);
    await fixture.engine.createInstance({ bpmnProcessId: processId, variables });
    const jobs = await fixture.engine.activateJobs({
      type,
      worker: 'test',
      timeoutMs: 60_000,
      maxJobs: 1,
    });
    expect(jobs, `no ${type} job to activate`).to.have.length(1);
    return jobs[0]!;
  }

  function handlerOf(type: string): (job: Job) => Promise<Record<string, unknown>> {
    return documentJobDefinitions(fixture.services).find((item) => item.type === type)!.handler;
  }
});
