import { expect } from 'chai';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveJwtSecret } from '../../src/auth/index.js';

describe('token secret', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'docroute-secret-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('generated once and kept private', () => {
    // given a data folder without a secret file
    // when the secret is resolved twice
    const first = resolveJwtSecret(undefined, dataDir);
    const second = resolveJwtSecret(undefined, dataDir);

    // then the same 48-byte secret comes back from a file only its owner can read
    expect(Buffer.from(first, 'base64')).to.have.length(48);
    expect(second).to.equal(first);
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).to.equal(0o600);
  });

  it('configured secret wins', () => {
    // given a configured secret
    const configured = 'configured-secret-of-at-least-thirty-two-bytes';

    // when the secret is resolved
    const secret = resolveJwtSecret(configured, dataDir);

    // then it is used and no file is written
    expect(secret).to.equal(configured);
    expect(() => statSync(join(dataDir, 'jwt-secret'))).to.throw();
  });
});
