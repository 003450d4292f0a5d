import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect } from 'chai';
import { PDFDocument } from '@cantoo/pdf-lib';
import { ValidationError } from '../../src/errors/index.js';
import {
  createDevelopmentCa,
  issueCertificate,
  readPkcs12,
  signPdf,
  verifyPdfSignatures,
} from '../../src/signing/index.js';
import type { DevelopmentCa, SigningIdentity } from '../../src/signing/index.js';
import { corpusDir, corpusFiles } from '../support/corpus.js';
import { createNssDatabase, hasPdfsig, runPdfsig } from './pdfsig.js';

/** Corpus files that are damaged or protected and must be rejected unchanged. */
const UNSIGNABLE = new Map([
  ['encrypted_new.pdf', /encrypted/],
  ['missing_xref_trailer_dict.pdf', /startxref/],
  ['with_invalid_objects.pdf', /startxref/],
]);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('signPdf', function () {
  let ca: DevelopmentCa;
  let person: SigningIdentity;
  let organisation: SigningIdentity;
  let nssDir: string;

  before(function () {
    if (!hasPdfsig()) {
      throw new Error(
        'pdfsig and certutil are missing: apt-get install -y poppler-utils libnss3-tools',
      );
    }
    const notBefore = new Date('2026-01-01T00:00:00Z');
    ca = createDevelopmentCa({ notBefore });
    const personP12 = issueCertificate(ca, {
      commonName: 'Nguyễn Văn An',
      organisation: 'Ủy ban nhân dân tỉnh Hà Giang',
      email: 'an.nv@example.vn',
      kind: 'person',
      notBefore,
    });
    const organisationP12 = issueCertificate(ca, {
      commonName: 'Ủy ban nhân dân tỉnh Hà Giang',
      organisation: 'Ủy ban nhân dân tỉnh Hà Giang',
      kind: 'organisation',
      notBefore,
    });
    person = readPkcs12(personP12.pkcs12, personP12.password);
    organisation = readPkcs12(organisationP12.pkcs12, organisationP12.password);
    nssDir = createNssDatabase(ca.certificatePem);
  });

  const signTwice = async (pdf: Buffer): Promise<{ once: Buffer; twice: Buffer }> => {
    const once = await signPdf(pdf, {
      identity: person,
      appearance: { kind: 'person', signerName: 'Nguyễn Văn An', position: 'Chủ tịch' },
      signingTime: new Date('2026-12-04T08:30:00Z'),
    });
    const twice = await signPdf(once, {
      identity: organisation,
      appearance: { kind: 'organisation', signerName: 'Ủy ban nhân dân tỉnh Hà Giang' },
      signingTime: new Date('2026-12-04T08:45:00Z'),
    });
    return { once, twice };
  };

  describe('corpus', function () {
    this.timeout(90_000);

    it('signs each PDF twice or rejects it unchanged', async function () {
      const files = corpusFiles(this, 'pdf', '.pdf');
      expect(files.length, `no PDF under ${corpusDir}/pdf`).to.be.greaterThan(0);
      for (const file of files) {
        // given
        const original = readFileSync(file);
        const originalHash = sha256(original);
        const expectedRejection = UNSIGNABLE.get(basename(file));

        // when
        let outcome: { once: Buffer; twice: Buffer } | ValidationError;
        try {
          outcome = await signTwice(original);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          outcome = error;
        }

        // then
        expect(sha256(original), `${basename(file)} input changed`).to.equal(originalHash);
        if (outcome instanceof ValidationError) {
          expect(expectedRejection, `${basename(file)} rejected: ${outcome.message}`).to.not.equal(
            undefined,
          );
          expect(outcome.message).to.match(/^PDF cannot be signed safely: /);
          expect(outcome.message).to.match(expectedRejection!);
          continue;
        }
        expect(expectedRejection, `${basename(file)} was signed but should be rejected`).to.equal(
          undefined,
        );
        expectBothSignaturesValid(basename(file), original, outcome.once, outcome.twice);
      }
    });
  });

  const expectBothSignaturesValid = (
    name: string,
    original: Buffer,
    once: Buffer,
    twice: Buffer,
  ) => {
    expect(
      once.subarray(0, original.length).equals(original),
      `${name}: original bytes kept`,
    ).to.equal(true);
    expect(twice.subarray(0, once.length).equals(once), `${name}: first revision kept`).to.equal(
      true,
    );
    const ours = verifyPdfSignatures(twice, { trustAnchors: [ca.certificatePem] });
    const mine = ours.filter(
      (report) => report.signerOrganisation === 'Ủy ban nhân dân tỉnh Hà Giang',
    );
    expect(
      mine.map((report) => report.signerCommonName),
      name,
    ).to.deep.equal(['Nguyễn Văn An', 'Ủy ban nhân dân tỉnh Hà Giang']);
    for (const report of mine) {
      expect(report.valid, `${name}: ${report.reasons.join('; ')}`).to.equal(true);
      expect(report.subFilter).to.equal('ETSI.CAdES.detached');
    }
    expect(mine[0]!.laterChangesExist, name).to.equal(true);
    expect(mine[1]!.laterChangesExist, name).to.equal(false);
    const pdfsig = runPdfsig(twice, nssDir);
    const validCount = pdfsig.match(/Signature Validation: Signature is Valid\./g)?.length ?? 0;
    expect(validCount, `${name}: pdfsig output\n${pdfsig}`).to.be.at.least(2);
    expect(pdfsig, name).to.not.match(/Digest Mismatch/);
    expect(pdfsig.match(/Certificate is Trusted/g)?.length ?? 0, name).to.be.at.least(2);
    expect(pdfsig, name).to.include('Total document signed');
  };

  it('reports a flipped byte as digest mismatch', async function () {
    // given
    const pdf = await generatedPdf();
    const { twice } = await signTwice(pdf);
    const tampered = Buffer.from(twice);
    tampered[pdf.length - 200] ^= 0x01;

    // when
    const reports = verifyPdfSignatures(tampered, { trustAnchors: [ca.certificatePem] });
    const pdfsig = runPdfsig(tampered, nssDir);

    // then
    expect(reports).to.have.length(2);
    for (const report of reports) {
      expect(report.digestMatches).to.equal(false);
      expect(report.valid).to.equal(false);
      expect(report.reasons.join(' ')).to.include('message digest does not match');
    }
    expect(pdfsig.match(/Digest Mismatch/g)?.length ?? 0, pdfsig).to.equal(2);
  });

  it('reports an untrusted chain without trust anchors', async function () {
    // given
    const { twice } = await signTwice(await generatedPdf());
    const otherCa = createDevelopmentCa({ commonName: 'another CA' });

    // when
    const reports = verifyPdfSignatures(twice, { trustAnchors: [otherCa.certificatePem] });

    // then
    expect(reports.map((report) => report.chainTrusted)).to.deep.equal([false, false]);
    expect(reports.map((report) => report.digestMatches)).to.deep.equal([true, true]);
    expect(reports[0]!.valid).to.equal(false);
  });

  it('reports a certificate expired at signing time', async function () {
    // given
    const { twice } = await signTwice(await generatedPdf());

    // when
    const reports = verifyPdfSignatures(twice, {
      trustAnchors: [ca.certificatePem],
      at: new Date('2099-01-01T00:00:00Z'),
    });

    // then
    expect(reports[0]!.certificateValidAtSigningTime).to.equal(false);
    expect(reports[0]!.valid).to.equal(false);
  });

  it('returns no reports for an unsigned PDF', async function () {
    // given
    const pdf = await generatedPdf();

    // when
    const reports = verifyPdfSignatures(pdf, { trustAnchors: [ca.certificatePem] });

    // then
    expect(reports).to.deep.equal([]);
  });

  it('names fields and times in the report', async function () {
    // given
    const { twice } = await signTwice(await generatedPdf());

    // when
    const reports = verifyPdfSignatures(twice, { trustAnchors: [ca.certificatePem] });

    // then
    expect(reports.map((report) => report.fieldName)).to.deep.equal(['Signature1', 'Signature2']);
    expect(reports[0]!.signingTime?.toISOString()).to.equal('2026-12-04T08:30:00.000Z');
    expect(reports[1]!.signingTime?.toISOString()).to.equal('2026-12-04T08:45:00.000Z');
  });

  it('rejects a truncated PDF unchanged', async function () {
    // given
    const pdf = await generatedPdf();
    const truncated = Buffer.from(pdf.subarray(0, pdf.length - 40));
    const before = sha256(truncated);

    // when
    const attempt = signPdf(truncated, {
      identity: person,
      appearance: { kind: 'person', signerName: 'Nguyễn Văn An' },
    });

    // then
    await expectRejection(attempt, /PDF cannot be signed safely: .*startxref/);
    expect(sha256(truncated)).to.equal(before);
  });
});

async function expectRejection(promise: Promise<unknown>, message: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as Error).message).to.match(message);
    return;
  }
  expect.fail('expected a ValidationError');
}

async function generatedPdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const page = document.addPage([595, 842]);
  page.drawText('Quyet dinh so 12/QD-UBND', { x: 72, y: 760, size: 14 });
  return Buffer.from(await document.save({ useObjectStreams: false }));
}
