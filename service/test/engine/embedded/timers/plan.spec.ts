import { expect } from 'chai';
import {
  addIsoDuration,
  InvalidTimerError,
  nextFiring,
  parseIsoDateTime,
  planTimer,
} from '../../../../src/engine/embedded/timers/index.js';

const from = new Date('2026-12-04T08:00:00Z');

const durationTable: Array<{ start: string; duration: string; expected: string }> = [
  { start: '2026-12-04T08:00:00.000Z', duration: 'PT4H', expected: '2026-12-04T12:00:00.000Z' },
  { start: '2026-12-04T08:00:00.000Z', duration: 'PT90M', expected: '2026-12-04T09:30:00.000Z' },
  { start: '2026-12-04T08:00:00.000Z', duration: 'PT0.5S', expected: '2026-12-04T08:00:00.500Z' },
  { start: '2026-12-04T08:00:00.000Z', duration: 'P3D', expected: '2026-12-07T08:00:00.000Z' },
  { start: '2026-12-04T08:00:00.000Z', duration: 'P2W', expected: '2026-12-18T08:00:00.000Z' },
  { start: '2026-12-04T08:00:00.000Z', duration: 'PT24H', expected: '2026-12-05T08:00:00.000Z' },
  { start: '2026-01-31T08:00:00.000Z', duration: 'P1M', expected: '2026-02-28T08:00:00.000Z' },
  { start: '2028-01-31T08:00:00.000Z', duration: 'P1M', expected: '2028-02-29T08:00:00.000Z' },
  { start: '2026-12-31T23:00:00.000Z', duration: 'P2M', expected: '2027-02-28T23:00:00.000Z' },
  { start: '2028-02-29T00:00:00.000Z', duration: 'P1Y', expected: '2029-02-28T00:00:00.000Z' },
  { start: '2026-12-04T08:00:00.000Z', duration: 'P1Y2M', expected: '2028-02-04T08:00:00.000Z' },
  {
    start: '2026-03-28T12:00:00.000Z',
    duration: 'P1DT2H30M',
    expected: '2026-03-29T14:30:00.000Z',
  },
];

const dateTable: Array<{ text: string; expected: string }> = [
  { text: '2026-12-04T08:00:00+07:00', expected: '2026-12-04T01:00:00.000Z' },
  { text: '2026-12-04T08:00:00Z', expected: '2026-12-04T08:00:00.000Z' },
  { text: '2026-12-04T08:00:00.250-03:30', expected: '2026-12-04T11:30:00.250Z' },
  { text: '2026-12-04T08:00+07:00', expected: '2026-12-04T01:00:00.000Z' },
  { text: '2026-12-04T08:00+01:00[Europe/Paris]', expected: '2026-12-04T07:00:00.000Z' },
];

const invalidTable: Array<{
  type: 'date' | 'duration' | 'cycle';
  value: unknown;
  message: RegExp;
}> = [
  { type: 'date', value: '2026-12-04T08:00:00', message: /no zone offset.*Add an offset/ },
  { type: 'date', value: '2026-12-04', message: /Invalid date '2026-12-04': expected/ },
  { type: 'date', value: '2026-02-30T08:00:00Z', message: /does not exist/ },
  { type: 'date', value: 'tomorrow', message: /Invalid date 'tomorrow'/ },
  { type: 'duration', value: '4 hours', message: /Invalid duration '4 hours': expected/ },
  { type: 'duration', value: 'P', message: /Invalid duration 'P'/ },
  { type: 'duration', value: 'PT', message: /Invalid duration 'PT'/ },
  { type: 'duration', value: '-PT1H', message: /Invalid duration '-PT1H'/ },
  { type: 'duration', value: 3600, message: /Invalid timer duration 3600: expected/ },
  { type: 'cycle', value: 'PT1H', message: /Invalid time cycle 'PT1H': expected R<count>/ },
  { type: 'cycle', value: '0 0 * * *', message: /Invalid time cycle '0 0 \* \* \*'/ },
  { type: 'cycle', value: 'R3/1 hour', message: /Invalid duration '1 hour'/ },
  { type: 'cycle', value: 'R0/PT1H', message: /R0 never fires/ },
  { type: 'cycle', value: 'R3/2026-12-04T08:00:00/PT1H', message: /no zone offset/ },
  { type: 'cycle', value: null, message: /Invalid timer cycle null/ },
];

