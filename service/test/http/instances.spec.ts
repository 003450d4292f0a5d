import { expect } from 'chai';
import { join } from 'node:path';
import request from 'supertest';
import { describeEachDatabase } from '../support/databases.js';
import { eventually, fixturesDir, startTestApp, type TestApp } from './harness.js';

describeEachDatabase('process instances api', (database) => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp(database().url);
    await request(t.app)
      .post('/api/deployments')
      .attach('files', join(fixturesDir, 'review-letter.bpmn'))
      .attach('files', join(fixturesDir, 'await-reply.bpmn'))
      .attach('files', join(fixturesDir, 'register-letter.bpmn'))
      .expect(201);
  });

  after(async () => {
    await t?.close();
  });

  async function createInstance(bpmnProcessId: string, variables = {}): Promise<string> {
    const response = await request(t.app)
      .post('/api/process-instances')
      .send({ bpmnProcessId, variables })
      .expect(201);
    return response.body.processInstanceKey as string;
  }

  const readInstance = (key: string) => request(t.app).get(`/api/process-instances/${key}`);

  it('creates an instance and reads it back', async () => {
    // given a deployed process with a user task
    // when an instance is created with variables
    const created = await request(t.app)
      .post('/api/process-instances')
      .send({ bpmnProcessId: 'review-letter', variables: { subject: 'Công văn số 12' } });

    // then it waits in the user task with its variables and history
    expect(created.status).to.equal(201);
    expect(created.body.version).to.equal(1);
    const instance = await eventually(
      () => readInstance(created.body.processInstanceKey),
      (response) => response.body.activeElements?.length > 0,
    );
    expect(instance.status).to.equal(200);
    expect(instance.body.state).to.equal('ACTIVE');
    expect(instance.body.variables).to.deep.equal({ subject: 'Công văn số 12' });
    const active = instance.body.activeElements.map((e: { elementId: string }) => e.elementId);
    expect(active).to.deep.equal(['review']);
    const history = instance.body.history.map((e: { elementId: string }) => e.elementId);
    expect(history).to.include('received');
    expect(instance.body.incidents).to.deep.equal([]);
  });

  it('assigns and completes a user task', async () => {
    // given an instance waiting in a user task
    const key = await createInstance('review-letter');
    const tasks = await eventually(
      () => request(t.app).get('/api/user-tasks').query({ processInstanceKey: key }),
      (response) => response.body.length > 0,
    );
    expect(tasks.body).to.have.length(1);
    const task = tasks.body[0];
    expect(task.elementId).to.equal('review');
    expect(task.candidateGroups).to.deep.equal(['clerks']);

    // when the task is assigned and then completed with a variable
    await request(t.app)
      .post(`/api/user-tasks/${task.key}/assignment`)
      .send({ assignee: 'lan.nguyen' })
      .expect(204);
    const assigned = await request(t.app).get('/api/user-tasks').query({ assignee: 'lan.nguyen' });
    await request(t.app)
      .post(`/api/user-tasks/${task.key}/completion`)
      .send({ variables: { approved: true } })
      .expect(204);

    // then the assignee was recorded and the instance completes with the variable
    expect(assigned.body.map((x: { key: string }) => x.key)).to.include(task.key);
    const done = await eventually(
      () => readInstance(key),
      (response) => response.body.state === 'COMPLETED',
    );
    expect(done.body.state).to.equal('COMPLETED');
    expect(done.body.variables.approved).to.equal(true);
  });

  it('publishes a message that completes an instance', async () => {
    // given an instance waiting for a reply to letter 12/CV
    const key = await createInstance('await-reply', { letterNumber: '12/CV' });

    // when the reply message is published with that correlation key
    const published = await request(t.app)
      .post('/api/messages')
      .send({ name: 'reply-received', correlationKey: '12/CV', variables: { replied: 'yes' } });

    // then the message has a key and the instance completes
    expect(published.status).to.equal(200);
    expect(published.body.messageKey).to.match(/^[0-9]+$/);
    const done = await eventually(
      () => readInstance(key),
      (response) => response.body.state === 'COMPLETED',
    );
    expect(done.body.state).to.equal('COMPLETED');
    expect(done.body.variables.replied).to.equal('yes');
  });

  it('duplicate message id is 409', async () => {
    // given a buffered message with an id
    const message = {
      name: 'reply-received',
      correlationKey: 'no-instance-waits',
      timeToLiveMs: 600_000,
      messageId: 'reply-7',
    };
    await request(t.app).post('/api/messages').send(message).expect(200);

    // when a message with the same id is published again
    const response = await request(t.app).post('/api/messages').send(message);

    // then it is rejected as a conflict
    expect(response.status).to.equal(409);
    expect(response.body.code).to.equal('CONFLICT');
  });

  it('cancels an instance', async () => {
    // given a running instance
    const key = await createInstance('review-letter');

    // when it is cancelled
    const response = await request(t.app).post(`/api/process-instances/${key}/cancellation`);

    // then it is terminated
    expect(response.status).to.equal(204);
    expect((await readInstance(key)).body.state).to.equal('TERMINATED');
  });

  it('lists and resolves an incident', async () => {
    // given a job that failed with no retries left
    const key = await createInstance('register-letter');
    const jobs = await eventually(
      () =>
        t.engine.activateJobs({
          type: 'register.assign',
          worker: 'http-test',
          timeoutMs: 60_000,
          maxJobs: 10,
        }),
      (activated) => activated.some((job) => job.processInstanceKey === key),
    );
    const job = jobs.find((candidate) => candidate.processInstanceKey === key)!;
    await t.engine.failJob({
      jobKey: job.key,
      activation: job.activation,
      retries: 0,
      errorMessage: 'register book locked',
    });

    // when incidents are listed and the incident is resolved
    const listed = await eventually(
      () => request(t.app).get('/api/incidents').query({ processInstanceKey: key }),
      (response) => response.body.length > 0,
    );
    const incident = listed.body[0];
    const resolved = await request(t.app)
      .post(`/api/incidents/${incident.key}/resolve`)
      .send({ retries: 2 });
    const active = await request(t.app)
      .get('/api/incidents')
      .query({ processInstanceKey: key, state: 'ACTIVE' });

    // then the incident named the error, and none is active after resolving
    expect(listed.body).to.have.length(1);
    expect(incident.errorType).to.equal('JOB_NO_RETRIES');
    expect(incident.errorMessage).to.equal('register book locked');
    expect(incident.state).to.equal('ACTIVE');
    expect(resolved.status).to.equal(204);
    expect(active.body).to.deep.equal([]);
  });

  it('unknown instance key is 404', async () => {
    // given a key that no instance has
    const key = '999999999999';

    // when it is read
    const response = await readInstance(key);

    // then the response is a 404 problem
    expect(response.status).to.equal(404);
    expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(response.body.code).to.equal('NOT_FOUND');
  });

  it('non-digit key is 400', async () => {
    // given a key with letters
    // when it is read
    const response = await readInstance('12ab');

    // then the problem names the value
    expect(response.status).to.equal(400);
    expect(response.body.field).to.equal('key');
    expect(response.body.value).to.equal('12ab');
    expect(response.body.detail).to.contain('12ab');
  });

  it('wrong field type is 400', async () => {
    // given a process id sent as a number
    const body = { bpmnProcessId: 42 };

    // when an instance is requested
    const response = await request(t.app).post('/api/process-instances').send(body);

    // then the problem names the field and the value
    expect(response.status).to.equal(400);
    expect(response.body.field).to.equal('bpmnProcessId');
    expect(response.body.value).to.equal(42);
  });

  it('unknown process id is 404', async () => {
    // given a process id that was never deployed
    const body = { bpmnProcessId: 'no-such-process' };

    // when an instance is requested
    const response = await request(t.app).post('/api/process-instances').send(body);

    // then the response is a 404 problem
    expect(response.status).to.equal(404);
  });
});
