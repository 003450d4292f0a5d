import { expect } from 'chai';

import { NotFoundError, ValidationError } from '../../../src/errors/index.js';
import type { ZeebeEngine } from '../../../src/engine/zeebe/index.js';
import { processXml } from './fakes/bpmn-fixtures.js';
import { VARIABLE_TRUNCATION_LIMIT } from './fakes/fake-rest-views.js';
import { startFakeCamunda, type FakeCamunda } from './fakes/fake-camunda.js';
import { rejectionOf } from '../../support/rejection.js';

const approvalXml = processXml(
  'outgoing-approval',
  [
    { kind: 'service', id: 'register', jobType: 'document.register', name: 'Register number' },
    { kind: 'service', id: 'archive', jobType: 'document.archive' },
  ],
  'Outgoing approval',
);

describe('ZeebeEngine queries', () => {
  let fake: FakeCamunda;
  let engine: ZeebeEngine;

  beforeEach(async () => {
    fake = await startFakeCamunda();
    engine = await fake.startEngine();
    await engine.deploy([{ name: 'outgoing-approval.bpmn', content: approvalXml }]);
    fake.cluster.offerJob('outgoing-approval', {
      type: 'document.register',
      elementId: 'register',
    });
  });

  afterEach(async () => {
    await fake.stop();
  });

  const restRequests = (path: string) =>
    fake.rest.requests.filter((request) => request.path === path);

  describe('listDefinitions', () => {
    it('lists every version with its deployment', async () => {
      // given
      const second = await engine.deploy([
        {
          name: 'outgoing-approval.bpmn',
          content: approvalXml.replace('Outgoing approval', 'Outgoing approval v2'),
        },
      ]);

      // when
      const definitions = await engine.listDefinitions({ bpmnProcessId: 'outgoing-approval' });

      // then
      const [request] = restRequests('/v2/process-definitions/search');
      expect(request!.method).to.equal('POST');
      expect((request!.body as { filter: unknown }).filter).to.deep.equal({
        processDefinitionId: 'outgoing-approval',
      });
      expect(definitions.map((d) => [d.version, d.name])).to.deep.equal([
        [1, 'Outgoing approval'],
        [2, 'Outgoing approval v2'],
      ]);
      expect(definitions[1]!.deploymentKey).to.equal(second.deploymentKey);
      expect(definitions[1]!.processDefinitionKey).to.equal(
        second.processes[0]!.processDefinitionKey,
      );
      expect(definitions[1]!.resourceName).to.equal('outgoing-approval.bpmn');
    });

    it('pages through long lists', async () => {
      // given
      const resources = Array.from({ length: 101 }, (_unused, index) => ({
        name: `p${index}.bpmn`,
        content: processXml(`p-${index}`, []),
      }));
      await engine.deploy(resources);

      // when
      const definitions = await engine.listDefinitions();

      // then
      expect(definitions).to.have.length(102);
      const pages = restRequests('/v2/process-definitions/search').map(
        (r) => (r.body as { page: unknown }).page,
      );
      expect(pages).to.deep.equal([
        { from: 0, limit: 100 },
        { from: 100, limit: 100 },
      ]);
    });
  });

  describe('getDefinitionXml', () => {
    it('returns the deployed XML', async () => {
      // given
      const [definition] = await engine.listDefinitions({ bpmnProcessId: 'outgoing-approval' });

      // when
      const xml = await engine.getDefinitionXml(definition!.processDefinitionKey);

      // then
      expect(xml).to.equal(approvalXml);
      expect(
        restRequests(`/v2/process-definitions/${definition!.processDefinitionKey}/xml`),
      ).to.have.length(1);
    });

    it('maps 404 to NotFoundError', async () => {
      // when
      const error = await rejectionOf(engine.getDefinitionXml('2251799813699999'));

      // then
      expect(error).to.be.instanceOf(NotFoundError);
      expect((error as NotFoundError).details.httpStatus).to.equal(404);
    });
  });

  describe('getInstance', () => {
    it('combines instance, variables, elements and incidents', async () => {
      // given
      const created = await engine.createInstance({
        bpmnProcessId: 'outgoing-approval',
        variables: { documentId: 'doc-7', reviewers: ['a', 'b'] },
      });
      const [job] = await engine.activateJobs({
        type: 'document.register',
        worker: 'w',
        timeoutMs: 1000,
        maxJobs: 1,
      });
      await engine.failJob({ jobKey: job!.key, retries: 0, errorMessage: 'register book locked' });

      // when
      const instance = await engine.getInstance(created.processInstanceKey);

      // then
      expect(instance.processInstanceKey).to.equal(created.processInstanceKey);
      expect(instance.bpmnProcessId).to.equal('outgoing-approval');
      expect(instance.version).to.equal(1);
      expect(instance.state).to.equal('ACTIVE');
      expect(instance.variables).to.deep.equal({ documentId: 'doc-7', reviewers: ['a', 'b'] });
      expect(
        instance.activeElements.map((e) => [e.elementId, e.elementType, e.state]),
      ).to.deep.equal([['register', 'serviceTask', 'ACTIVE']]);
      expect(instance.incidents.map((i) => [i.errorType, i.jobKey])).to.deep.equal([
        ['JOB_NO_RETRIES', job!.key],
      ]);
      const [variablesSearch] = restRequests('/v2/variables/search');
      expect((variablesSearch!.body as { filter: unknown }).filter).to.deep.equal({
        processInstanceKey: created.processInstanceKey,
        scopeKey: created.processInstanceKey,
      });
    });

    it('fetches a truncated variable in full', async () => {
      // given
      const longText = 'x'.repeat(VARIABLE_TRUNCATION_LIMIT + 100);
      const created = await engine.createInstance({
        bpmnProcessId: 'outgoing-approval',
        variables: { longText },
      });

      // when
      const instance = await engine.getInstance(created.processInstanceKey);

      // then
      expect(instance.variables.longText).to.equal(longText);
      expect(
        fake.rest.requests.some((r) => r.method === 'GET' && r.path.startsWith('/v2/variables/')),
      ).to.equal(true);
    });

    it('maps an unknown instance to NotFoundError', async () => {
      // when
      const error = await rejectionOf(engine.getInstance('2251799813699999'));

      // then
      expect(error).to.be.instanceOf(NotFoundError);
      expect(error.message).to.include('2251799813699999');
    });
  });

  describe('getInstanceHistory', () => {
    it('lists ended and active elements in start order', async () => {
      // given
      const created = await engine.createInstance({ bpmnProcessId: 'outgoing-approval' });
      const [job] = await engine.activateJobs({
        type: 'document.register',
        worker: 'w',
        timeoutMs: 1000,
        maxJobs: 1,
      });
      await engine.completeJob({ jobKey: job!.key });

      // when
      const history = await engine.getInstanceHistory(created.processInstanceKey);

      // then
      expect(history.map((e) => [e.elementId, e.elementType, e.state])).to.deep.equal([
        ['register', 'serviceTask', 'COMPLETED'],
      ]);
      expect(history[0]!.endedAt).to.be.instanceOf(Date);
      const [search] = restRequests('/v2/element-instances/search');
      expect((search!.body as { sort: unknown }).sort).to.deep.equal([
        { field: 'startDate', order: 'ASC' },
      ]);
    });
  });

  describe('resolveIncident', () => {
    it('updates job retries before resolving', async () => {
      // given
      const created = await engine.createInstance({ bpmnProcessId: 'outgoing-approval' });
      const [job] = await engine.activateJobs({
        type: 'document.register',
        worker: 'w',
        timeoutMs: 1000,
        maxJobs: 1,
      });
      await engine.failJob({ jobKey: job!.key, retries: 0, errorMessage: 'register book locked' });
      const [incident] = await engine.listIncidents({
        processInstanceKey: created.processInstanceKey,
        state: 'ACTIVE',
      });

      // when
      await engine.resolveIncident({ incidentKey: incident!.key, retries: 2 });

      // then
      const methods = fake.gateway.calls.map((call) => call.method);
      const retriesAt = methods.indexOf('UpdateJobRetries');
      expect(retriesAt).to.be.greaterThan(-1);
      expect(methods.indexOf('ResolveIncident')).to.equal(retriesAt + 1);
      expect(fake.gateway.calls[retriesAt]!.request).to.include({ jobKey: job!.key, retries: 2 });
      expect(fake.gateway.calls[retriesAt + 1]!.request.incidentKey).to.equal(incident!.key);
      expect(await engine.listIncidents({ state: 'ACTIVE' })).to.deep.equal([]);
      const again = await engine.activateJobs({
        type: 'document.register',
        worker: 'w',
        timeoutMs: 1000,
        maxJobs: 1,
      });
      expect(again.map((j) => [j.key, j.retries])).to.deep.equal([[job!.key, 2]]);
    });

    it('maps an unknown incident to NotFoundError', async () => {
      // when
      const error = await rejectionOf(engine.resolveIncident({ incidentKey: '2251799813699999' }));

      // then
      expect(error).to.be.instanceOf(NotFoundError);
      expect(
        fake.gateway.calls.filter((call) => call.method === 'ResolveIncident'),
      ).to.have.lengthOf(0);
    });

    it('rejects zero retries locally', async () => {
      // when
      const error = await rejectionOf(
        engine.resolveIncident({ incidentKey: '2251799813685260', retries: 0 }),
      );

      // then
      expect(error).to.be.instanceOf(ValidationError);
    });
  });

  describe('listIncidents', () => {
    it('filters by state and honours the limit', async () => {
      // given
      for (let index = 0; index < 3; index += 1) {
        await engine.createInstance({ bpmnProcessId: 'outgoing-approval' });
      }
      const jobs = await engine.activateJobs({
        type: 'document.register',
        worker: 'w',
        timeoutMs: 1000,
        maxJobs: 3,
      });
      for (const job of jobs)
        await engine.failJob({ jobKey: job.key, retries: 0, errorMessage: 'down' });

      // when
      const incidents = await engine.listIncidents({ state: 'ACTIVE', limit: 2 });

      // then
      expect(incidents).to.have.length(2);
      const search = restRequests('/v2/incidents/search').at(-1)!;
      expect(search.body).to.deep.include({
        filter: { state: 'ACTIVE' },
        page: { from: 0, limit: 2 },
      });
    });
  });
});
