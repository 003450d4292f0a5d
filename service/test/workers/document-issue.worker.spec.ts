import { expect } from 'chai';
import { DocumentEntity } from '../../src/documents/index.js';
import {
  documentJobDefinitions,
  INCOMING_PROCESS_ID,
  type DeliveryRecord,
} from '../../src/workers/index.js';
import { describeEachDatabase } from '../support/databases.js';
import {
  deployTask,
  MINISTRY,
  openWorkerFixture,
  OUTSIDE,
  PROVINCE,
  settled,
  type WorkerFixture,
} from './worker-fixture.js';

const draft = {
  organId: MINISTRY.organId,
  typeCode: 'TB',
  subject: 'Thông báo lịch làm việc của Bộ trưởng',
  signerPosition: 'Chánh Văn phòng',
  signerFullName: 'Lê Minh Tuấn',
  recipients: [
    { organId: PROVINCE.organId, organName: PROVINCE.name },
    { organId: OUTSIDE.organId, organName: OUTSIDE.organName },
  ],
};

/** A one-step incoming route that waits in a user task, so its instance stays visible. */
const incomingRoute = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  id="incoming-definitions" targetNamespace="http://docroute.test/workers">
  <bpmn:process id="${INCOMING_PROCESS_ID}" isExecutable="true">
    <bpmn:startEvent id="arrived" />
    <bpmn:sequenceFlow id="to-present" sourceRef="arrived" targetRef="present" />
    <bpmn:userTask id="present" />
    <bpmn:sequenceFlow id="to-done" sourceRef="present" targetRef="done" />
    <bpmn:endEvent id="done" />
  </bpmn:process>
</bpmn:definitions>`;

describeEachDatabase('document.issue worker', (database) => {
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

  async function issue(documentId: string) {
    const processId = await deployTask(fixture.engine, 'document.issue');
    const { processInstanceKey } = await fixture.engine.createInstance({
      bpmnProcessId: processId,
      variables: { documentId },
    });
    return settled(fixture.engine, processInstanceKey);
  }

  it('issue without incoming route records that', async () => {
    // given a draft to one internal and one outside recipient, and no incoming route deployed
    const details = await fixture.module.documents.createDraft(draft, 'drafter');
    fixture.startWorkers();

    // when the document is issued
    const instance = await issue(details.document.id);

    // then the province got an incoming copy and no instance, and the outside one is recorded
    expect(instance.state).to.equal('COMPLETED');
    const [internal, exchange] = instance.variables.distribution as DeliveryRecord[];
    expect(internal).to.include({ channel: 'internal', organId: PROVINCE.organId });
    expect(internal).to.not.have.property('processInstanceKey');
    expect(exchange).to.deep.equal({ channel: 'exchange', ...OUTSIDE });
    const copy = await fixture.module.documents.get(
      (internal as { incomingDocumentId: string }).incomingDocumentId,
    );
    expect(copy.document.direction).to.equal('incoming');
    expect(copy.document.organId).to.equal(PROVINCE.organId);
    expect(copy.document.codeNotation).to.equal(
      (instance.variables.notation as string).split('/')[1],
    );
    const copyAudit = await fixture.module.audit.list({ documentId: copy.document.id });
    const forwarded = copyAudit.find((entry) => entry.action === 'forwarded');
    expect(JSON.parse(forwarded!.details).note).to.equal(
      `process ${INCOMING_PROCESS_ID} is not deployed`,
    );
  });

  it('issue starts the incoming route', async () => {
    // given the incoming route deployed and a draft
    await fixture.engine.deploy([{ name: 'incoming-document.bpmn', content: incomingRoute }]);
    const details = await fixture.module.documents.createDraft(draft, 'drafter');
    fixture.startWorkers();

    // when the document is issued
    const instance = await issue(details.document.id);

    // then the internal recipient's copy has an incoming instance that names it
    expect(instance.state).to.equal('COMPLETED');
    const [internal] = instance.variables.distribution as Array<
      DeliveryRecord & { processInstanceKey?: string; incomingDocumentId?: string }
    >;
    const incoming = await fixture.engine.getInstance(internal!.processInstanceKey!);
    expect(incoming.bpmnProcessId).to.equal(INCOMING_PROCESS_ID);
    expect(incoming.variables.documentId).to.equal(internal!.incomingDocumentId);
    expect(incoming.variables.organisationId).to.equal(internal!.organId);
    expect(incoming.variables.urgency).to.equal(0);
    const issued = await fixture.module.documents.get(details.document.id);
    expect(issued.document.status).to.equal('issued');
  });

  it('issue retried delivers once', async () => {
    // given an activated document.issue job that already ran once
    const details = await fixture.module.documents.createDraft(draft, 'drafter');
    const processId = await deployTask(fixture.engine, 'document.issue');
    await fixture.engine.createInstance({
      bpmnProcessId: processId,
      variables: { documentId: details.document.id },
    });
    const [job] = await fixture.engine.activateJobs({
      type: 'document.issue',
      worker: 'test',
      timeoutMs: 60_000,
      maxJobs: 1,
    });
    const handler = documentJobDefinitions(fixture.services).find(
      (definition) => definition.type === 'document.issue',
    )!.handler;
    const first = await handler(job!);

    // when the job is handled again, as after a lost completion
    const second = await handler(job!);

    // then the same number and copies come back and the province has one copy
    expect(second).to.deep.equal(first);
    const copies = await fixture.dataSource.manager.findBy(DocumentEntity, {
      createdBy: `job ${job!.key}`,
    });
    expect(copies).to.have.length(1);
    await fixture.engine.completeJob({ jobKey: job!.key, activation: job!.activation });
  });
});
