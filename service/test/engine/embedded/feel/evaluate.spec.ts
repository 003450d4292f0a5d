import { expect } from 'chai';
import {
  evaluateCondition,
  evaluateExpression,
  evaluateFeel,
  ExpressionError,
  findFeelSyntaxError,
} from '../../../../src/engine/embedded/feel/index.js';

const clock = { now: new Date('2026-12-04T10:15:30Z') };

/**
 * Cases where feelin 8 and Camunda's FEEL engine could disagree. The expected value is what
 * Camunda 8 returns; each row fails if the evaluator drifts from it.
 */
const camundaTable: Array<{ feel: string; context?: Record<string, unknown>; expected: unknown }> =
  [
    // comparisons with null give null, except equality
    { feel: 'x > 5', context: { x: null }, expected: null },
    { feel: 'null < 1', expected: null },
    { feel: 'null = null', expected: true },
    { feel: 'x = null', context: { x: null }, expected: true },
    { feel: 'x != null', context: { x: 1 }, expected: true },
    // values of different types are not comparable
    { feel: '1 = "1"', expected: null },
    { feel: '1 < "a"', expected: null },
    { feel: '"a" < 1', expected: null },
    { feel: 'x < 5', context: { x: '3' }, expected: null },
    { feel: 'x >= 5', context: { x: '30' }, expected: null },
    { feel: 'date("2026-01-01") < 5', expected: null },
    { feel: 'true < false', expected: null },
    { feel: 'duration("P1M") < duration("PT1H")', expected: null },
    { feel: 'for i in [1, "a", null] return i < 2', expected: [true, null, null] },
    // same types still order
    { feel: '"abc" < "abd"', expected: true },
    { feel: 'x <= 5', context: { x: 5 }, expected: true },
    { feel: 'date("2026-01-01") < date("2026-02-01")', expected: true },
    { feel: 'duration("PT1H") < duration("PT2H")', expected: true },
    { feel: '[1, 2, 3][item > 1]', expected: [2, 3] },
    { feel: '[1, "a", 3][item > 1]', expected: [3] },
    { feel: '[{a: 1}, {a: 5}][a >= 2]', expected: [{ a: 5 }] },
    // missing variables are null
    { feel: 'missing', expected: null },
    { feel: 'missing.field', expected: null },
    { feel: 'if missing then "yes" else "no"', expected: 'no' },
    // arithmetic with null gives null
    { feel: 'x + 1', context: { x: null }, expected: null },
    { feel: 'missing * 2', expected: null },
    // string concatenation with a non-string gives null
    { feel: '"Số " + 5', expected: null },
    { feel: '"Số " + string(5)', expected: 'Số 5' },
    // date and duration arithmetic
    { feel: 'date("2026-01-30") + duration("P1M")', expected: '2026-02-28' },
    { feel: 'date("2026-01-30") + duration("P1D")', expected: '2026-01-31' },
    { feel: 'date("2026-12-04") - date("2026-12-01")', expected: 'PT72H' },
    {
      feel: 'date and time("2026-12-04T08:00:00+07:00") + duration("PT4H")',
      expected: '2026-12-04T12:00+07:00',
    },
    { feel: 'now()', expected: '2026-12-04T10:15:30Z' },
    { feel: 'today()', expected: '2026-12-04' },
    { feel: 'now() + duration("P1D")', expected: '2026-12-05T10:15:30Z' },
    // ISO strings in variables stay strings
    { feel: 'x', context: { x: '2026-12-04' }, expected: '2026-12-04' },
    { feel: 'x + "T08:00"', context: { x: '2026-12-04' }, expected: '2026-12-04T08:00' },
  ];

/** Temporal results in the form Zeebe stores them (Java `toString`). */
const serialisationTable: Array<{ feel: string; expected: unknown }> = [
  { feel: 'date("2026-12-04")', expected: '2026-12-04' },
  { feel: 'date and time("2026-12-04T08:00:00+07:00")', expected: '2026-12-04T08:00+07:00' },
  { feel: 'date and time("2026-12-04T08:00:01.5Z")', expected: '2026-12-04T08:00:01.500Z' },
  {
    feel: 'date and time("2026-12-04T08:00:00@Europe/Paris")',
    expected: '2026-12-04T08:00+01:00[Europe/Paris]',
  },
  { feel: 'date and time("2026-12-04T08:00:00")', expected: '2026-12-04T08:00' },
  { feel: 'time("10:30:15")', expected: '10:30:15' },
  { feel: 'duration("PT1H")', expected: 'PT1H' },
  { feel: 'duration("P1D")', expected: 'PT24H' },
  { feel: 'duration("PT90M")', expected: 'PT1H30M' },
  { feel: 'duration("PT0.25S")', expected: 'PT0.25S' },
  { feel: 'duration("P14M")', expected: 'P1Y2M' },
  { feel: 'duration("P2Y")', expected: 'P2Y' },
  {
    feel: '{due: date("2026-12-04"), list: [duration("PT2H")]}',
    expected: { due: '2026-12-04', list: ['PT2H'] },
  },
  { feel: '[1..3]', expected: null },
  { feel: '1 / 0', expected: null },
];

