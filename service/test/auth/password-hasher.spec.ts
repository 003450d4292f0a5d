import { expect } from 'chai';
import { DEFAULT_SCRYPT_PARAMETERS, hashPassword, verifyPassword } from '../../src/auth/index.js';
import { needsRehash } from '../../src/auth/password-hasher.js';

describe('password hasher', function () {
  it('stores scrypt parameters with the hash', async function () {
    const stored = await hashPassword('mật khẩu an toàn');

    const [scheme, N, r, p, salt, key] = stored.split('$');
    expect(scheme).to.equal('scrypt');
    expect(Number(N)).to.equal(DEFAULT_SCRYPT_PARAMETERS.N);
    expect(Number(r)).to.equal(DEFAULT_SCRYPT_PARAMETERS.r);
    expect(Number(p)).to.equal(DEFAULT_SCRYPT_PARAMETERS.p);
    expect(Buffer.from(salt, 'base64')).to.have.length(16);
    expect(Buffer.from(key, 'base64')).to.have.length(32);
  });

  it('salts each hash separately', async function () {
    const first = await hashPassword('demo-vanthu');
    const second = await hashPassword('demo-vanthu');

    expect(first).to.not.equal(second);
    expect(await verifyPassword('demo-vanthu', first)).to.equal(true);
    expect(await verifyPassword('demo-vanthu', second)).to.equal(true);
  });

  it('rejects a wrong password', async function () {
    const stored = await hashPassword('demo-vanthu');

    expect(await verifyPassword('demo-vanthu ', stored)).to.equal(false);
    expect(await verifyPassword('', stored)).to.equal(false);
  });

  it('treats NFC and NFD spellings alike', async function () {
    const nfd = 'Mật khẩu'.normalize('NFD');
    const stored = await hashPassword(nfd);

    expect(await verifyPassword('Mật khẩu'.normalize('NFC'), stored)).to.equal(true);
  });

  it('rejects a missing or malformed hash', async function () {
    expect(await verifyPassword('demo-vanthu', null)).to.equal(false);
    expect(await verifyPassword('demo-vanthu', 'plain-text')).to.equal(false);
  });

  it('verifies hashes made with older parameters', async function () {
    const weaker = await hashPassword('demo-vanthu', { N: 2 ** 14, r: 8, p: 1 });

    expect(await verifyPassword('demo-vanthu', weaker)).to.equal(true);
    expect(needsRehash(weaker)).to.equal(true);
    expect(needsRehash(await hashPassword('demo-vanthu'))).to.equal(false);
  });
});
