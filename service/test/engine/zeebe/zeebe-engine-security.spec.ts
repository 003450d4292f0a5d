import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';
import { pino } from 'pino';

import { UnauthorizedError, ValidationError } from '../../../src/errors/index.js';
import { ZeebeEngine } from '../../../src/engine/zeebe/index.js';
import { processXml } from './fakes/bpmn-fixtures.js';
import { startFakeCamunda, TEST_CLIENT, type FakeCamunda } from './fakes/fake-camunda.js';
import { rejectionOf } from '../../support/rejection.js';

describe('ZeebeEngine security', () => {
  describe('OAuth client credentials', () => {
    let fake: FakeCamunda;

    beforeEach(async () => {
      fake = await startFakeCamunda({ oauth: true });
    });

    afterEach(async () => {
      await fake.stop();
    });

    it('fetches one token and sends it as Bearer', async () => {
      // given
      const engine = await fake.startEngine();

      // when
      await engine.deploy([{ name: 'a.bpmn', content: processXml('a', []) }]);
      await engine.createInstance({ bpmnProcessId: 'a' });
      await engine.listDefinitions();

      // then
      expect(fake.oauth!.requests).to.have.length(1);
      expect(fake.oauth!.requests[0]).to.deep.equal({
        clientId: TEST_CLIENT.clientId,
        audience: 'zeebe-api',
        grantType: 'client_credentials',
      });
      const bearer = `Bearer ${fake.oauth!.token}`;
      expect(fake.gateway.calls.map((call) => call.method)).to.deep.equal([
        'DeployResource',
        'CreateProcessInstance',
      ]);
      for (const call of fake.gateway.calls) {
        expect(call.metadata.authorization, call.method).to.equal(bearer);
      }
      expect(fake.rest.requests).to.have.length(1);
      expect(fake.rest.requests[0]!.headers.authorization).to.equal(bearer);
    });

    it('maps rejected credentials to UnauthorizedError', async () => {
      // given
      const engine = await fake.startEngine({
        oauth: { ...fake.config.oauth!, clientSecret: 'wrong-secret' },
      });

      // when
      const error = await rejectionOf(engine.createInstance({ bpmnProcessId: 'a' }));

      // then
      expect(error).to.be.instanceOf(UnauthorizedError);
      expect(fake.oauth!.requests).to.have.length(1);
      expect(fake.gateway.calls).to.have.lengthOf(0);
    });
  });

  describe('TLS', () => {
    let folder: string;
    let fake: FakeCamunda;

    before(function () {
      folder = mkdtempSync(join(tmpdir(), 'docroute-zeebe-tls-'));
      try {
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'rsa:2048',
            '-nodes',
            '-days',
            '1',
            '-subj',
            '/CN=localhost',
            '-addext',
            'subjectAltName=IP:127.0.0.1,DNS:localhost',
            '-keyout',
            join(folder, 'key.pem'),
            '-out',
            join(folder, 'cert.pem'),
          ],
          { stdio: 'ignore' },
        );
      } catch {
        console.warn('Skipping: openssl is needed to create a self-signed certificate.');
        this.skip();
      }
    });

    beforeEach(async () => {
      fake = await startFakeCamunda({
        tls: {
          key: readFileSync(join(folder, 'key.pem')),
          cert: readFileSync(join(folder, 'cert.pem')),
        },
      });
    });

    afterEach(async () => {
      await fake.stop();
    });

    after(() => {
      rmSync(folder, { recursive: true, force: true });
    });

    it('connects with the CA file', async () => {
      // given
      // The certificate names localhost too, because TLS clients send no IP address as server name.
      const engine = await fake.startEngine({
        address: fake.config.address.replace('127.0.0.1', 'localhost'),
        transport: 'tls',
        caFile: join(folder, 'cert.pem'),
      });

      // when
      const health = await engine.health();

      // then
      expect(health.ok).to.equal(true);
      expect(fake.gateway.calls.map((call) => call.method)).to.deep.equal(['Topology']);
    });

    it('fails over plaintext', async () => {
      // given
      const engine = await fake.startEngine({ transport: 'plaintext' });

      // when
      const health = await engine.health();

      // then
      expect(health.ok).to.equal(false);
      expect(fake.gateway.calls).to.have.lengthOf(0);
    });

    it('rejects a missing CA file at start', async () => {
      // given
      const missing = join(folder, 'missing.pem');
      const engine = new ZeebeEngine({
        config: { ...fake.config, transport: 'tls', caFile: missing },
        logger: pino({ level: 'silent' }),
      });

      // when
      const error = await rejectionOf(engine.start());

      // then
      expect(error).to.be.instanceOf(ValidationError);
      expect(error.message).to.include(missing);
    });
  });
});
