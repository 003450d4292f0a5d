import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import { NotFoundError, PayloadTooLargeError, ValidationError } from '../../src/errors/index.js';
import { FileIntegrityError, LocalFileStore, detectContentType } from '../../src/files/index.js';

const pdfBytes = Buffer.from('%PDF-1.7\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n', 'latin1');

function listFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

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

describe('LocalFileStore', function () {
  let root: string;
  let store: LocalFileStore;

  beforeEach(function () {
    root = mkdtempSync(join(tmpdir(), 'docroute-files-'));
    store = new LocalFileStore(root, { maxFileBytes: 1024 });
  });

  afterEach(function () {
    rmSync(root, { recursive: true, force: true });
  });

  it('stores content under its SHA-256', async function () {
    // given
    const expectedId = createHash('sha256').update(pdfBytes).digest('hex');

    // when
    const stored = await store.put(pdfBytes, { name: 'quyet-dinh.pdf' });

    // then
    expect(stored).to.deep.equal({
      id: expectedId,
      size: pdfBytes.length,
      contentType: 'application/pdf',
      name: 'quyet-dinh.pdf',
    });
    expect(listFiles(root)).to.deep.equal([
      join(root, expectedId.slice(0, 2), expectedId.slice(2, 4), expectedId),
    ]);
    expect((await store.get(expectedId)).equals(pdfBytes)).to.equal(true);
    expect(await store.has(expectedId)).to.equal(true);
    expect(await store.stat(expectedId)).to.deep.equal({
      id: expectedId,
      size: pdfBytes.length,
      contentType: 'application/pdf',
    });
  });

  it('stores a stream like a buffer', async function () {
    // given
    const chunks = [pdfBytes.subarray(0, 7), pdfBytes.subarray(7)];

    // when
    const fromStream = await store.put(Readable.from(chunks), { name: 'a.pdf' });
    const fromBuffer = await store.put(pdfBytes, { name: 'b.pdf' });

    // then
    expect(fromStream.id).to.equal(fromBuffer.id);
    expect(fromStream.size).to.equal(pdfBytes.length);
  });

  it('keeps Vietnamese names in NFC', async function () {
    // given
    const decomposed = 'Quye\u0302\u0301t đi\u0323nh số 12.pdf';

    // when
    const stored = await store.put(pdfBytes, { name: decomposed });

    // then
    expect(stored.name).to.equal('Quyết định số 12.pdf');
    expect(
      Buffer.from(stored.name, 'utf8').equals(
        Buffer.from('Quyết định số 12.pdf'.normalize('NFC'), 'utf8'),
      ),
    ).to.equal(true);
  });

  it('rejects a file altered on disk', async function () {
    // given
    const stored = await store.put(pdfBytes, { name: 'a.pdf' });
    const path = join(root, stored.id.slice(0, 2), stored.id.slice(2, 4), stored.id);
    const altered = Buffer.from(pdfBytes);
    altered[10] ^= 0x01;
    writeFileSync(path, altered);

    // when
    const error = await expectError(store.get(stored.id), FileIntegrityError);

    // then
    expect(error.message).to.include(stored.id);
    expect(error.code).to.equal('FILE_INTEGRITY');
    expect(error.status).to.equal(500);
  });

  it('leaves no file when the stream fails', async function () {
    // given
    async function* failing() {
      yield pdfBytes.subarray(0, 10);
      throw new Error('connection reset');
    }

    // when
    const attempt = store.put(Readable.from(failing()), { name: 'a.pdf' });

    // then
    const error = await expectError(attempt, Error);
    expect((error as Error).message).to.equal('connection reset');
    expect(listFiles(root)).to.deep.equal([]);
  });

  it('rejects a file over the size limit', async function () {
    // given
    const large = Buffer.alloc(2048, 0x41);

    // when
    const error = await expectError(store.put(large, { name: 'big.bin' }), PayloadTooLargeError);

    // then
    expect(error.message).to.include('1024 bytes');
    expect(error.status).to.equal(413);
    expect(listFiles(root)).to.deep.equal([]);
  });

  it('throws NotFoundError for an unknown id', async function () {
    // given
    const unknown = 'a'.repeat(64);

    // when
    const error = await expectError(store.get(unknown), NotFoundError);

    // then
    expect(error.message).to.include(unknown);
    expect(await store.has(unknown)).to.equal(false);
  });

  it('rejects an id that is not a hash', async function () {
    // when
    const error = await expectError(store.get('../../etc/passwd'), ValidationError);

    // then
    expect(error.message).to.include('64 lowercase hex digits');
  });

  it('rejects non-PDF content declared as PDF', async function () {
    // when
    const error = await expectError(
      store.put(Buffer.from('<html></html>'), { name: 'fake.pdf', contentType: 'application/pdf' }),
      ValidationError,
    );

    // then
    expect(error.message).to.include('%PDF-');
    expect(listFiles(root)).to.deep.equal([]);
  });
});

describe('detectContentType', function () {
  it('finds a PDF header after leading bytes', function () {
    // given
    const prefixed = Buffer.concat([Buffer.alloc(500, 0x20), pdfBytes]);

    // then
    expect(detectContentType(prefixed)).to.equal('application/pdf');
  });

  it('ignores a PDF header after 1024 bytes', function () {
    // given
    const late = Buffer.concat([Buffer.alloc(1100, 0x20), pdfBytes]);

    // then
    expect(detectContentType(late)).to.equal(undefined);
  });
});
