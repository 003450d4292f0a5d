import { expect } from 'chai';
import { describeEachDatabase } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import { RouteClient } from './route-client.js';
import { approveDraft, corpusPdf, signAndIssue, snv, STC, startOutgoing } from './route-steps.js';

/** STC users by role in the incoming route. */
const stc = { director: 'stc.sonhv', clerk: 'stc.nhungtt' } as const;

const dayMs = 86_400_000;

/** Returns an ISO 8601 instant `days` from now. */
function inDays(days: number): string {
  return new Date(Date.now() + days * dayMs).toISOString();
}

/** The incoming-document route at STC, driven through the task API by its seeded users. */
describeEachDatabase('incoming route over HTTP', (database) => {
  let service: TestService;
  let client: RouteClient;
  let pdf: Buffer;

  before(async function () {
    this.timeout(180_000);
    pdf = corpusPdf(this);
    service = await startTestService(database());
    client = new RouteClient(service);
  });

  after(async () => {
    await service?.stop();
  });

  /** Issues a signed SNV decision addressed to STC and returns STC's incoming instance. */
  async function receiveFromSnv(subject: string) {
    const started = await startOutgoing(client, { subject, pdf, signer: snv.director });
    const key = started.processInstanceKey;
    await approveDraft(client, key, started.fileId);
    const issued = await signAndIssue(client, key, snv.deputy);
    const [delivery] = issued.variables.distribution as Array<Record<string, string>>;
    expect(delivery?.channel).to.equal('internal');
    expect(delivery?.organId).to.equal(STC);
    return {
      incomingKey: delivery!.processInstanceKey!,
      incomingDocumentId: delivery!.incomingDocumentId!,
    };
  }

  it('lead and two supporting units, then closed', async function () {
    this.timeout(180_000);
    // given a signed SNV decision received at STC, and STC's three units
    const { incomingKey, incomingDocumentId } = await receiveFromSnv(
      'Quyết định về việc phân bổ kinh phí đào tạo',
    );
    const units = {
      lead: {
        unit: await client.unit(STC, 'QLNS'),
        leader: 'stc.binhkv',
        specialist: 'stc.longhn',
      },
      first: {
        unit: await client.unit(STC, 'TCDN'),
        leader: 'stc.phucav',
        specialist: 'stc.oanhctk',
      },
      second: {
        unit: await client.unit(STC, 'VP'),
        leader: 'stc.truongmx',
        specialist: 'stc.duccm',
      },
    };
    const deadlines = { lead: inDays(10), support: inDays(7), second: inDays(5) };

    // when the director first gives deadlines in the past, or one without a zone
    const direct = await client.waitForTask(stc.director, {
      processInstanceKey: incomingKey,
      elementId: 'direct',
    });
    const directWith = (variables: object) =>
      client.send(stc.director, 'post', `/api/tasks/${direct.key}/completion`, {
        variables: { leadUnitId: units.lead.unit.id, ...variables },
      });
    const pastHandling = await directWith({ handlingDueDate: inDays(-1) });
    const pastUnit = await directWith({
      handlingDueDate: deadlines.lead,
      unitDueDates: { [units.second.unit.id]: '2020-01-01T00:00:00Z' },
    });
    const noZone = await directWith({ handlingDueDate: deadlines.lead.slice(0, 16) });

    // then each is rejected naming the field
    expect(pastHandling.body).to.include({ status: 400, field: 'variables.handlingDueDate' });
    expect(pastUnit.body).to.include({ status: 400, field: 'variables.unitDueDates' });
    expect(noZone.body).to.include({ status: 400, field: 'variables.handlingDueDate' });

    // when the director directs it to the lead unit and two supporting units with deadlines
    await client.complete(
      stc.director,
      { processInstanceKey: incomingKey, elementId: 'direct' },
      {
        comment: 'Phòng QLNS chủ trì tham mưu',
        variables: {
          leadUnitId: units.lead.unit.id,
          supportUnitIds: [units.first.unit.id, units.second.unit.id],
          handlingDueDate: deadlines.lead,
          supportDueDate: deadlines.support,
          unitDueDates: { [units.second.unit.id]: deadlines.second },
        },
      },
    );

    // and each unit leader assigns a specialist, who reports; the lead unit proposes a reply
    const assignments: Record<string, string | null> = {};
    for (const [role, unit] of Object.entries(units)) {
      const specialist = await client.user(unit.specialist);
      const task = await client.complete(
        unit.leader,
        {
          processInstanceKey: incomingKey,
          elementId: 'assign-specialist',
          candidateGroup: `unit-leader:${unit.unit.id}`,
        },
        { variables: { specialistId: specialist.id } },
      );
      assignments[role] = task.dueAt;
      await client.complete(
        unit.specialist,
        { processInstanceKey: incomingKey, elementId: 'handle-and-report' },
        { variables: { report: `Ý kiến của ${unit.unit.code}`, proposeReply: role === 'lead' } },
      );
    }
    const closing = await client.waitForTask(stc.director, {
      processInstanceKey: incomingKey,
      elementId: 'close',
    });
    await client.complete(stc.director, { processInstanceKey: incomingKey, elementId: 'close' });
    const instance = await client.waitForEnd(incomingKey);

    // then each unit's tasks carried its own deadline
    expect(new Date(assignments.lead!).getTime()).to.equal(new Date(deadlines.lead).getTime());
    expect(new Date(assignments.first!).getTime()).to.equal(new Date(deadlines.support).getTime());
    expect(new Date(assignments.second!).getTime()).to.equal(new Date(deadlines.second).getTime());

    // and the route verified the signatures, registered the document and closed it
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables.signaturesValid).to.equal(true);
    expect(closing.documentId).to.equal(incomingDocumentId);
    const received = await client.send(
      stc.clerk,
      'get',
      `/api/documents/${incomingDocumentId}`,
      undefined,
      200,
    );
    expect(received.body.document.status).to.equal('registered');
    expect(received.body.document.registerNumber).to.be.a('number');

    // and the reports of the three units are collected, lead unit first
    const reports = instance.variables.unitReports as Array<Record<string, unknown>>;
    expect(reports.map((report) => [report.unitId, report.lead, report.report])).to.deep.equal([
      [units.lead.unit.id, true, 'Ý kiến của QLNS'],
      [units.first.unit.id, false, 'Ý kiến của TCDN'],
      [units.second.unit.id, false, 'Ý kiến của VP'],
    ]);

    // and the proposed reply became an outgoing draft on the lead specialist's task list
    const replyDocumentId = instance.variables.replyDocumentId as string;
    const replyDraft = await client.waitForTask(units.lead.specialist, {
      processInstanceKey: instance.variables.replyProcessInstanceKey as string,
      elementId: 'draft',
    });
    expect(replyDraft.documentId).to.equal(replyDocumentId);
    const reply = await client.send(
      units.lead.specialist,
      'get',
      `/api/documents/${replyDocumentId}`,
      undefined,
      200,
    );
    expect(reply.body.document.replyToDocumentId).to.equal(incomingDocumentId);
    expect(reply.body.document.direction).to.equal('outgoing');
    expect(reply.body.document.organId).to.equal(STC);
  });

  it('unsigned document returned to the sender', async function () {
    this.timeout(180_000);
    // given an unsigned PDF that the clerk registers and routes
    const fileId = await client.uploadPdf(stc.clerk, pdf, 'cong-van-den.pdf');
    const registered = await client.send(
      stc.clerk,
      'post',
      '/api/documents/incoming',
      {
        organId: STC,
        typeCode: 'CV',
        subject: 'V/v báo cáo tình hình thực hiện dự toán',
        organName: 'Ủy ban nhân dân huyện Lạc Sơn',
        codeNumber: '215',
        codeNotation: 'UBND-TCKH',
        issuedDate: '2026-12-01',
        fileId,
      },
      201,
    );
    const documentId = registered.body.details.document.id as string;
    const key = await client.startRoute(stc.clerk, 'incoming', { documentId });

    // when the clerk records the return with a reason
    await client.complete(
      stc.clerk,
      { processInstanceKey: key, elementId: 'record-return' },
      { comment: 'Văn bản điện tử chưa có chữ ký số' },
    );
    const instance = await client.waitForEnd(key);

    // then the route ended as returned, with the reason and without direction
    expect(instance.state).to.equal('COMPLETED');
    expect(instance.variables.returnReason).to.equal('Văn bản điện tử chưa có chữ ký số');
    expect(instance.variables.signatureReasons).to.deep.equal([
      'the PDF carries no digital signature',
    ]);
    const open = await client.openTasks(stc.director);
    expect(open.filter((task) => task.processInstanceKey === key)).to.deep.equal([]);
  });
});
