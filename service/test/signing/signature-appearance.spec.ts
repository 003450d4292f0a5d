import { expect } from 'chai';
import { PDFDocument } from '@cantoo/pdf-lib';
import { appearanceLines } from '../../src/signing/signature-appearance.js';
import { defaultSealPng, formatPdfDate, formatVietnamTime } from '../../src/signing/index.js';
import { parsePdfDate } from '../../src/signing/signing-time.js';

describe('signature appearance', function () {
  it('formats signing time in Vietnam time', function () {
    // given
    const instant = new Date('2026-12-31T18:30:05Z');

    // then
    expect(formatVietnamTime(instant)).to.equal('2027-01-01T01:30:05+07:00');
    expect(formatPdfDate(instant)).to.equal("D:20270101013005+07'00'");
  });

  it('parses PDF dates with offsets', function () {
    // then
    expect(parsePdfDate("D:20270101013005+07'00'")?.toISOString()).to.equal(
      '2026-12-31T18:30:05.000Z',
    );
    expect(parsePdfDate('D:20261204083000Z')?.toISOString()).to.equal('2026-12-04T08:30:00.000Z');
    expect(parsePdfDate("D:20261204083000-05'30'")?.toISOString()).to.equal(
      '2026-12-04T14:00:00.000Z',
    );
    expect(parsePdfDate('yesterday')).to.equal(undefined);
  });

  it('lists name, position and time', function () {
    // given
    const appearance = {
      kind: 'person' as const,
      signerName: 'Phạm Thị Dung',
      position: 'Phó Giám đốc',
    };

    // when
    const lines = appearanceLines(appearance, new Date('2026-12-04T08:30:00Z'));

    // then
    expect(lines).to.deep.equal([
      'Ký bởi: Phạm Thị Dung',
      'Chức vụ: Phó Giám đốc',
      'Thời gian ký: 2026-12-04T15:30:00+07:00',
    ]);
  });

  it('normalises decomposed names to NFC', function () {
    // given
    const decomposed = 'Nguye\u0302\u0303n Va\u0306n An';

    // when
    const [first] = appearanceLines({ kind: 'person', signerName: decomposed }, new Date());

    // then
    expect(first).to.equal('Ký bởi: Nguyễn Văn An');
  });

  it('generates a default seal PNG', async function () {
    // given
    const document = await PDFDocument.create();

    // when
    const image = await document.embedPng(defaultSealPng());

    // then
    expect(image.width).to.equal(256);
    expect(image.height).to.equal(256);
  });
});
