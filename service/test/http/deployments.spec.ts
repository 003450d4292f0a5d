import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { describeEachDatabase } from '../support/databases.js';
import { fixturesDir, startTestApp, testUploadLimit, type TestApp } from './harness.js';

const fixture = (name: string): string => join(fixturesDir, name);

describeEachDatabase('deployments api', (database) => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp(database().url);
  });

  after(async () => {
    await t?.close();
  });

  it('deploys multipart files', async () => {
    // given two BPMN files
    const files = ['review-letter.bpmn', 'await-reply.bpmn'];

    // when they are uploaded as multipart/form-data
    const response = await request(t.app)
      .post('/api/deployments')
      .attach('files', fixture(files[0]!))
      .attach('files', fixture(files[1]!));

    // then both processes are deployed as version 1
    expect(response.status).to.equal(201);
    expect(response.body.deploymentKey).to.match(/^[0-9]+$/);
    const deployed = response.body.processes.map(
      (p: { bpmnProcessId: string; version: number }) => `${p.bpmnProcessId}@${p.version}`,
    );
    expect(deployed).to.have.members(['review-letter@1', 'await-reply@1']);
  });

  it('deploys JSON resources', async () => {
    // given a BPMN file's text
    const content = readFileSync(fixture('register-letter.bpmn'), 'utf8');

    // when it is posted as JSON
    const response = await request(t.app)
      .post('/api/deployments')
      .send({ resources: [{ name: 'register-letter.bpmn', content }] });

    // then the process is deployed with its file name
    expect(response.status).to.equal(201);
    expect(response.body.processes).to.have.length(1);
    expect(response.body.processes[0].bpmnProcessId).to.equal('register-letter');
    expect(response.body.processes[0].resourceName).to.equal('register-letter.bpmn');
  });

  it('lists processes grouped with versions', async () => {
    // given the deployments above
    // when the processes are listed
    const response = await request(t.app).get('/api/processes');

    // then each process id appears once with its versions
    expect(response.status).to.equal(200);
    const ids = response.body.map((p: { bpmnProcessId: string }) => p.bpmnProcessId);
    expect(ids).to.deep.equal(['await-reply', 'register-letter', 'review-letter']);
    const review = response.body.find(
      (p: { bpmnProcessId: string }) => p.bpmnProcessId === 'review-letter',
    );
    expect(review.name).to.equal('Review letter');
    expect(review.latestVersion).to.equal(1);
    expect(review.versions).to.have.length(1);
    expect(review.versions[0].processDefinitionKey).to.match(/^[0-9]+$/);
  });

  it('downloads process XML', async () => {
    // given the key of a deployed definition
    const list = await request(t.app).get('/api/processes');
    const review = list.body.find(
      (p: { bpmnProcessId: string }) => p.bpmnProcessId === 'review-letter',
    );
    const key = review.versions[0].processDefinitionKey as string;

    // when its XML is requested
    const response = await request(t.app).get(`/api/processes/${key}/xml`);

    // then the stored BPMN comes back as an XML download named after the file
    expect(response.status).to.equal(200);
    expect(response.headers['content-type']).to.match(/^application\/xml/);
    expect(response.headers['content-disposition']).to.contain('review-letter.bpmn');
    expect(response.text).to.contain('id="review-letter"');
  });

  it('rejects a service task without job type', async () => {
    // given a BPMN file whose service task has no zeebe:taskDefinition
    const file = fixture('missing-job-type.bpmn');

    // when it is uploaded
    const response = await request(t.app).post('/api/deployments').attach('files', file);

    // then the problem names the file, the element and the reason
    expect(response.status).to.equal(400);
    expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(response.body.code).to.equal('VALIDATION_FAILED');
    expect(response.body.problems).to.be.an('array');
    expect(response.body.problems.length).to.be.greaterThan(0);
    const [problem] = response.body.problems;
    expect(problem.resourceName).to.equal('missing-job-type.bpmn');
    expect(problem.elementId).to.equal('sign');
    expect(problem.message).to.be.a('string');
    expect(problem.message.length).to.be.greaterThan(0);
  });

  it('rejects a file that is not BPMN', async () => {
    // given a text file
    const content = Buffer.from('not a process');

    // when it is uploaded
    const response = await request(t.app)
      .post('/api/deployments')
      .attach('files', content, 'notes.txt');

    // then the response names the file
    expect(response.status).to.equal(400);
    expect(response.body.value).to.equal('notes.txt');
    expect(response.body.detail).to.contain('notes.txt');
  });

  it('rejects an upload over the limit', async () => {
    // given a file one byte over the upload limit
    const content = Buffer.alloc(testUploadLimit + 1, 'x');

    // when it is uploaded
    const response = await request(t.app)
      .post('/api/deployments')
      .attach('files', content, 'large.bpmn');

    // then 413 names the limit
    expect(response.status).to.equal(413);
    expect(response.body.code).to.equal('PAYLOAD_TOO_LARGE');
    expect(response.body.limit).to.equal(testUploadLimit);
    expect(response.body.detail).to.contain(String(testUploadLimit));
  });

  it('rejects a JSON body over the limit', async () => {
    // given a JSON deployment larger than the limit
    const content = 'x'.repeat(testUploadLimit + 1);

    // when it is posted
    const response = await request(t.app)
      .post('/api/deployments')
      .send({ resources: [{ name: 'large.bpmn', content }] });

    // then 413 names the limit
    expect(response.status).to.equal(413);
    expect(response.body.detail).to.contain(String(testUploadLimit));
  });

  it('rejects JSON resources without name', async () => {
    // given a resource with content but no name
    const body = { resources: [{ content: '<definitions/>' }] };

    // when it is posted
    const response = await request(t.app).post('/api/deployments').send(body);

    // then the field at fault is named
    expect(response.status).to.equal(400);
    expect(response.body.field).to.equal('resources.0.name');
  });

  const badNames = [
    { name: '../../../../tmp/evil.bpmn', reason: 'path separator' },
    { name: '..\\evil.bpmn', reason: 'path separator' },
    { name: 'a..bpmn', reason: '".."' },
    { name: 'evil\r\nX-Injected: 1.bpmn', reason: 'control character' },
    { name: `${'a'.repeat(251)}.bpmn`, reason: 'over the limit of 255' },
  ];

  for (const { name, reason } of badNames) {
    it(`rejects JSON resource name with ${reason}`, async () => {
      // given a resource whose name is not a plain file name
      const body = { resources: [{ name, content: '<definitions/>' }] };

      // when it is posted
      const response = await request(t.app).post('/api/deployments').send(body);

      // then the problem names the field and the value
      expect(response.status).to.equal(400);
      expect(response.body.field).to.equal('resources.0.name');
      expect(response.body.detail).to.contain(reason);
      const echoed = String(response.body.value);
      expect(echoed.startsWith(name.slice(0, 100))).to.equal(true);
    });
  }

  it('rejects uploaded file name over 255 characters', async () => {
    // given a multipart file with a 300-character name
    const name = `${'n'.repeat(295)}.bpmn`;

    // when it is uploaded
    const response = await request(t.app)
      .post('/api/deployments')
      .attach('files', Buffer.from('<definitions/>'), name);

    // then the problem names the upload field and the file name
    expect(response.status).to.equal(400);
    expect(response.body.field).to.equal('files');
    expect(response.body.detail).to.contain('over the limit of 255');
    expect(String(response.body.value).startsWith(name.slice(0, 100))).to.equal(true);
  });

  it('rejects uploaded file name with a control character', async () => {
    // given a multipart file whose name contains a tab
    const name = 'leave\tform.bpmn';

    // when it is uploaded
    const response = await request(t.app)
      .post('/api/deployments')
      .attach('files', Buffer.from('<definitions/>'), name);

    // then the name is rejected as a control character
    expect(response.status).to.equal(400);
    expect(response.body.detail).to.contain('control character');
    expect(response.body.value).to.equal(name);
  });
});
