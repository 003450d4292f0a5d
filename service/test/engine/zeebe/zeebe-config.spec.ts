import { expect } from 'chai';
import { pino } from 'pino';

import { ValidationError } from '../../../src/errors/index.js';
import {
  toSdkConfiguration,
  validateZeebeConfig,
  type ZeebeEngineConfig,
} from '../../../src/engine/zeebe/zeebe-config.js';

const valid: ZeebeEngineConfig = {
  address: '127.0.0.1:26500',
  transport: 'plaintext',
  restAddress: 'http://127.0.0.1:8080/',
};

describe('Zeebe configuration', () => {
  it('reports every bad field at once', () => {
    // given
    const config = {
      address: 'zeebe',
      transport: 'https',
      restAddress: 'ftp://x',
      oauth: { clientId: '', clientSecret: 's', oauthUrl: 'not a url' },
    } as unknown as ZeebeEngineConfig;

    // when
    let error: unknown;
    try {
      validateZeebeConfig(config);
    } catch (caught) {
      error = caught;
    }

    // then
    expect(error).to.be.instanceOf(ValidationError);
    const problems = (error as ValidationError).details.problems as string[];
    expect(problems).to.have.length(5);
    expect(problems[0]).to.include('address "zeebe"');
    expect(problems.join('\n')).to.include('transport "https"');
    expect(problems.join('\n')).to.include('oauth.clientId is missing');
  });

  it('fills the defaults', () => {
    // when
    const config = validateZeebeConfig(valid);

    // then
    expect(config.tenantId).to.equal('<default>');
    expect(config.userTaskJobTimeoutMs).to.equal(30 * 24 * 60 * 60 * 1000);
    expect(config.userTaskPollIntervalMs).to.equal(5_000);
  });

  it('sets the SDK settings explicitly', () => {
    // when
    const sdk = toSdkConfiguration(validateZeebeConfig(valid), pino({ level: 'silent' }));

    // then
    expect(sdk.ZEEBE_GRPC_ADDRESS).to.equal('grpc://127.0.0.1:26500');
    expect(sdk.ZEEBE_ADDRESS).to.equal('');
    expect(sdk.ZEEBE_REST_ADDRESS).to.equal('http://127.0.0.1:8080');
    expect(sdk.CAMUNDA_AUTH_STRATEGY).to.equal('NONE');
    expect(sdk.CAMUNDA_OAUTH_DISABLED).to.equal(true);
    expect(sdk.CAMUNDA_OAUTH_TOKEN).to.equal('');
    expect(sdk.CAMUNDA_CUSTOM_ROOT_CERT_PATH).to.equal('');
    expect(sdk.CAMUNDA_SUPPORT_LOG_ENABLED).to.equal(false);
    expect(sdk.zeebeGrpcSettings?.ZEEBE_GRPC_CLIENT_RETRY).to.equal(false);
  });

  it('selects OAuth with an in-memory token cache', () => {
    // given
    const config = validateZeebeConfig({
      ...valid,
      transport: 'tls',
      oauth: { clientId: 'id', clientSecret: 'secret', oauthUrl: 'http://127.0.0.1:18080/token' },
    });

    // when
    const sdk = toSdkConfiguration(config, pino({ level: 'silent' }));

    // then
    expect(sdk.ZEEBE_GRPC_ADDRESS).to.equal('grpcs://127.0.0.1:26500');
    expect(sdk.CAMUNDA_AUTH_STRATEGY).to.equal('OAUTH');
    expect(sdk.CAMUNDA_OAUTH_URL).to.equal('http://127.0.0.1:18080/token');
    expect(sdk.ZEEBE_CLIENT_ID).to.equal('id');
    expect(sdk.ZEEBE_CLIENT_SECRET).to.equal('secret');
    expect(sdk.ZEEBE_TOKEN_AUDIENCE).to.equal('zeebe.camunda.io');
    expect(sdk.CAMUNDA_TOKEN_DISK_CACHE_DISABLE).to.equal(true);
  });
});
