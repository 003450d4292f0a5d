import { X509Certificate, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { NotFoundError, PermanentError, ValidationError } from '../../src/errors/index.js';
import {
  FileKeyRecordStorage,
  InMemoryKeyRecordStorage,
  KeyStore,
  createCmsSignature,
  createDevelopmentCa,
  issueCertificate,
} from '../../src/signing/index.js';
import type { IssuedCertificate } from '../../src/signing/index.js';

async function expectError<T>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => T,
): Promise<T> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(type);
    return error as T;
  }
  return expect.fail(`expected ${type.name}`);
}

describe('KeyStore', function () {
  let issued: IssuedCertificate;
  let folder: string;

  before(function () {
    const ca = createDevelopmentCa();
    issued = issueCertificate(ca, {
      commonName: 'Trần Thị Bình',
      organisation: 'Sở Nội vụ',
      email: 'binh.tt@example.vn',
      kind: 'person',
    });
  });

  beforeEach(function () {
    folder = mkdtempSync(join(tmpdir(), 'docroute-keys-'));
  });

  afterEach(function () {
    rmSync(folder, { recursive: true, force: true });
  });

  it('imports PKCS #12 and loads the identity', async function () {
    // given
    const store = new KeyStore(new FileKeyRecordStorage(folder), randomBytes(32));

    // when
    const imported = await store.importPkcs12('binh', issued.pkcs12, issued.password);
    const identity = await store.load('binh');

    // then
    expect(imported.subject).to.include('CN=Trần Thị Bình');
    expect(identity.certificateChain).to.have.length(2);
    expect(identity.privateKey.asymmetricKeyType).to.equal('rsa');
    expect(createCmsSignature(randomBytes(32), identity).length).to.be.greaterThan(1000);
  });

  it('keeps the key encrypted at rest', async function () {
    // given
    const encryptionKey = randomBytes(32);
    const store = new KeyStore(new FileKeyRecordStorage(folder), encryptionKey);

    // when
    await store.importPkcs12('binh', issued.pkcs12, issued.password);

    // then
    const [file] = readdirSync(folder);
    const stored = readFileSync(join(folder, file!));
    const privateKeyBody = issued.privateKeyPem.split('\n')[1]!;
    expect(stored.includes(encryptionKey)).to.equal(false);
    expect(stored.includes(Buffer.from(encryptionKey.toString('base64')))).to.equal(false);
    expect(stored.toString('utf8')).to.not.include(privateKeyBody);
    expect(stored.toString('utf8')).to.not.include('PRIVATE KEY');
  });

  it('fails to load with a wrong key', async function () {
    // given
    const storage = new InMemoryKeyRecordStorage();
    await new KeyStore(storage, randomBytes(32)).importPkcs12(
      'binh',
      issued.pkcs12,
      issued.password,
    );

    // when
    const error = await expectError(
      new KeyStore(storage, randomBytes(32)).load('binh'),
      PermanentError,
    );

    // then
    expect(error.message).to.include('binh');
    expect(error.message).to.include('cannot be decrypted');
  });

  it('fails to load a record stored under another id', async function () {
    // given
    const storage = new InMemoryKeyRecordStorage();
    const key = randomBytes(32);
    await new KeyStore(storage, key).importPkcs12('binh', issued.pkcs12, issued.password);
    const record = (await storage.load('binh'))!;
    await storage.save({ ...record, id: 'other' });

    // when
    const error = await expectError(new KeyStore(storage, key).load('other'), PermanentError);

    // then
    expect(error.message).to.include('other');
  });

  it('rejects a wrong PKCS #12 password', async function () {
    // given
    const store = new KeyStore(new InMemoryKeyRecordStorage(), randomBytes(32));

    // when
    const error = await expectError(
      store.importPkcs12('binh', issued.pkcs12, 'wrong'),
      ValidationError,
    );

    // then
    expect(error.message).to.include('password is wrong');
  });

  it('rejects an encryption key that is not 32 bytes', function () {
    // when
    const create = () => new KeyStore(new InMemoryKeyRecordStorage(), randomBytes(16));

    // then
    expect(create).to.throw(ValidationError, /32 bytes/);
  });

  it('throws NotFoundError for an unknown key', async function () {
    // given
    const store = new KeyStore(new InMemoryKeyRecordStorage(), randomBytes(32));

    // when
    const error = await expectError(store.load('missing'), NotFoundError);

    // then
    expect(error.message).to.include('missing');
  });
});

describe('issueCertificate', function () {
  it('sets signing extensions', function () {
    // given
    const ca = createDevelopmentCa();

    // when
    const issued = issueCertificate(ca, {
      commonName: 'Văn thư',
      organisation: 'Sở Nội vụ',
      kind: 'organisation',
    });

    // then
    const certificate = new X509Certificate(issued.certificatePem);
    const authority = new X509Certificate(ca.certificatePem);
    expect(certificate.ca).to.equal(false);
    expect(authority.ca).to.equal(true);
    expect(certificate.keyUsage).to.include('1.3.6.1.5.5.7.3.4');
    expect(certificate.checkIssued(authority)).to.equal(true);
    expect(certificate.subject).to.include('CN=Văn thư');
  });
});
