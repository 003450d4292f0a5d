import { status as GrpcStatus } from '@grpc/grpc-js';
import { expect } from 'chai';

import {
  ConflictError,
  NotFoundError,
  TransientError,
  ValidationError,
} from '../../../src/errors/index.js';
import type { ZeebeEngine } from '../../../src/engine/zeebe/index.js';
import { processXml } from './fakes/bpmn-fixtures.js';
import { startFakeCamunda, type FakeCamunda } from './fakes/fake-camunda.js';
import { rejectionOf } from '../../support/rejection.js';

const approval = processXml('outgoing-approval', [
  { kind: 'service', id: 'register', jobType: 'document.register' },
]);

describe('ZeebeEngine commands', () => {
  let fake: FakeCamunda;
  let engine: ZeebeEngine;

  beforeEach(async () => {
    fake = await startFakeCamunda();
    engine = await fake.startEngine();
  });

  afterEach(async () => {
    await fake.stop();
  });

  const lastCall = (method: string) => {
    const calls = fake.gateway.calls.filter((call) => call.method === method);
    expect(calls, `calls of ${method}`).to.have.length.greaterThan(0);
    return calls[calls.length - 1]!;
  };

  describe('health', () => {
    it('reports the topology', async () => {
      // when
      const health = await engine.health();

      // then
      expect(lastCall('Topology').request).to.deep.equal({});
      expect(health.ok).to.equal(true);
      expect(health.engine).to.equal('zeebe');
      expect(health.details).to.include({
        gatewayVersion: '8.8.0',
        partitionsCount: 1,
        brokers: 1,
      });
    });

    it('reports not ok when the gateway fails', async () => {
      // given
      fake.gateway.failNext('Topology', GrpcStatus.UNAVAILABLE, 'No brokers available');

      // when
      const health = await engine.health();

      // then
      expect(health.ok).to.equal(false);
      expect(String(health.details.error)).to.include('No brokers available');
    });
  });

  describe('deploy', () => {
    it('sends every resource in one request', async () => {
      // given
      const second = processXml('incoming-intake', [{ kind: 'user', id: 'review' }]);

      // when
      const result = await engine.deploy([
        { name: 'outgoing-approval.bpmn', content: approval },
        { name: 'incoming-intake.bpmn', content: Buffer.from(second, 'utf8') },
      ]);

      // then
      const request = lastCall('DeployResource').request as {
        resources: Array<{ name: string; content: Buffer }>;
        tenantId: string;
      };
      expect(request.resources.map((resource) => resource.name)).to.deep.equal([
        'outgoing-approval.bpmn',
        'incoming-intake.bpmn',
      ]);
      expect(request.resources[0]!.content.toString('utf8')).to.equal(approval);
      expect(request.tenantId).to.equal('<default>');
      expect(result.deploymentKey).to.match(/^\d+$/);
      expect(
        result.processes.map((p) => [p.bpmnProcessId, p.version, p.resourceName]),
      ).to.deep.equal([
        ['outgoing-approval', 1, 'outgoing-approval.bpmn'],
        ['incoming-intake', 1, 'incoming-intake.bpmn'],
      ]);
    });

    it('keeps the version for identical content', async () => {
      // given
      await engine.deploy([{ name: 'outgoing-approval.bpmn', content: approval }]);

      // when
      const again = await engine.deploy([{ name: 'outgoing-approval.bpmn', content: approval }]);
      const changed = await engine.deploy([
        {
          name: 'outgoing-approval.bpmn',
          content: approval.replace('name="outgoing-approval"', 'name="v2"'),
        },
      ]);

      // then
      expect(again.processes[0]!.version).to.equal(1);
      expect(changed.processes[0]!.version).to.equal(2);
    });

    it('keeps the broker message on rejection', async () => {
      // given
      const broken = processXml('broken', [{ kind: 'service', id: 'sign' }]);

      // when
      const error = await rejectionOf(engine.deploy([{ name: 'broken.bpmn', content: broken }]));

      // then
      expect(error).to.be.instanceOf(ValidationError);
      expect(error.message).to.include("'broken.bpmn'");
      expect(error.message).to.include('Element: sign');
      expect(error.message).to.include("Must have exactly one 'zeebe:taskDefinition'");
      expect((error as ValidationError).details.resources).to.deep.equal(['broken.bpmn']);
    });

    it('rejects an empty resource list locally', async () => {
      // when
      const error = await rejectionOf(engine.deploy([]));

      // then
      expect(error).to.be.instanceOf(ValidationError);
      expect(
        fake.gateway.calls.filter((call) => call.method === 'DeployResource'),
      ).to.have.lengthOf(0);
    });
  });

  describe('createInstance', () => {
    beforeEach(async () => {
      await engine.deploy([{ name: 'outgoing-approval.bpmn', content: approval }]);
      await engine.deploy([
        {
          name: 'outgoing-approval.bpmn',
          content: approval.replace('name="outgoing-approval"', 'name="v2"'),
        },
      ]);
    });

    it('starts the latest version', async () => {
      // when
      const created = await engine.createInstance({
        bpmnProcessId: 'outgoing-approval',
        variables: { documentId: 'doc-7', pages: 3 },
      });

      // then
      const request = lastCall('CreateProcessInstance').request;
      expect(request.bpmnProcessId).to.equal('outgoing-approval');
      expect(request.version).to.equal(-1);
      expect(JSON.parse(String(request.variables))).to.deep.equal({
        documentId: 'doc-7',
        pages: 3,
      });
      expect(created.version).to.equal(2);
      expect(created.bpmnProcessId).to.equal('outgoing-approval');
      expect(created.processInstanceKey).to.match(/^\d+$/);
      expect(created.processDefinitionKey).to.equal(
        fake.cluster.latestDefinition('outgoing-approval')!.key,
      );
    });

    it('starts a given version', async () => {
      // when
      const created = await engine.createInstance({
        bpmnProcessId: 'outgoing-approval',
        version: 1,
      });

      // then
      expect(lastCall('CreateProcessInstance').request.version).to.equal(1);
      expect(created.version).to.equal(1);
    });

    it('maps an unknown process to NotFoundError', async () => {
      // when
      const error = await rejectionOf(engine.createInstance({ bpmnProcessId: 'no-such-process' }));

      // then
      expect(error).to.be.instanceOf(NotFoundError);
      expect(error.message).to.include("process ID 'no-such-process'");
    });

    it('rejects a version below 1 locally', async () => {
      // when
      const error = await rejectionOf(
        engine.createInstance({ bpmnProcessId: 'outgoing-approval', version: 0 }),
      );

      // then
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).details.field).to.equal('version');
    });
  });

  describe('cancelInstance', () => {
    it('cancels by key', async () => {
      // given
      await engine.deploy([{ name: 'outgoing-approval.bpmn', content: approval }]);
      const created = await engine.createInstance({ bpmnProcessId: 'outgoing-approval' });

      // when
      await engine.cancelInstance(created.processInstanceKey);

      // then
      expect(lastCall('CancelProcessInstance').request.processInstanceKey).to.equal(
        created.processInstanceKey,
      );
      expect(fake.cluster.instances.get(created.processInstanceKey)!.state).to.equal('TERMINATED');
    });

    it('maps an unknown key to NotFoundError', async () => {
      // when
      const error = await rejectionOf(engine.cancelInstance('2251799813699999'));

      // then
      expect(error).to.be.instanceOf(NotFoundError);
      expect(error.message).to.include('2251799813699999');
    });

    it('rejects a key that is not a number', async () => {
      // when
      const error = await rejectionOf(engine.cancelInstance('instance-1'));

      // then
      expect(error).to.be.instanceOf(ValidationError);
      expect((error as ValidationError).details.value).to.equal('instance-1');
    });
  });

  describe('publishMessage', () => {
    it('sends every message field', async () => {
      // when
      const published = await engine.publishMessage({
        name: 'signature-received',
        correlationKey: 'doc-7',
        timeToLiveMs: 60_000,
        messageId: 'sig-doc-7',
        variables: { signedBy: 'director' },
      });

      // then
      const request = lastCall('PublishMessage').request;
      expect(request.name).to.equal('signature-received');
      expect(request.correlationKey).to.equal('doc-7');
      expect(request.timeToLive).to.equal('60000');
      expect(request.messageId).to.equal('sig-doc-7');
      expect(JSON.parse(String(request.variables))).to.deep.equal({ signedBy: 'director' });
      expect(published.messageKey).to.match(/^\d+$/);
    });

    it('maps a duplicate message id to ConflictError', async () => {
      // given
      const message = {
        name: 'signature-received',
        correlationKey: 'doc-7',
        timeToLiveMs: 60_000,
        messageId: 'sig-1',
      };
      await engine.publishMessage(message);

      // when
      const error = await rejectionOf(engine.publishMessage(message));

      // then
      expect(error).to.be.instanceOf(ConflictError);
      expect(error.message).to.include("id 'sig-1'");
    });

    it('maps RESOURCE_EXHAUSTED to TransientError', async () => {
      // given
      fake.gateway.failNext(
        'PublishMessage',
        GrpcStatus.RESOURCE_EXHAUSTED,
        'Expected to handle request, but there was backpressure',
      );

      // when
      const error = await rejectionOf(
        engine.publishMessage({
          name: 'signature-received',
          correlationKey: 'doc-7',
          timeToLiveMs: 0,
        }),
      );

      // then
      expect(error).to.be.instanceOf(TransientError);
      expect(error.message).to.include('backpressure');
    });
  });

  describe('setVariables', () => {
    it('sets variables on the instance scope', async () => {
      // given
      await engine.deploy([{ name: 'outgoing-approval.bpmn', content: approval }]);
      const created = await engine.createInstance({
        bpmnProcessId: 'outgoing-approval',
        variables: { a: 1 },
      });

      // when
      await engine.setVariables(created.processInstanceKey, { b: 'two' }, { local: true });

      // then
      const request = lastCall('SetVariables').request;
      expect(request.elementInstanceKey).to.equal(created.processInstanceKey);
      expect(JSON.parse(String(request.variables))).to.deep.equal({ b: 'two' });
      expect(request.local).to.equal(true);
      expect(fake.cluster.instances.get(created.processInstanceKey)!.variables).to.deep.equal({
        a: 1,
        b: 'two',
      });
    });

    it('maps an unknown scope to NotFoundError', async () => {
      // when
      const error = await rejectionOf(engine.setVariables('2251799813699999', { b: 1 }));

      // then
      expect(error).to.be.instanceOf(NotFoundError);
    });

    it('rejects variables that are not an object', async () => {
      // when
      const error = await rejectionOf(engine.setVariables('2251799813685251', [1, 2] as never));

      // then
      expect(error).to.be.instanceOf(ValidationError);
      expect(fake.gateway.calls.filter((call) => call.method === 'SetVariables')).to.have.lengthOf(
        0,
      );
    });
  });
});