describe('FEEL evaluation', () => {
  describe('Camunda behaviour table', () => {
    for (const row of camundaTable) {
      it(`${row.feel} is ${JSON.stringify(row.expected)}`, () => {
        // given
        const context = row.context ?? {};

        // when
        const result = evaluateFeel(row.feel, context, clock);

        // then
        expect(result).to.deep.equal(row.expected);
      });
    }
  });

  describe('serialisation table', () => {
    for (const row of serialisationTable) {
      it(`${row.feel} is ${JSON.stringify(row.expected)}`, () => {
        // when
        const result = evaluateFeel(row.feel, {}, clock);

        // then
        expect(result).to.deep.equal(row.expected);
      });
    }
  });

  describe('Vietnamese text', () => {
    it('keeps diacritics through evaluation', () => {
      // given
      const context = { loai: 'Tờ trình', tieuDe: 'Quyết định bổ nhiệm' };

      // when
      const result = evaluateFeel('{loai: loai, tieuDe: tieuDe}', context);

      // then
      expect(result).to.deep.equal(context);
    });

    it('upper case and contains', () => {
      // given
      const context = { tieuDe: 'Quyết định bổ nhiệm' };

      // when
      const upper = evaluateFeel('upper case(tieuDe)', context);
      const found = evaluateFeel('contains(tieuDe, "bổ nhiệm")', context);
      const notFound = evaluateFeel('contains(tieuDe, "bo nhiem")', context);

      // then
      expect(upper).to.equal('QUYẾT ĐỊNH BỔ NHIỆM');
      expect(found).to.equal(true);
      expect(notFound).to.equal(false);
    });

    it('compares Vietnamese strings for equality', () => {
      // when
      const result = evaluateFeel('loai = "Tờ trình"', { loai: 'Tờ trình' });

      // then
      expect(result).to.equal(true);
    });
  });

  describe('evaluateExpression', () => {
    it('static value returns its text', () => {
      // when
      const result = evaluateExpression({ kind: 'static', value: 'document.store' }, { x: 1 });

      // then
      expect(result).to.equal('document.store');
    });

    it('FEEL value is evaluated', () => {
      // when
      const result = evaluateExpression({ kind: 'feel', feel: '"task." + kind' }, { kind: 'sign' });

      // then
      expect(result).to.equal('task.sign');
    });

    it('clock defaults to the current time', () => {
      // given
      const before = Date.now();

      // when
      const result = evaluateFeel('now()', {});

      // then
      expect(typeof result).to.equal('string');
      expect(Date.parse(result as string)).to.be.at.least(before - 1000);
    });
  });

  describe('evaluateCondition', () => {
    it('returns a boolean result', () => {
      // when
      const result = evaluateCondition({ kind: 'feel', feel: 'amount > 100' }, { amount: 150 });

      // then
      expect(result).to.equal(true);
    });

    it('null result is an error naming the expression', () => {
      // when
      const run = () => evaluateCondition({ kind: 'feel', feel: 'amount > 100' }, {});

      // then
      expect(run).to.throw(ExpressionError, "'amount > 100'");
      expect(run).to.throw(/expected a boolean but got null/);
    });

    it('non-boolean result is an error', () => {
      // when
      const run = () => evaluateCondition({ kind: 'feel', feel: 'amount' }, { amount: 5 });

      // then
      expect(run).to.throw(ExpressionError, 'expected a boolean but got the number 5');
    });

    it('static true and false are accepted', () => {
      // when
      const yes = evaluateCondition({ kind: 'static', value: 'true' }, {});
      const no = evaluateCondition({ kind: 'static', value: 'false' }, {});

      // then
      expect(yes).to.equal(true);
      expect(no).to.equal(false);
    });
  });

  describe('syntax errors', () => {
    it('unparsable expression throws ExpressionError', () => {
      // when
      let caught: unknown;
      try {
        evaluateFeel('amount >', { amount: 1 });
      } catch (error) {
        caught = error;
      }

      // then
      expect(caught).to.be.instanceOf(ExpressionError);
      expect((caught as ExpressionError).expression).to.equal('amount >');
      expect((caught as ExpressionError).message).to.contain('incomplete');
    });

    it('findFeelSyntaxError points at the position', () => {
      // when
      const incomplete = findFeelSyntaxError('a +');
      const wrongToken = findFeelSyntaxError('1 +* 2');
      const valid = findFeelSyntaxError('some x in [1, 2] satisfies x > 1');
      const empty = findFeelSyntaxError('  ');

      // then
      expect(incomplete).to.contain('incomplete');
      expect(wrongToken).to.contain('position 4');
      expect(valid).to.equal(undefined);
      expect(empty).to.equal('the expression is empty');
    });
  });
});
