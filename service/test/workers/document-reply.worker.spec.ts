import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { DocumentEntity } from '../../src/documents/index.js';
import type { Job } from '../../src/engine/index.js';
import { documentJobDefinitions } from '../../src/workers/index.js';
import { describeEachDatabase } from '../support/databases.js';
import {
  deployTask,
  MINISTRY,
  openWorkerFixture,
  PROVINCE,
  type WorkerFixture,
} from './worker-fixture.js';

/** The outgoing route as far as its first task, so a started reply stays visible. */
const outgoingRoute = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  id="reply-definitions" targetNamespace="http://docroute.test/workers">
  <bpmn:process id="outgoing-document" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="to-draft" sourceRef="start" targetRef="draft" />
    <bpmn:userTask id="draft" />
    <bpmn:sequenceFlow id="to-done" sourceRef="draft" targetRef="done" />
    <bpmn:endEvent id="done" />
  </bpmn:process>
</bpmn:definitions>`;

/** A creation time that both SQLite and MariaDB take as a datetime literal. */
const createdAt = '2026-12-04 08:00:00.000';

/** Inserts a unit of the province with raw SQL into the table of the org migration. */
async function insertUnit(dataSource: DataSource, unit: { id: string; code: string }) {
  await dataSource.query(
    'INSERT INTO org_units (id, organ_id, parent_unit_id, code, name, active, created_at) VALUES (?, ?, NULL, ?, ?, 1, ?)',
    [unit.id, PROVINCE.organId, unit.code, `Phòng ${unit.code}`, createdAt],
  );
}

/** Inserts a user of the province's unit with raw SQL. */
async function insertUser(
  dataSource: DataSource,
  unit: { id: string },
  user: { id: string; fullName: string; position: string; roles: string },
): Promise<void> {
  await dataSource.query(
    `INSERT INTO org_users (id, username, full_name, email, organ_id, unit_id, position, roles,
       clearance, active, overseer_user_id, password_hash, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'none', 1, NULL, NULL, ?, ?)`,
    [
      user.id,
      user.id,
      user.fullName,
      `${user.id}@example.vn`,
      PROVINCE.organId,
      unit.id,
      user.position,
      user.roles,
      createdAt,
      createdAt,
    ],
  );
}

describeEachDatabase('document.reply worker', (database) => {
  let fixture: WorkerFixture;
  let handler: (job: Job) => Promise<Record<string, unknown>>;

  before(async function () {
    fixture = await openWorkerFixture(database().url);
    await fixture.engine.deploy([{ name: 'outgoing-document.bpmn', content: outgoingRoute }]);
    const office = { id: 'unit-vp', code: 'VP' };
    await insertUnit(fixture.dataSource, office);
    await insertUser(fixture.dataSource, office, {
      id: 'deputy-1',
      fullName: 'Phạm Văn Phó',
      position: 'pho_giam_doc',
      roles: 'agency_leader',
    });
    await insertUser(fixture.dataSource, office, {
      id: 'director-1',
      fullName: 'Trần Thị Chủ',
      position: 'giam_doc',
      roles: 'agency_leader',
    });
    handler = documentJobDefinitions(fixture.services).find(
      (definition) => definition.type === 'document.reply',
    )!.handler;
  });

  after(async () => {
    await fixture?.close();
  });

  /** Registers an incoming document at the province and activates a document.reply job for it. */
  async function replyJob(variables: Record<string, unknown>): Promise<Job> {
    const { details } = await fixture.module.documents.registerIncoming(
      {
        organId: PROVINCE.organId,
        typeCode: 'CV',
        subject: 'V/v góp ý dự thảo quy chế',
        organName: MINISTRY.name,
        issuingOrganId: MINISTRY.organId,
        codeNumber: '12',
        codeNotation: 'BNV-VP',
        priority: 1,
      },
      'clerk',
    );
    const processId = await deployTask(fixture.engine, 'document.reply');
    await fixture.engine.createInstance({
      bpmnProcessId: processId,
      variables: { documentId: details.document.id, ...variables },
    });
    const [job] = await fixture.engine.activateJobs({
      type: 'document.reply',
      worker: 'test',
      timeoutMs: 60_000,
      maxJobs: 1,
    });
    return job!;
  }

  const leadReport = {
    unitReports: [
      { unitId: 'unit-vp', lead: true, specialistId: 'specialist-1', report: 'Nên trả lời' },
      { unitId: 'unit-other', lead: false, specialistId: 'specialist-2', report: 'Thống nhất' },
    ],
  };

  it('drafts the reply and starts its route once', async () => {
    // given a document.reply job for a document whose lead unit proposed a reply
    const job = await replyJob(leadReport);

    // when the job is handled twice, as after a lost completion
    const first = await handler(job);
    const second = await handler(job);

    // then both runs return the same draft and instance
    expect(second).to.deep.equal(first);
    const drafts = await fixture.dataSource.manager.findBy(DocumentEntity, {
      createdBy: `job ${job.key}`,
    });
    expect(drafts).to.have.length(1);

    // and the draft replies to the incoming document and is addressed to its sender
    const reply = await fixture.module.documents.get(first.replyDocumentId as string);
    expect(reply.document.direction).to.equal('outgoing');
    expect(reply.document.status).to.equal('draft');
    expect(reply.document.replyToDocumentId).to.equal(job.variables.documentId);
    expect(reply.document.subject).to.equal('Trả lời: V/v góp ý dự thảo quy chế');
    expect(reply.recipients.map((recipient) => recipient.organId)).to.deep.equal([
      MINISTRY.organId,
    ]);

    // and the outgoing route runs for it, drafted by the lead specialist and signed by the director
    const instance = await fixture.engine.getInstance(first.replyProcessInstanceKey as string);
    expect(instance.variables).to.include({
      documentId: reply.document.id,
      drafterId: 'specialist-1',
      unitId: 'unit-vp',
      organisationId: PROVINCE.organId,
      signerId: 'director-1',
      signerName: 'Trần Thị Chủ',
      unitAbbreviation: 'VP',
      urgency: 1,
    });
    await fixture.engine.completeJob({ jobKey: job.key, activation: job.activation });
  });

  it('signer named by the leader', async () => {
    // given a job whose direction named the deputy as the reply's signer
    const job = await replyJob({ ...leadReport, replySignerId: 'deputy-1' });

    // when it is handled
    const result = await handler(job);

    // then the deputy signs the reply
    const instance = await fixture.engine.getInstance(result.replyProcessInstanceKey as string);
    expect(instance.variables.signerId).to.equal('deputy-1');
    const reply = await fixture.module.documents.get(result.replyDocumentId as string);
    expect(reply.document.signerPosition).to.equal('Phó Giám đốc');
    await fixture.engine.completeJob({ jobKey: job.key, activation: job.activation });
  });

  it('rejects an unknown signer and a missing lead report', async () => {
    // given jobs with a signer of no agency and without a lead unit report
    const unknownSigner = await replyJob({ ...leadReport, replySignerId: 'nobody' });
    const noLead = await replyJob({ unitReports: [{ unitId: 'unit-vp', lead: false }] });

    // then each fails naming the variable at fault
    const failures = await Promise.all(
      [unknownSigner, noLead].map((job) =>
        handler(job).then(
          () => undefined,
          (error: Error) => error,
        ),
      ),
    );
    expect(failures[0]?.message).to.include('replySignerId nobody');
    expect(failures[1]?.message).to.include('unitReports');
  });
});
