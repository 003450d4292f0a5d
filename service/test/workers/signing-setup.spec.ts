import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/log/index.js';
import { loadDevelopmentCa, loadKeyEncryptionKey } from '../../src/workers/index.js';
import { LogCapture } from '../log/capture.js';

describe('signing setup', () => {
  let keysDir: string;

  beforeEach(() => {
    keysDir = join(mkdtempSync(join(tmpdir(), 'docroute-keys-')), 'keys');
  });

  afterEach(() => {
    rmSync(join(keysDir, '..'), { recursive: true, force: true });
  });

  it('generated master key is private and reused', () => {
    // given an empty keys folder on the embedded default
    const logs = new LogCapture();
    const logger = createLogger({ level: 'info', destination: logs });

    // when the key is loaded twice
    const first = loadKeyEncryptionKey({ keysDir, generate: true, logger });
    const second = loadKeyEncryptionKey({ keysDir, generate: true, logger });

    // then one 32-byte key was written with mode 0600, logged once, and read back
    const path = join(keysDir, 'master.key');
    expect(first.length).to.equal(32);
    expect(second.equals(first)).to.equal(true);
    expect(statSync(path).mode & 0o777).to.equal(0o600);
    expect(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64').equals(first)).to.equal(true);
    const generated = logs.lines.filter((line) =>
      String(line.msg).startsWith('key encryption key'),
    );
    expect(generated).to.have.length(1);
  });

  it('configured key wins', () => {
    // given a configured base64 key
    const configured = Buffer.alloc(32, 9);

    // when the key is loaded
    const key = loadKeyEncryptionKey({
      configured: configured.toString('base64'),
      keysDir,
      generate: true,
      logger: createLogger({ level: 'silent' }),
    });

    // then it is the configured key
    expect(key.equals(configured)).to.equal(true);
  });

  it('missing key without generation fails', () => {
    // when no key is configured or stored and generation is off, as with Zeebe
    const load = () =>
      loadKeyEncryptionKey({ keysDir, generate: false, logger: createLogger({ level: 'silent' }) });

    // then the error names the configuration key
    expect(load).to.throw(/DOCROUTE_KEY_ENCRYPTION_KEY is not set/);
  });

  it('development CA created once', () => {
    // given an empty keys folder
    const logger = createLogger({ level: 'silent' });

    // when the CA is loaded twice
    const first = loadDevelopmentCa(keysDir, logger);
    const second = loadDevelopmentCa(keysDir, logger);

    // then the same CA comes back from a private file
    expect(second.certificatePem).to.equal(first.certificatePem);
    expect(statSync(join(keysDir, 'development-ca.json')).mode & 0o777).to.equal(0o600);
  });
});
