import { expect } from 'chai';
import { WorkingCalendar } from '../../src/calendar/index.js';
import { measureLateness } from '../../src/tracking/index.js';
import { decodeDueCursor, encodeDueCursor } from '../../src/tracking/keyset-cursor.js';

const HOUR = 3_600_000;

/** Parses an instant written in Vietnam time, such as `2026-12-08T16:30`. */
function vn(local: string): Date {
  return new Date(`${local}:00+07:00`);
}

describe('measureLateness', function () {
  const calendar = new WorkingCalendar();

  it('zero before the due instant', function () {
    const lateness = measureLateness(calendar, vn('2026-12-08T16:30'), vn('2026-12-08T10:00'));

    expect(lateness).to.deep.equal({ ms: 0, workingMs: 0, workingDays: 0, workingHours: 0 });
  });

  it('weekend adds no working time', function () {
    // Friday 16:30 to Monday 09:00: only Monday 07:30-09:00 is office time
    const lateness = measureLateness(calendar, vn('2026-12-11T16:30'), vn('2026-12-14T09:00'));

    expect(lateness.ms).to.equal(64.5 * HOUR);
    expect(lateness.workingMs).to.equal(1.5 * HOUR);
    expect(lateness.workingDays).to.equal(0);
    expect(lateness.workingHours).to.equal(1.5);
  });

  it('Tết days off add nothing', function () {
    // Thursday 4 February 2027 16:30 to Friday 12 February 10:00, with 5 and 8-11 February off
    const lateness = measureLateness(calendar, vn('2027-02-04T16:30'), vn('2027-02-12T10:00'));

    expect(lateness.workingMs).to.equal(2.5 * HOUR);
  });

  it('whole days and hours left over', function () {
    // Tuesday 16:30 to the next Monday 10:00: three full days of 7.5 hours, then 2.5 hours
    const lateness = measureLateness(calendar, vn('2026-12-08T16:30'), vn('2026-12-14T10:00'));

    expect(lateness.workingMs).to.equal(25 * HOUR);
    expect(lateness.workingDays).to.equal(3);
    expect(lateness.workingHours).to.equal(2.5);
  });

  it('nulls for a year without holidays', function () {
    const lateness = measureLateness(calendar, vn('2031-03-03T16:30'), vn('2031-03-04T10:00'));

    expect(lateness.ms).to.equal(17.5 * HOUR);
    expect(lateness.workingMs).to.equal(null);
    expect(lateness.workingDays).to.equal(null);
    expect(lateness.workingHours).to.equal(null);
  });
});

describe('due cursor', function () {
  it('round trip', function () {
    const cursor = { dueAt: new Date('2026-12-08T09:30:00.000Z'), taskKey: '2251799813685253' };

    expect(decodeDueCursor(encodeDueCursor(cursor))).to.deep.equal(cursor);
  });

  it('rejects tampered cursors', function () {
    const bad = [
      'not-base64-json',
      Buffer.from('{"d":"2026-12-08","k":"1; DROP TABLE tasks"}').toString('base64url'),
      Buffer.from('{"d":"yesterday","k":"1"}').toString('base64url'),
      Buffer.from('[]').toString('base64url'),
    ];
    for (const value of bad) {
      expect(() => decodeDueCursor(value), value).to.throw('cursor is invalid');
    }
  });
});
