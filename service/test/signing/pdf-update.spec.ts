import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { PDFDict, PDFDocument, PDFName, PDFNumber } from '@cantoo/pdf-lib';
import { ValidationError } from '../../src/errors/index.js';
import {
  createDevelopmentCa,
  issueCertificate,
  readPkcs12,
  signPdf,
  verifyPdfSignatures,
} from '../../src/signing/index.js';
import type { DevelopmentCa, SigningIdentity } from '../../src/signing/index.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function pdfWithPages(count: number, useObjectStreams: boolean): Promise<Buffer> {
  const document = await PDFDocument.create();
  for (let index = 0; index < count; index += 1) {
    document.addPage([595, 842]).drawText(`Trang ${index + 1}`, { x: 72, y: 760, size: 14 });
  }
  return Buffer.from(await document.save({ useObjectStreams }));
}

async function expectValidationError(promise: Promise<unknown>, message: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as Error).message).to.match(message);
    return;
  }
  expect.fail('expected a ValidationError');
}

describe('signPdf incremental update', function () {
  let ca: DevelopmentCa;
  let identity: SigningIdentity;

  before(function () {
    ca = createDevelopmentCa();
    const issued = issueCertificate(ca, {
      commonName: 'Lê Văn Cường',
      organisation: 'Sở Tư pháp',
      kind: 'person',
    });
    identity = readPkcs12(issued.pkcs12, issued.password);
  });

  const sign = (pdf: Buffer, pageIndex?: number) =>
    signPdf(pdf, {
      identity,
      pageIndex,
      appearance: { kind: 'person', signerName: 'Lê Văn Cường' },
    });

  it('appends an xref stream after an xref stream', async function () {
    // given
    const pdf = await pdfWithPages(3, true);

    // when
    const signed = await sign(pdf);

    // then
    const update = signed.subarray(pdf.length).toString('latin1');
    expect(update).to.match(/\/Type \/XRef/);
    expect(update).to.not.match(/^xref$/m);
    const [report] = verifyPdfSignatures(signed, { trustAnchors: [ca.certificatePem] });
    expect(report?.valid, report?.reasons.join('; ')).to.equal(true);
  });

  it('appends an xref table after an xref table', async function () {
    // given
    const pdf = await pdfWithPages(3, false);

    // when
    const signed = await sign(pdf);

    // then
    const update = signed.subarray(pdf.length).toString('latin1');
    expect(update).to.match(/^xref$/m);
    expect(update).to.match(/\/Prev \d+/);
    expect(update).to.not.match(/\/Type \/XRef/);
  });

  it('places the widget on the requested page', async function () {
    // given
    const pdf = await pdfWithPages(5, true);

    // when
    const signed = await sign(pdf, 1);

    // then
    const document = await PDFDocument.load(signed);
    const annotationCounts = document.getPages().map((page) => page.node.Annots()?.size() ?? 0);
    expect(annotationCounts).to.deep.equal([0, 1, 0, 0, 0]);
  });

  it('rejects a page index out of range', async function () {
    // given
    const pdf = await pdfWithPages(2, false);

    // when
    const attempt = sign(pdf, 2);

    // then
    await expectValidationError(attempt, /Page index 2 is out of range: the document has 2 pages/);
  });

  it('rejects a document certified against changes', async function () {
    // given
    const document = await PDFDocument.create();
    document.addPage();
    const certification = document.context.obj({
      Type: 'Sig',
      Reference: [
        { TransformMethod: 'DocMDP', TransformParams: { Type: 'TransformParams', P: 1, V: 1.2 } },
      ],
    });
    document.catalog.set(
      PDFName.of('Perms'),
      document.context.obj({ DocMDP: document.context.register(certification) }),
    );
    const pdf = Buffer.from(await document.save({ useObjectStreams: false }));
    const before = sha256(pdf);

    // when
    const attempt = sign(pdf);

    // then
    await expectValidationError(attempt, /DocMDP permission 1/);
    expect(sha256(pdf)).to.equal(before);
  });

  it('reports bytes added inside a signed revision', async function () {
    // given
    const signed = await sign(await pdfWithPages(1, false));
    const eof = signed.lastIndexOf('%%EOF');
    const injected = Buffer.concat([
      signed.subarray(0, eof),
      Buffer.from('% added after signing\n', 'latin1'),
      signed.subarray(eof),
    ]);

    // when
    const [report] = verifyPdfSignatures(injected, { trustAnchors: [ca.certificatePem] });

    // then
    expect(report?.coversRevision).to.equal(false);
    expect(report?.valid).to.equal(false);
    expect(report?.reasons.join(' ')).to.include('stops before the end of its revision');
  });

  it('reports a ByteRange gap that is not /Contents', async function () {
    // given
    const signed = Buffer.from(await sign(await pdfWithPages(1, false)));
    const text = signed.toString('latin1');
    const match = /\/ByteRange \[0 (\d+) /.exec(text)!;
    const shifted = String(Number(match[1]) - 9);
    signed.write(`/ByteRange [0 ${shifted.padEnd(match[1]!.length, ' ')} `, match.index, 'latin1');

    // when
    const reports = verifyPdfSignatures(signed, { trustAnchors: [ca.certificatePem] });

    // then
    expect(reports).to.have.length(1);
    expect(reports[0]!.valid).to.equal(false);
    expect(reports[0]!.reasons).to.include(
      'the ByteRange gap is not exactly the hex string of /Contents',
    );
  });

  it('numbers signature fields after existing ones', async function () {
    // given
    const once = await sign(await pdfWithPages(1, true));

    // when
    const twice = await sign(once);

    // then
    const reports = verifyPdfSignatures(twice, { trustAnchors: [ca.certificatePem] });
    expect(reports.map((report) => report.fieldName)).to.deep.equal(['Signature1', 'Signature2']);
    const document = await PDFDocument.load(twice);
    const sigFlags = document.catalog
      .lookup(PDFName.of('AcroForm'), PDFDict)
      ?.get(PDFName.of('SigFlags'));
    expect((sigFlags as PDFNumber).asNumber()).to.equal(3);
  });
});
