import { expect } from 'chai';
import { describeEachDatabase } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import { SNV, createDraft, draftMetadata, uploadPdf } from './rights-fixtures.js';

describeEachDatabase('process instance variables and clearance', (database) => {
  let running: TestService;

  before(async function () {
    this.timeout(60_000);
    running = await startTestService(database());
  });

  after(async () => {
    await running?.stop();
  });

  /** Starts an outgoing route instance for a new draft of `secrecy`, as the analyst would. */
  async function instanceFor(secrecy: string): Promise<string> {
    const fileId = await uploadPdf(running, 'snv.loipv', `ban-${secrecy}`);
    const documentId = await createDraft(
      running,
      'snv.loipv',
      draftMetadata(SNV, secrecy, `Quyết định ${secrecy}`),
      fileId,
    );
    const created = await running
      .api()
      .post('/api/process-instances')
      .set('Authorization', await running.bearer('snv.trangdt'))
      .send({
        bpmnProcessId: 'outgoing-document',
        variables: { documentId, comment: 'Ý kiến của lãnh đạo' },
      });
    expect(created.status, created.text).to.equal(201);
    return created.body.processInstanceKey as string;
  }

  it('hides variables of a secret document', async () => {
    // given an instance for a Mật draft and an analyst without clearance
    const key = await instanceFor('mat');

    // when the analyst reads the instance
    const response = await running
      .api()
      .get(`/api/process-instances/${key}`)
      .set('Authorization', await running.bearer('snv.trangdt'));

    // then the state is shown but the variables are not
    expect(response.status).to.equal(200);
    expect(response.body.processInstanceKey).to.equal(key);
    expect(response.body.variables).to.deep.equal({});
    expect(response.body.variablesHidden).to.equal('clearance');
  });

  it('shows variables of a normal document', async () => {
    // given an instance for a document without secrecy
    const key = await instanceFor('none');

    // when the analyst reads the instance
    const response = await running
      .api()
      .get(`/api/process-instances/${key}`)
      .set('Authorization', await running.bearer('snv.trangdt'));

    // then the variables are there
    expect(response.status).to.equal(200);
    expect(response.body.variables.comment).to.equal('Ý kiến của lãnh đạo');
    expect(response.body).not.to.have.property('variablesHidden');
  });
});
