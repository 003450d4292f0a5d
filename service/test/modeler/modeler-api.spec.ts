import { validateAllZeebe } from '@bpmn-io/element-templates-validator';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { createHttpLogger } from '../../src/log/index.js';
import { createModelerRouter } from '../../src/modeler/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { startModelerTestApp, testJobTypes, type ModelerTestApp } from './modeler-harness.js';
import { approvalRoute, editRoute } from './route-fixtures.js';

describeEachDatabase('modeler api', (database) => {
  let t: ModelerTestApp;

  before(async () => {
    t = await startModelerTestApp(database().url);
  });

  after(async () => {
    await t?.close();
  });

  const saveDraft = async (xml: string) =>
    (await request(t.app).post('/api/modeler/drafts').send({ xml }).expect(201)).body;

  it('saves, lists and reads drafts', async () => {
    // given two saves of one route
    const first = await saveDraft(approvalRoute);
    const second = await saveDraft(editRoute('name="Sign"', 'name="Sign v2"'));
    // when the drafts are listed and the first is read
    const list = await request(t.app).get('/api/modeler/drafts').expect(200);
    const read = await request(t.app).get(`/api/modeler/drafts/${first.id}`).expect(200);
    // then the list has the newest save, and the first save is still stored
    expect(second.bpmnProcessId).to.equal('approval-route');
    expect(second.savedBy).to.equal('analyst');
    const entries = list.body.filter(
      (d: { bpmnProcessId: string }) => d.bpmnProcessId === 'approval-route',
    );
    expect(entries.map((d: { id: number }) => d.id)).to.deep.equal([second.id]);
    expect(read.body.xml).to.equal(approvalRoute);
    expect(read.body.name).to.equal('Approval route');
  });

  it('rejects a draft that is not BPMN', async () => {
    // given text that is not BPMN
    // when it is saved
    const response = await request(t.app).post('/api/modeler/drafts').send({ xml: '<nope' });
    // then the problem names the xml field
    expect(response.status).to.equal(400);
    expect(response.body.detail).to.include('xml is not valid BPMN');
  });

  it('reports a missing draft', async () => {
    // given no draft with id 999999
    // when it is read
    const response = await request(t.app).get('/api/modeler/drafts/999999');
    // then the response is 404 naming the id
    expect(response.status).to.equal(404);
    expect(response.body.detail).to.include('999999');
  });

  it('rejects an invalid draft id', async () => {
    // given an id that is not a number
    // when it is read
    const response = await request(t.app).get('/api/modeler/drafts/abc');
    // then the response is 400 naming the value
    expect(response.status).to.equal(400);
    expect(response.body.detail).to.include('"abc"');
  });

  it('refuses to deploy a draft with lint errors', async () => {
    // given a saved draft whose user task has no due date
    const draft = await saveDraft(
      editRoute('<zeebe:taskSchedule dueDate="2030-01-31T17:00:00+07:00" />', '').replace(
        /approval-route/g,
        'undated-route',
      ),
    );
    // when it is deployed
    const response = await request(t.app).post(`/api/modeler/drafts/${draft.id}/deployment`);
    // then nothing is deployed and the problem lists the lint error
    expect(response.status).to.equal(400);
    expect(response.body.detail).to.include('approve');
    expect(response.body.problems.map((p: { rule: string }) => p.rule)).to.deep.equal([
      'docroute/user-task-due-date',
    ]);
    expect(await t.engine.listDefinitions({ bpmnProcessId: 'undated-route' })).to.deep.equal([]);
  });

  it('deploys drafts and lists versions with who deployed them', async () => {
    // given two deployed versions of a route
    const v1 = await saveDraft(approvalRoute);
    await request(t.app).post(`/api/modeler/drafts/${v1.id}/deployment`).expect(201);
    const v2 = await saveDraft(editRoute('name="Sign"', 'name="Sign and seal"'));
    const deployed = await request(t.app)
      .post(`/api/modeler/drafts/${v2.id}/deployment`)
      .expect(201);
    // when the versions are listed
    const versions = await request(t.app)
      .get('/api/modeler/processes/approval-route/versions')
      .expect(200);
    // then both are listed newest first with the deployer
    expect(deployed.body.draft.processVersion).to.equal(2);
    expect(versions.body.map((v: { version: number }) => v.version)).to.deep.equal([2, 1]);
    expect(versions.body.map((v: { deployedBy: string }) => v.deployedBy)).to.deep.equal([
      'analyst',
      'analyst',
    ]);

    // when the two versions are compared
    const [newer, older] = versions.body.map(
      (v: { processDefinitionKey: string }) => v.processDefinitionKey,
    );
    const diff = await request(t.app)
      .get(`/api/modeler/diff?from=${older}&to=${newer}`)
      .expect(200);
    // then the renamed task is the only change
    expect(diff.body.added).to.deep.equal([]);
    expect(diff.body.removed).to.deep.equal([]);
    expect(diff.body.changed).to.deep.equal([
      {
        id: 'sign',
        type: 'bpmn:ServiceTask',
        name: 'Sign and seal',
        changes: [{ attribute: 'name', from: 'Sign', to: 'Sign and seal' }],
      },
    ]);
  });

  it('reports a diff of an unknown version', async () => {
    // given no process definition with key 1
    // when it is compared
    const response = await request(t.app).get('/api/modeler/diff?from=1&to=2');
    // then the response is 404
    expect(response.status).to.equal(404);
    expect(response.body.detail).to.include('key 1');
  });

  it('lints posted XML', async () => {
    // given a route with an unregistered job type
    const xml = editRoute('type="signature.apply"', 'type="fax.send"');
    // when it is linted through the API
    const response = await request(t.app).post('/api/modeler/lint').send({ xml }).expect(200);
    // then the job type error is returned
    expect(response.body.errors.map((e: { rule: string }) => e.rule)).to.deep.equal([
      'docroute/job-type-registered',
    ]);
  });

  it('serves valid element templates in both languages', async () => {
    for (const lang of ['vi', 'en']) {
      // given a language
      // when the templates are requested
      const response = await request(t.app).get(`/api/modeler/element-templates?lang=${lang}`);
      // then they are valid Zeebe element templates, one per job type plus the approval step
      expect(response.status).to.equal(200);
      const validation = validateAllZeebe(response.body);
      expect(validation.valid, JSON.stringify(validation.results)).to.equal(true);
      const jobTypes = response.body.flatMap(
        (template: {
          properties: Array<{ binding: { type: string; property?: string }; value?: string }>;
        }) =>
          template.properties
            .filter(
              (p) => p.binding.type === 'zeebe:taskDefinition' && p.binding.property === 'type',
            )
            .map((p) => p.value),
      );
      expect(jobTypes.sort()).to.deep.equal([...testJobTypes].sort());
    }
  });

  it('labels templates in the requested language', async () => {
    // given the signing template
    // when it is requested in Vietnamese and in English
    const vi = await request(t.app).get('/api/modeler/element-templates?lang=vi').expect(200);
    const en = await request(t.app).get('/api/modeler/element-templates?lang=en').expect(200);
    const find = (list: Array<{ id: string; name: string }>) =>
      list.find((template) => template.id === 'docroute.signature.apply')!.name;
    // then the names differ by language
    expect(find(vi.body)).to.equal('Ký số cá nhân');
    expect(find(en.body)).to.equal('Apply personal signature');
  });

  it('fills candidate group choices', async () => {
    // given the candidate groups endpoint
    const groups = await request(t.app).get('/api/modeler/candidate-groups').expect(200);
    // when the approval step template is requested
    const templates = await request(t.app).get('/api/modeler/element-templates?lang=vi');
    const approval = templates.body.find(
      (tpl: { id: string }) => tpl.id === 'docroute.approval-step',
    );
    const dropdown = approval.properties.find((p: { id?: string }) => p.id === 'candidateGroups');
    // then its dropdown offers every group by id
    expect(dropdown.choices.map((c: { value: string }) => c.value)).to.deep.equal(
      groups.body.map((g: { id: string }) => g.id),
    );
  });

  it('takes candidate groups from a provider', async () => {
    // given a modeler router whose candidate groups come from the organisation
    const legal = { id: 'unit:phap-che', name: { en: 'Legal division', vi: 'Phòng Pháp chế' } };
    const app = express();
    app.use(createHttpLogger(t.logger));
    app.use(
      createModelerRouter({
        engine: t.engine,
        dataSource: t.dataSource,
        logger: t.logger,
        maxBodyBytes: 1024 * 1024,
        registeredJobTypes: () => testJobTypes,
        candidateGroups: async () => [legal],
      }),
    );
    // when the groups and the templates are requested
    const groups = await request(app).get('/api/modeler/candidate-groups').expect(200);
    const templates = await request(app).get('/api/modeler/element-templates?lang=en');
    // then both offer the provider's group
    expect(groups.body).to.deep.equal([legal]);
    const approval = templates.body.find(
      (tpl: { id: string }) => tpl.id === 'docroute.approval-step',
    );
    const dropdown = approval.properties.find((p: { id?: string }) => p.id === 'candidateGroups');
    expect(dropdown.choices).to.deep.equal([{ name: 'Legal division', value: 'unit:phap-che' }]);
  });

  it('rejects an unknown language', async () => {
    // given a language the modeler does not have
    // when templates are requested in it
    const response = await request(t.app).get('/api/modeler/element-templates?lang=fr');
    // then the response is 400 naming the field
    expect(response.status).to.equal(400);
    expect(response.body.detail).to.include('lang');
  });

  it('lists the registered job types', async () => {
    // given the test installation's workers
    // when the job types are requested
    const response = await request(t.app).get('/api/modeler/job-types').expect(200);
    // then they are listed
    expect(response.body).to.deep.equal(testJobTypes);
  });

  it('serves the modeler page', async () => {
    // given the built bundle
    // when the page is requested
    const response = await request(t.app).get('/modeler/').expect(200);
    // then it loads the bundle
    expect(response.text).to.include('modeler.js');
  });
});
