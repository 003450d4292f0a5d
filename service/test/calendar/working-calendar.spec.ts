import { expect } from 'chai';
import { WorkingCalendar } from '../../src/calendar/index.js';
import { PermanentError, ValidationError } from '../../src/errors/index.js';

const at = (iso: string) => new Date(iso);

describe('WorkingCalendar', function () {
  const calendar = new WorkingCalendar();

  describe('isWorkingDay', function () {
    const cases: Array<[string, boolean, string]> = [
      ['2026-03-16', true, 'ordinary Monday'],
      ['2026-03-14', false, 'Saturday'],
      ['2026-03-15', false, 'Sunday'],
      ['2026-01-01', false, 'New Year'],
      ['2026-01-02', false, 'Friday swapped for a Saturday'],
      ['2026-01-10', true, 'make-up Saturday'],
      ['2026-02-16', false, 'Tết 2026 first weekday'],
      ['2026-02-20', false, 'Tết 2026 last weekday'],
      ['2026-02-23', true, 'Monday after Tết 2026'],
      ['2026-04-27', false, 'day in lieu of Hùng Kings day on a Sunday'],
      ['2026-04-30', false, 'Reunification Day'],
      ['2026-05-01', false, 'Labour Day'],
      ['2026-08-22', true, 'make-up Saturday before National Day'],
      ['2026-08-31', false, 'Monday swapped before National Day'],
      ['2026-09-01', false, 'day next to National Day'],
      ['2026-09-02', false, 'National Day'],
      ['2025-01-29', false, 'Tết 2025'],
      ['2025-04-07', false, 'Hùng Kings day 2025'],
      ['2025-04-26', true, 'make-up Saturday 2025'],
      ['2025-05-02', false, 'Friday swapped 2025'],
    ];
    for (const [date, expected, label] of cases) {
      it(`${label} (${date})`, function () {
        // given the default Vietnamese calendar
        // when / then
        expect(calendar.isWorkingDay(date)).to.equal(expected);
      });
    }

    it('uses the Vietnam-local date of an instant', function () {
      // given instants late on a UTC day, which is already the next day in Vietnam
      const mondayInVietnam = at('2026-03-15T17:30:00Z');
      const tetMondayInVietnam = at('2026-02-15T17:30:00Z');

      // when / then
      expect(calendar.isWorkingDay(mondayInVietnam)).to.equal(true);
      expect(calendar.isWorkingDay(tetMondayInVietnam)).to.equal(false);
    });
  });

  describe('dayOffName', function () {
    it('names holidays and days off', function () {
      // given the default Vietnamese calendar
      // when / then
      expect(calendar.dayOffName('2026-09-02')).to.equal('Quốc khánh');
      expect(calendar.dayOffName('2026-02-17')).to.equal('Tết Nguyên đán');
      expect(calendar.dayOffName('2026-03-14')).to.equal(undefined);
      expect(calendar.dayOffName('2026-03-16')).to.equal(undefined);
    });
  });

  describe('nextWorkingInstant', function () {
    const cases: Array<[string, string, string]> = [
      ['inside office hours', '2026-03-16T09:15:20.500+07:00', '2026-03-16T09:15:20.500+07:00'],
      ['lunch break', '2026-03-16T12:00:00+07:00', '2026-03-16T13:00:00+07:00'],
      ['before opening', '2026-03-16T06:00:00+07:00', '2026-03-16T07:30:00+07:00'],
      ['at closing', '2026-03-16T16:30:00+07:00', '2026-03-17T07:30:00+07:00'],
      ['Friday evening', '2026-03-13T17:00:00+07:00', '2026-03-16T07:30:00+07:00'],
      ['eve of Tết', '2026-02-13T18:00:00+07:00', '2026-02-23T07:30:00+07:00'],
    ];
    for (const [label, from, expected] of cases) {
      it(label, function () {
        // given / when
        const next = calendar.nextWorkingInstant(at(from));

        // then
        expect(next.toISOString()).to.equal(at(expected).toISOString());
      });
    }
  });

  describe('addWorkingDays', function () {
    const cases: Array<[string, string, number, string]> = [
      ['same day before closing', '2026-03-16T10:00:00+07:00', 0, '2026-03-16T16:30:00+07:00'],
      ['same day after closing', '2026-03-16T17:00:00+07:00', 0, '2026-03-17T16:30:00+07:00'],
      ['same day on Saturday', '2026-03-14T10:00:00+07:00', 0, '2026-03-16T16:30:00+07:00'],
      ['one day after Monday', '2026-03-16T07:00:00+07:00', 1, '2026-03-17T16:30:00+07:00'],
      ['two days from Friday', '2026-03-13T15:00:00+07:00', 2, '2026-03-17T16:30:00+07:00'],
      ['across New Year swap', '2025-12-31T10:00:00+07:00', 1, '2026-01-05T16:30:00+07:00'],
      ['onto make-up Saturday', '2026-01-09T09:00:00+07:00', 1, '2026-01-10T16:30:00+07:00'],
      ['across Tết 2026', '2026-02-12T10:00:00+07:00', 2, '2026-02-23T16:30:00+07:00'],
    ];
    for (const [label, from, days, expected] of cases) {
      it(label, function () {
        // given / when
        const due = calendar.addWorkingDays(at(from), days);

        // then
        expect(due.toISOString()).to.equal(at(expected).toISOString());
      });
    }

    it('rejects a fractional day count', function () {
      // given / when / then
      expect(() => calendar.addWorkingDays(at('2026-03-16T10:00:00+07:00'), 1.5)).to.throw(
        ValidationError,
        /days must be a whole number/,
      );
    });
  });

  describe('addWorkingHours', function () {
    const cases: Array<[string, string, number, string]> = [
      ['over lunch', '2026-03-16T11:00:00+07:00', 1, '2026-03-16T13:30:00+07:00'],
      ['exactly to noon', '2026-03-16T07:30:00+07:00', 4, '2026-03-16T11:30:00+07:00'],
      ['a whole day', '2026-03-16T07:30:00+07:00', 7.5, '2026-03-16T16:30:00+07:00'],
      ['after closing', '2026-03-13T16:55:00+07:00', 2, '2026-03-16T09:30:00+07:00'],
      ['across Tết', '2026-02-13T16:00:00+07:00', 1, '2026-02-23T08:00:00+07:00'],
      ['zero hours', '2026-03-16T18:00:00+07:00', 0, '2026-03-16T18:00:00+07:00'],
    ];
    for (const [label, from, hours, expected] of cases) {
      it(label, function () {
        // given / when
        const result = calendar.addWorkingHours(at(from), hours);

        // then
        expect(result.toISOString()).to.equal(at(expected).toISOString());
      });
    }
  });

  describe('workingTimeBetween', function () {
    it('counts office hours over a weekend', function () {
      // given Friday 15:00 and Tuesday 16:30: 1.5 h + 7.5 h + 7.5 h
      const friday = at('2026-03-13T15:00:00+07:00');
      const tuesday = at('2026-03-17T16:30:00+07:00');

      // when
      const forward = calendar.workingTimeBetween(friday, tuesday);
      const backward = calendar.workingTimeBetween(tuesday, friday);

      // then
      expect(forward).to.equal(16.5 * 3_600_000);
      expect(backward).to.equal(-16.5 * 3_600_000);
    });

    it('skips Tết', function () {
      // given Thursday before Tết 2026 and the Monday after it: two working days
      const thursday = at('2026-02-12T07:30:00+07:00');
      const monday = at('2026-02-23T07:30:00+07:00');

      // when
      const between = calendar.workingTimeBetween(thursday, monday);

      // then
      expect(between).to.equal(2 * calendar.workingDayMs);
      expect(calendar.workingDayMs).to.equal(7.5 * 3_600_000);
    });
  });

  describe('configuration', function () {
    it('rejects a year without a holiday table', function () {
      // given the default calendar, which has tables for 2025 to 2027
      // when / then
      expect(() => calendar.isWorkingDay('2030-01-02')).to.throw(PermanentError, /2030/);
    });

    it('falls back to fixed holidays when allowed', function () {
      // given a calendar that accepts years without a table
      const lenient = new WorkingCalendar({ requireHolidayYear: false });

      // when / then
      expect(lenient.isWorkingDay('2030-01-01')).to.equal(false);
      expect(lenient.isWorkingDay('2030-01-02')).to.equal(true);
    });

    it('applies custom office hours and weekends', function () {
      // given a six-day week with one office interval
      const custom = new WorkingCalendar({
        weekendDays: [0],
        officeHours: [{ start: '08:00', end: '17:00' }],
        extraDaysOff: ['2026-03-18'],
      });

      // when
      const due = custom.addWorkingHours(at('2026-03-13T16:00:00+07:00'), 2);
      const afterClosure = custom.addWorkingDays(at('2026-03-17T09:00:00+07:00'), 1);

      // then
      expect(due.toISOString()).to.equal(at('2026-03-14T09:00:00+07:00').toISOString());
      expect(afterClosure.toISOString()).to.equal(at('2026-03-19T17:00:00+07:00').toISOString());
    });

    it('rejects overlapping office hours', function () {
      // given / when / then
      expect(
        () =>
          new WorkingCalendar({
            officeHours: [
              { start: '08:00', end: '12:00' },
              { start: '11:00', end: '16:00' },
            ],
          }),
      ).to.throw(ValidationError, /officeHours/);
    });

    it('rejects a malformed time of day', function () {
      // given / when / then
      expect(
        () => new WorkingCalendar({ officeHours: [{ start: '7:30', end: '11:30' }] }),
      ).to.throw(ValidationError, /HH:MM/);
    });
  });
});
