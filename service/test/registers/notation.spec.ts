import { expect } from 'chai';
import { ValidationError } from '../../src/errors/index.js';
import {
  buildNotation,
  formatVietnameseDate,
  vietnamDate,
  vietnamYear,
} from '../../src/registers/index.js';

describe('notation', function () {
  const cases = [
    {
      number: 123,
      typeAbbreviation: 'QĐ',
      organAbbreviation: 'BNV',
      unit: null,
      full: '123/QĐ-BNV',
    },
    {
      number: 15,
      typeAbbreviation: null,
      organAbbreviation: 'UBND',
      unit: 'VP',
      full: '15/UBND-VP',
    },
    { number: 5, typeAbbreviation: 'TB', organAbbreviation: 'BNV', unit: null, full: '05/TB-BNV' },
    {
      number: 1,
      typeAbbreviation: 'QyĐ',
      organAbbreviation: 'UBND',
      unit: null,
      full: '01/QyĐ-UBND',
    },
    {
      number: 1000,
      typeAbbreviation: 'CTr',
      organAbbreviation: 'BTTTT',
      unit: null,
      full: '1000/CTr-BTTTT',
    },
  ];

  for (const { number, typeAbbreviation, organAbbreviation, unit, full } of cases) {
    it(`builds ${full}`, function () {
      const notation = buildNotation({
        number,
        typeAbbreviation,
        organAbbreviation,
        unitAbbreviation: unit,
      });

      expect(notation.full).to.equal(full);
      expect(`${notation.codeNumber}/${notation.codeNotation}`).to.equal(full);
    });
  }

  it('requires a unit for a công văn', function () {
    expect(() =>
      buildNotation({ number: 1, typeAbbreviation: null, organAbbreviation: 'UBND' }),
    ).to.throw(ValidationError, /unitAbbreviation/);
  });

  it('rejects a notation over 30 characters', function () {
    expect(() =>
      buildNotation({
        number: 1,
        typeAbbreviation: 'QĐ',
        organAbbreviation: 'A'.repeat(20),
        unitAbbreviation: 'B'.repeat(9),
      }),
    ).not.to.throw();
    expect(() =>
      buildNotation({
        number: 1,
        typeAbbreviation: null,
        organAbbreviation: 'A'.repeat(20),
        unitAbbreviation: 'B'.repeat(10),
      }),
    ).to.throw(ValidationError, /longer than 30/);
  });
});

describe('vietnam time', function () {
  it('turns the year at 17:00 UTC on 31 December', function () {
    expect(vietnamYear(new Date('2026-12-31T16:59:59.999Z'))).to.equal(2026);
    expect(vietnamYear(new Date('2026-12-31T17:00:00.000Z'))).to.equal(2027);
    expect(vietnamDate(new Date('2026-12-31T17:00:00.000Z'))).to.equal('2027-01-01');
  });

  it('formats dates as dd/mm/yyyy', function () {
    expect(formatVietnameseDate('2027-01-05')).to.equal('05/01/2027');
    expect(formatVietnameseDate(null)).to.equal('');
  });
});
