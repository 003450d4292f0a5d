import { expect } from 'chai';
import { resolve } from 'node:path';
import { readProcessFiles } from '../../src/deploy-processes.js';
import { AuditEntryEntity } from '../../src/audit/index.js';
import { lintDeployment } from '../../src/modeler/index.js';
import { UnitService } from '../../src/org/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { startTestService, type TestService } from '../support/service.js';
import { approvalRoute, editRoute } from './route-fixtures.js';

const processesDir = resolve(import.meta.dirname, '../../../processes');
const snv = '000.00.12.H26';

interface Group {
  id: string;
  name: { vi: string; en: string };
}

describeEachDatabase('modeler in the service', (database) => {
  let t: TestService;

  before(async function () {
    this.timeout(60_000);
    t = await startTestService(database());
  });

  after(async () => {
    await t?.stop();
  });

  const asUser = async (username: string) => ({ Authorization: await t.bearer(username) });

  it('requires a login for its API', async () => {
    // given no access token
    // when the drafts are listed
    const response = await t.api().get('/api/modeler/drafts');
    // then the response is 401 with a Bearer challenge
    expect(response.status).to.equal(401);
    expect(response.headers['www-authenticate']).to.match(/^Bearer /);
  });

  it('rejects a user without analyst role', async () => {
    // given a clerk
    const headers = await asUser('snv.maiht');
    // when the clerk lists drafts and lints a diagram
    const drafts = await t.api().get('/api/modeler/drafts').set(headers);
    const lint = await t.api().post('/api/modeler/lint').set(headers).send({ xml: approvalRoute });
    // then both are rejected, naming the required role
    expect(drafts.status).to.equal(403);
    expect(drafts.body.requiredRoles).to.deep.equal(['analyst']);
    expect(lint.status).to.equal(403);
    // and the refusal is in the audit log
    const refusals = await t.service.dataSource
      .getRepository(AuditEntryEntity)
      .findBy({ action: 'refused' });
    const paths = refusals.map((entry) => JSON.parse(entry.details).path);
    expect(paths).to.include('/api/modeler/drafts');
  });

  it('offers the caller agency groups', async () => {
    // given the analyst of SNV and the units of SNV
    const headers = await asUser('snv.trangdt');
    const units = await new UnitService(t.service.dataSource).list(snv);

    // when the candidate groups and the Vietnamese templates are requested
    const groups: Group[] = (
      await t.api().get('/api/modeler/candidate-groups').set(headers).expect(200)
    ).body;
    const templates = await t.api().get('/api/modeler/element-templates?lang=vi').set(headers);

    // then every unit is offered with its leaders, then the agency-wide role groups
    const ids = groups.map((group) => group.id);
    for (const unit of units) {
      expect(ids).to.include(`unit:${unit.id}`);
      expect(ids).to.include(`unit-leader:${unit.id}`);
      const leaders = groups.find((group) => group.id === `unit-leader:${unit.id}`)!;
      expect(leaders.name.vi).to.equal(`Lãnh đạo ${unit.name}`);
    }
    expect(units).to.have.length(4);
    for (const kind of ['agency-leader', 'clerk', 'specialist', 'analyst', 'administrator']) {
      expect(ids).to.include(`${kind}:${snv}`);
    }
    expect(ids.filter((id) => id.endsWith(':000.00.13.H26'))).to.deep.equal([]);
    expect(groups.find((group) => group.id === `clerk:${snv}`)!.name).to.deep.equal({
      vi: 'Văn thư (SNV)',
      en: 'Records clerks (SNV)',
    });
    const approval = templates.body.find(
      (tpl: { id: string }) => tpl.id === 'docroute.approval-step',
    );
    const dropdown = approval.properties.find((p: { id?: string }) => p.id === 'candidateGroups');
    expect(dropdown.choices.map((c: { value: string }) => c.value)).to.deep.equal(ids);
  });

  it('rejects an upload that fails lint', async () => {
    // given a route whose user task has no due date and whose job type has no worker
    const xml = editRoute('<zeebe:taskSchedule dueDate="2030-01-31T17:00:00+07:00" />', '')
      .replace('type="signature.apply"', 'type="fax.send"')
      .replace(/approval-route/g, 'lint-failing-route');
    // when the analyst uploads it to /api/deployments
    const response = await t
      .api()
      .post('/api/deployments')
      .set(await asUser('snv.trangdt'))
      .send({ resources: [{ name: 'lint-failing-route.bpmn', content: xml }] });
    // then the problem lists file, element, rule and message of each error, and nothing deploys
    expect(response.status).to.equal(400);
    const problems = response.body.problems.map(
      (p: { resourceName: string; elementId: string; rule: string }) =>
        `${p.resourceName} ${p.elementId} ${p.rule}`,
    );
    expect(problems.sort()).to.deep.equal([
      'lint-failing-route.bpmn approve docroute/user-task-due-date',
      'lint-failing-route.bpmn sign docroute/job-type-registered',
    ]);
    for (const problem of response.body.problems) expect(problem.message).to.be.a('string');
    expect(response.body.detail).to.include('lint-failing-route.bpmn');
    const definitions = await t.service.engine.listDefinitions({
      bpmnProcessId: 'lint-failing-route',
    });
    expect(definitions).to.deep.equal([]);
  });

  it('records who uploaded and who deployed a draft', async () => {
    // given the analyst's token
    const headers = await asUser('snv.trangdt');
    const xml = approvalRoute.replace(/approval-route/g, 'recorded-route');
    // when version 1 is uploaded and version 2 is deployed from a draft
    await t
      .api()
      .post('/api/deployments')
      .set(headers)
      .send({ resources: [{ name: 'recorded-route.bpmn', content: xml }] })
      .expect(201);
    const draft = await t
      .api()
      .post('/api/modeler/drafts')
      .set(headers)
      .send({ xml: editRoute('name="Sign"', 'name="Sign and seal"', xml) })
      .expect(201);
    await t.api().post(`/api/modeler/drafts/${draft.body.id}/deployment`).set(headers).expect(201);
    const versions = await t
      .api()
      .get('/api/modeler/processes/recorded-route/versions')
      .set(headers)
      .expect(200);
    // then both versions name the analyst as deployer, with the time of the deployment
    expect(draft.body.savedBy).to.equal('snv.trangdt');
    expect(versions.body.map((v: { version: number }) => v.version)).to.deep.equal([2, 1]);
    expect(versions.body.map((v: { deployedBy: string }) => v.deployedBy)).to.deep.equal([
      'snv.trangdt',
      'snv.trangdt',
    ]);
  });

  it('accepts the processes folder under the same rules', async () => {
    // given the job types that the running service has workers for
    const jobTypes = (
      await t
        .api()
        .get('/api/modeler/job-types')
        .set(await asUser('snv.trangdt'))
        .expect(200)
    ).body;
    // when the files of processes/ are linted as a deployment
    const lint = await lintDeployment((await readProcessFiles(processesDir))!, jobTypes);
    // then no rule reports an error
    expect(lint.errors).to.deep.equal([]);
  });
});