describe('timer planning', () => {
  describe('addIsoDuration', () => {
    for (const row of durationTable) {
      it(`${row.start} + ${row.duration}`, () => {
        // when
        const result = addIsoDuration(new Date(row.start), row.duration);

        // then
        expect(result.toISOString()).to.equal(row.expected);
      });
    }
  });

  describe('parseIsoDateTime', () => {
    for (const row of dateTable) {
      it(`parses ${row.text}`, () => {
        // when
        const result = parseIsoDateTime(row.text);

        // then
        expect(result.toISOString()).to.equal(row.expected);
      });
    }
  });

  describe('invalid values', () => {
    for (const row of invalidTable) {
      it(`${row.type} ${JSON.stringify(row.value)} is rejected`, () => {
        // when
        const run = () => planTimer(row.type, row.value, from);

        // then
        expect(run).to.throw(InvalidTimerError, row.message);
      });
    }
  });

  describe('planTimer', () => {
    it('date fires at that instant', () => {
      // when
      const plan = planTimer('date', '2026-12-05T09:00:00+07:00', from);

      // then
      expect(plan.dueAt.toISOString()).to.equal('2026-12-05T02:00:00.000Z');
      expect(plan.repeat).to.equal(undefined);
    });

    it('date accepts a Date object', () => {
      // given
      const due = new Date('2026-12-06T00:00:00Z');

      // when
      const plan = planTimer('date', due, from);

      // then
      expect(plan.dueAt.toISOString()).to.equal('2026-12-06T00:00:00.000Z');
    });

    it('duration fires after from', () => {
      // when
      const plan = planTimer('duration', 'PT4H', from);

      // then
      expect(plan.dueAt.toISOString()).to.equal('2026-12-04T12:00:00.000Z');
      expect(plan.repeat).to.equal(undefined);
    });

    it('duration from FEEL string form', () => {
      // when
      const plan = planTimer('duration', 'PT24H', from);

      // then
      expect(plan.dueAt.toISOString()).to.equal('2026-12-05T08:00:00.000Z');
    });

    it('bounded cycle counts remaining firings', () => {
      // when
      const plan = planTimer('cycle', 'R3/PT1H', from);

      // then
      expect(plan.dueAt.toISOString()).to.equal('2026-12-04T09:00:00.000Z');
      expect(plan.repeat).to.deep.equal({ remaining: 2, interval: 'PT1H' });
    });

    it('unbounded cycle has null remaining', () => {
      // when
      const plan = planTimer('cycle', 'R/P1D', from);

      // then
      expect(plan.dueAt.toISOString()).to.equal('2026-12-05T08:00:00.000Z');
      expect(plan.repeat).to.deep.equal({ remaining: null, interval: 'P1D' });
    });

    it('cycle with start fires first at the start', () => {
      // when
      const plan = planTimer('cycle', 'R3/2026-12-04T08:00:00+07:00/PT1H', from);

      // then
      expect(plan.dueAt.toISOString()).to.equal('2026-12-04T01:00:00.000Z');
      expect(plan.repeat).to.deep.equal({ remaining: 2, interval: 'PT1H' });
    });
  });

  describe('nextFiring', () => {
    it('runs a bounded cycle to its end', () => {
      // given
      const first = planTimer('cycle', 'R3/PT1H', from);

      // when
      const second = nextFiring(first.repeat!, first.dueAt);
      const third = nextFiring(second!.repeat!, second!.dueAt);
      const fourth = nextFiring(third!.repeat!, third!.dueAt);

      // then
      expect(second!.dueAt.toISOString()).to.equal('2026-12-04T10:00:00.000Z');
      expect(second!.repeat).to.deep.equal({ remaining: 1, interval: 'PT1H' });
      expect(third!.dueAt.toISOString()).to.equal('2026-12-04T11:00:00.000Z');
      expect(third!.repeat).to.deep.equal({ remaining: 0, interval: 'PT1H' });
      expect(fourth).to.equal(undefined);
    });

    it('schedules from the firing moment after downtime', () => {
      // given
      const first = planTimer('cycle', 'R/PT1H', from);
      const firedLate = new Date('2026-12-04T15:20:00Z');

      // when
      const next = nextFiring(first.repeat!, firedLate);

      // then
      expect(next!.dueAt.toISOString()).to.equal('2026-12-04T16:20:00.000Z');
      expect(next!.repeat).to.deep.equal({ remaining: null, interval: 'PT1H' });
    });

    it('R1 cycle has no next firing', () => {
      // given
      const only = planTimer('cycle', 'R1/PT5M', from);

      // when
      const next = nextFiring(only.repeat!, only.dueAt);

      // then
      expect(only.repeat).to.deep.equal({ remaining: 0, interval: 'PT5M' });
      expect(next).to.equal(undefined);
    });
  });
});
