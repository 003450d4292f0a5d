import { expect } from 'chai';
import { join } from 'node:path';
import { ConfigError, loadConfig, maskValue } from '../../src/config/index.js';

function loadError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env, '/srv/docroute');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted an invalid configuration');
}

describe('config', () => {
  it('defaults from an empty environment', () => {
    // given an environment without docroute variables
    const env = {};

    // when the configuration is loaded
    const config = loadConfig(env, '/srv/docroute');

    // then every key has its default, with paths under the working directory
    expect(config.host).to.equal('127.0.0.1');
    expect(config.port).to.equal(3000);
    expect(config.dataDir).to.equal('/srv/docroute/data');
    expect(config.databaseUrl).to.equal('sqlite:/srv/docroute/data/docroute.sqlite');
    expect(config.logLevel).to.equal('info');
    expect(config.processesDir).to.equal('/srv/docroute/processes');
    expect(config.maxUploadBytes).to.equal(25 * 1024 * 1024);
    expect(config.mail.smtpUrl).to.equal(undefined);
    expect(config.mail.outboxDir).to.equal('/srv/docroute/data/outbox');
    expect(config.files.dir).to.equal('/srv/docroute/data/files');
    expect(config.engine.zeebe).to.equal(undefined);
    expect(config.engine.pollIntervalMs).to.equal(500);
    expect(config.engine.maxVariableBytes).to.equal(1024 * 1024);
  });

  it('object is frozen', () => {
    // given a loaded configuration
    const config = loadConfig({}, '/srv/docroute');

    // then neither it nor its nested objects can change
    expect(Object.isFrozen(config)).to.equal(true);
    expect(Object.isFrozen(config.engine)).to.equal(true);
    expect(Object.isFrozen(config.mail)).to.equal(true);
  });

  it('reads every valid key', () => {
    // given every key set to a valid value
    const env = {
      DATABASE_URL: 'mariadb://docroute:pw@db.internal:3306/docroute',
      PORT: '8080',
      DOCROUTE_DATA_DIR: 'var/docroute',
      DOCROUTE_LOG_LEVEL: 'debug',
      SMTP_URL: 'smtp://mail.internal:25',
      DOCROUTE_MAX_UPLOAD_BYTES: '1000',
      DOCROUTE_MAX_VARIABLE_BYTES: '2000',
      DOCROUTE_PROCESSES_DIR: '/opt/processes',
      DOCROUTE_ENGINE_POLL_MS: '250',
    };

    // when the configuration is loaded
    const config = loadConfig(env, '/srv/docroute');

    // then each value is parsed into its typed field
    expect(config.databaseUrl).to.equal(env.DATABASE_URL);
    expect(config.port).to.equal(8080);
    expect(config.dataDir).to.equal(join('/srv/docroute', 'var/docroute'));
    expect(config.logLevel).to.equal('debug');
    expect(config.mail.smtpUrl).to.equal('smtp://mail.internal:25');
    expect(config.maxUploadBytes).to.equal(1000);
    expect(config.engine.maxVariableBytes).to.equal(2000);
    expect(config.processesDir).to.equal('/opt/processes');
    expect(config.engine.pollIntervalMs).to.equal(250);
  });

  it('Zeebe with OAuth', () => {
    // given a Zeebe address and a complete set of OAuth keys
    const env = {
      ZEEBE_ADDRESS: 'zeebe.internal:26500',
      DOCROUTE_ZEEBE_CLIENT_ID: 'docroute',
      DOCROUTE_ZEEBE_CLIENT_SECRET: 'top-secret',
      DOCROUTE_ZEEBE_OAUTH_URL: 'https://login.internal/oauth/token',
      DOCROUTE_ZEEBE_AUDIENCE: 'zeebe-api',
    };

    // when the configuration is loaded
    const zeebe = loadConfig(env, '/srv/docroute').engine.zeebe;

    // then Zeebe is selected, over TLS by default, with the REST API on port 8080
    expect(zeebe?.address).to.equal('zeebe.internal:26500');
    expect(zeebe?.transport).to.equal('tls');
    expect(zeebe?.restAddress).to.equal('http://zeebe.internal:8080');
    expect(zeebe?.oauth).to.deep.equal({
      clientId: 'docroute',
      clientSecret: 'top-secret',
      oauthUrl: 'https://login.internal/oauth/token',
      audience: 'zeebe-api',
    });
  });

  it('Zeebe without OAuth uses plain text', () => {
    // given a Zeebe address alone
    const env = { ZEEBE_ADDRESS: '127.0.0.1:26500' };

    // when the configuration is loaded
    const zeebe = loadConfig(env, '/srv/docroute').engine.zeebe;

    // then the channel is plain text and no OAuth is configured
    expect(zeebe?.transport).to.equal('plaintext');
    expect(zeebe?.oauth).to.equal(undefined);
  });

  it('listen host accepts addresses and names', () => {
    // given the host forms an operator may write
    const hosts = ['0.0.0.0', '::', '::1', '192.168.1.20', 'localhost', 'docroute.internal'];

    for (const host of hosts) {
      // when the configuration is loaded with each
      const config = loadConfig({ DOCROUTE_HOST: host }, '/srv/docroute');

      // then the host is kept as written
      expect(config.host).to.equal(host);
    }
  });

  it('invalid listen host is reported', () => {
    // given a URL where a bare host is expected
    const env = { DOCROUTE_HOST: 'http://0.0.0.0' };

    // when the configuration is loaded
    const error = loadError(env);

    // then the key is reported with the expected form
    const [problem] = error.problems;
    expect(problem?.key).to.equal('DOCROUTE_HOST');
    expect(problem?.value).to.equal('http://0.0.0.0');
    expect(problem?.expected).to.contain('127.0.0.1');
  });

  it('reports every bad key at once', () => {
    // given five invalid values
    const env = {
      DATABASE_URL: 'postgres://app:hunter2@db/docroute',
      PORT: 'eighty',
      DOCROUTE_LOG_LEVEL: 'loud',
      DOCROUTE_MAX_UPLOAD_BYTES: '-5',
      ZEEBE_ADDRESS: 'no-port',
    };

    // when the configuration is loaded
    const error = loadError(env);

    // then each key is reported with the value received and the expected form
    const keys = error.problems.map((problem) => problem.key);
    expect(keys).to.have.members([
      'DATABASE_URL',
      'PORT',
      'DOCROUTE_LOG_LEVEL',
      'DOCROUTE_MAX_UPLOAD_BYTES',
      'ZEEBE_ADDRESS',
    ]);
    const port = error.problems.find((problem) => problem.key === 'PORT');
    expect(port?.value).to.equal('eighty');
    expect(port?.expected).to.match(/TCP port/);
    for (const key of keys) expect(error.message).to.contain(key);
  });

  it('demo seed follows the database by default', () => {
    // given no DOCROUTE_DEMO_SEED, once without and once with DATABASE_URL
    const embedded = loadConfig({}, '/srv/docroute');
    const production = loadConfig({ DATABASE_URL: 'mysql://root@db/docroute' }, '/srv/docroute');

    // then only the embedded default seeds the demo organisation
    expect(embedded.auth.demoSeed).to.equal(true);
    expect(production.auth.demoSeed).to.equal(false);
  });

  it('demo seed can be forced either way', () => {
    // given DOCROUTE_DEMO_SEED set against the default of each database
    const forced = loadConfig(
      { DATABASE_URL: 'mysql://root@db/docroute', DOCROUTE_DEMO_SEED: 'true' },
      '/srv/docroute',
    );
    const refused = loadConfig({ DOCROUTE_DEMO_SEED: 'false' }, '/srv/docroute');

    // then the setting wins
    expect(forced.auth.demoSeed).to.equal(true);
    expect(refused.auth.demoSeed).to.equal(false);
  });

  it('short token secret is rejected and masked', () => {
    // given a token secret of 10 bytes and an invalid seed value
    const error = loadError({ DOCROUTE_JWT_SECRET: 'short-0123', DOCROUTE_DEMO_SEED: 'yes' });

    // then both keys are reported and the secret is not shown
    const keys = error.problems.map((problem) => problem.key);
    expect(keys).to.include('DOCROUTE_JWT_SECRET');
    expect(keys).to.include('DOCROUTE_DEMO_SEED');
    expect(error.message).not.to.contain('short-0123');
  });

  it('masks secrets and URL passwords', () => {
    // given an invalid database URL with a password and a secret without ZEEBE_ADDRESS
    const env = {
      DATABASE_URL: 'postgres://app:hunter2@db/docroute',
      DOCROUTE_ZEEBE_CLIENT_SECRET: 'top-secret',
    };

    // when the configuration is loaded
    const error = loadError(env);

    // then neither the password nor the secret appears in the report
    expect(error.message).not.to.contain('hunter2');
    expect(error.message).not.to.contain('top-secret');
    expect(error.message).to.contain('postgres://app:****@db/docroute');
    expect(maskValue('DOCROUTE_ZEEBE_CLIENT_SECRET', 'top-secret')).to.equal('****');
  });

  it('OAuth keys must come together', () => {
    // given a Zeebe address and a client id without secret or token URL
    const env = { ZEEBE_ADDRESS: 'zeebe:26500', DOCROUTE_ZEEBE_CLIENT_ID: 'docroute' };

    // when the configuration is loaded
    const error = loadError(env);

    // then the two missing keys are reported as not set
    const missing = error.problems.filter((problem) => problem.value === undefined);
    expect(missing.map((problem) => problem.key)).to.have.members([
      'DOCROUTE_ZEEBE_CLIENT_SECRET',
      'DOCROUTE_ZEEBE_OAUTH_URL',
    ]);
    expect(error.message).to.contain('DOCROUTE_ZEEBE_OAUTH_URL: not set');
  });

  it('Zeebe keys need ZEEBE_ADDRESS', () => {
    // given a Zeebe TLS setting while the embedded engine is selected
    const env = { DOCROUTE_ZEEBE_TLS: 'true' };

    // when the configuration is loaded
    const error = loadError(env);

    // then the key is reported as set without ZEEBE_ADDRESS
    expect(error.problems).to.have.length(1);
    expect(error.problems[0]?.key).to.equal('DOCROUTE_ZEEBE_TLS');
    expect(error.problems[0]?.expected).to.contain('ZEEBE_ADDRESS');
  });

  it('MySQL URL needs a database name', () => {
    // given a MySQL URL without a database path
    const env = { DATABASE_URL: 'mysql://root@127.0.0.1:3306' };

    // when the configuration is loaded
    const error = loadError(env);

    // then DATABASE_URL is reported
    expect(error.problems.map((problem) => problem.key)).to.deep.equal(['DATABASE_URL']);
  });

  it('empty values count as unset', () => {
    // given keys set to empty strings, as an env file with `PORT=` produces
    const env = { PORT: '', DOCROUTE_LOG_LEVEL: '  ' };

    // when the configuration is loaded
    const config = loadConfig(env, '/srv/docroute');

    // then the defaults apply
    expect(config.port).to.equal(3000);
    expect(config.logLevel).to.equal('info');
  });
});
