import { expect } from 'chai';
import request from 'supertest';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from './harness.js';

describeEachDatabase('request body validation', (database) => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp(database().url);
  });

  after(async () => {
    await t?.close();
  });

  const unknownKeyCases = [
    {
      path: '/api/process-instances',
      body: { bpmnProcessId: 'review-letter', varaibles: { approved: true } },
      unknown: 'varaibles',
      accepted: ['bpmnProcessId', 'version', 'variables'],
    },
    {
      path: '/api/messages',
      body: { name: 'reply', correlationKey: 'k-1', ttl: 5000 },
      unknown: 'ttl',
      accepted: ['name', 'correlationKey', 'timeToLiveMs', 'messageId', 'variables'],
    },
    {
      path: '/api/user-tasks/1/assignment',
      body: { assignee: 'lan', asignee: 'lan' },
      unknown: 'asignee',
      accepted: ['assignee'],
    },
    {
      path: '/api/user-tasks/1/completion',
      body: { variable: { approved: true } },
      unknown: 'variable',
      accepted: ['variables'],
    },
    {
      path: '/api/incidents/1/resolve',
      body: { retry: 3 },
      unknown: 'retry',
      accepted: ['retries'],
    },
    {
      path: '/api/deployments',
      body: { resources: [{ name: 'a.bpmn', content: '<definitions/>' }], tenant: 'x' },
      unknown: 'tenant',
      accepted: ['resources'],
    },
  ];

  for (const { path, body, unknown, accepted } of unknownKeyCases) {
    it(`unknown key is 400 on ${path}`, async () => {
      // given a body with a misspelt or unsupported key
      // when it is posted
      const response = await request(t.app).post(path).send(body);

      // then the problem names the key and lists the accepted keys
      expect(response.status).to.equal(400);
      expect(response.body.code).to.equal('VALIDATION_FAILED');
      expect(response.body.field).to.equal(unknown);
      expect(response.body.detail).to.contain(`"${unknown}"`);
      for (const key of accepted) expect(response.body.detail).to.contain(key);
    });
  }

  it('unknown key in a resource is 400', async () => {
    // given a deployment resource with a key besides name and content
    const body = { resources: [{ name: 'a.bpmn', content: '<definitions/>', type: 'bpmn' }] };

    // when it is posted
    const response = await request(t.app).post('/api/deployments').send(body);

    // then the problem names the nested key
    expect(response.status).to.equal(400);
    expect(response.body.field).to.equal('resources.0.type');
    expect(response.body.detail).to.contain('name, content');
  });

  it('empty variable name is 400', async () => {
    // given variables with an empty name
    const body = { bpmnProcessId: 'review-letter', variables: { '': 1, approved: true } };

    // when an instance is requested
    const response = await request(t.app).post('/api/process-instances').send(body);

    // then the problem names the variables field
    expect(response.status).to.equal(400);
    expect(response.body.field).to.equal('variables');
    expect(response.body.detail).to.contain('variable name is empty');
  });

  it('number beyond float range is 400', async () => {
    // given a JSON number that parses to Infinity
    const body = '{"name":"reply","correlationKey":"k-1","variables":{"amount":1e400}}';

    // when a message is published with it
    const response = await request(t.app)
      .post('/api/messages')
      .set('Content-Type', 'application/json')
      .send(body);

    // then the problem names the variable and shows the parsed value
    expect(response.status).to.equal(400);
    expect(response.body.field).to.equal('variables.amount');
    expect(response.body.value).to.equal('Infinity');
    expect(response.body.detail).to.contain('finite number');
  });

  it('nested infinite number is 400', async () => {
    // given a negative overflow inside a list inside an object
    const body = '{"bpmnProcessId":"review-letter","variables":{"fees":{"items":[1, -1e999]}}}';

    // when an instance is requested
    const response = await request(t.app)
      .post('/api/process-instances')
      .set('Content-Type', 'application/json')
      .send(body);

    // then the problem names the path to the number
    expect(response.status).to.equal(400);
    expect(response.body.field).to.equal('variables.fees.items.1');
    expect(response.body.value).to.equal('-Infinity');
  });

  it('task completion rejects infinite numbers', async () => {
    // given completion variables with an overflowing number
    const body = '{"variables":{"score":1e309}}';

    // when a user task is completed with them
    const response = await request(t.app)
      .post('/api/user-tasks/1/completion')
      .set('Content-Type', 'application/json')
      .send(body);

    // then the request is rejected before the engine is called
    expect(response.status).to.equal(400);
    expect(response.body.field).to.equal('variables.score');
  });
});
