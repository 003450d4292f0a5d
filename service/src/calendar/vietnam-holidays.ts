/**
 * Public holidays for state agencies in Vietnam.
 *
 * The Labour Code (Bộ luật Lao động 2019, article 112) fixes the solar-date holidays: 1 January,
 * 30 April, 1 May and 2 September, plus one day before or after 2 September that the government
 * chooses each year. The lunar holidays move every year: five days of Tết around the lunar new
 * year, and Hùng Kings' Commemoration Day on the 10th day of the 3rd lunar month. The government
 * also announces days off in lieu of holidays on a weekend, and swaps of a weekday off against a
 * Saturday worked. The per-year table below contains those announced dates.
 */

export interface CalendarDay {
  /** Vietnam-local date, `YYYY-MM-DD`. */
  date: string;
  name: string;
}

export interface HolidayYear {
  /**
   * Days off beyond the fixed solar holidays: Tết, Hùng Kings' day, the day next to
   * 2 September, days off in lieu and weekdays swapped for a Saturday.
   */
  daysOff: CalendarDay[];
  /** Weekend days declared working days, in exchange for a swapped weekday off. */
  makeUpWorkingDays: CalendarDay[];
  /** Whether every date was checked against the government's announcement for that year. */
  confirmed: boolean;
  /** Source of the dates. */
  source: string;
}

/** Fixed solar holidays as `MM-DD`, observed every year. */
export const FIXED_SOLAR_HOLIDAYS: readonly { monthDay: string; name: string }[] = Object.freeze([
  { monthDay: '01-01', name: 'Tết Dương lịch' },
  { monthDay: '04-30', name: 'Ngày Chiến thắng' },
  { monthDay: '05-01', name: 'Ngày Quốc tế Lao động' },
  { monthDay: '09-02', name: 'Quốc khánh' },
]);

export const VIETNAM_HOLIDAY_YEARS: Readonly<Record<number, HolidayYear>> = Object.freeze({
  2025: {
    daysOff: [
      { date: '2025-01-27', name: 'Tết Nguyên đán' },
      { date: '2025-01-28', name: 'Tết Nguyên đán' },
      { date: '2025-01-29', name: 'Tết Nguyên đán' },
      { date: '2025-01-30', name: 'Tết Nguyên đán' },
      { date: '2025-01-31', name: 'Tết Nguyên đán' },
      { date: '2025-04-07', name: 'Giỗ Tổ Hùng Vương' },
      { date: '2025-05-02', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4)' },
      { date: '2025-09-01', name: 'Quốc khánh (ngày liền kề)' },
    ],
    makeUpWorkingDays: [{ date: '2025-04-26', name: 'Làm bù cho ngày 2/5' }],
    confirmed: true,
    source:
      'Government holiday plan for 2025 as reported by SGGP (2024-11-27, 2024-12-04, ' +
      '2025-08-03) and Vietnam News (2025-08-04)',
  },
  2026: {
    daysOff: [
      { date: '2026-01-02', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 10/1)' },
      { date: '2026-02-16', name: 'Tết Nguyên đán' },
      { date: '2026-02-17', name: 'Tết Nguyên đán' },
      { date: '2026-02-18', name: 'Tết Nguyên đán' },
      { date: '2026-02-19', name: 'Tết Nguyên đán' },
      { date: '2026-02-20', name: 'Tết Nguyên đán' },
      { date: '2026-04-27', name: 'Nghỉ bù Giỗ Tổ Hùng Vương (26/4 là Chủ nhật)' },
      { date: '2026-08-31', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 22/8)' },
      { date: '2026-09-01', name: 'Quốc khánh (ngày liền kề)' },
    ],
    makeUpWorkingDays: [
      { date: '2026-01-10', name: 'Làm bù cho ngày 2/1' },
      { date: '2026-08-22', name: 'Làm bù cho ngày 31/8' },
    ],
    confirmed: true,
    source:
      'Prime Minister approval of 2025-10-13 (Tết 14-22/2, National Day 29/8-2/9) reported by ' +
      'VNA and Vietnam News; Government Office letter 12729/VPCP-KGVX of 2025-12-25 (New Year ' +
      '1-4/1); the day in lieu of Hùng Kings day follows Labour Code article 111',
  },
  // NOTE: no official 2027 announcement was found, so these dates are estimates. The lunar new
  // year falls on 6 February 2027 and the 10th day of the 3rd lunar month on 16 April 2027 by
  // astronomical calculation. The Tết days, the day next to 2 September and the days in lieu
  // follow past years' pattern. Replace them with the announced dates before relying on them.
  2027: {
    daysOff: [
      { date: '2027-02-05', name: 'Tết Nguyên đán' },
      { date: '2027-02-08', name: 'Tết Nguyên đán' },
      { date: '2027-02-09', name: 'Tết Nguyên đán' },
      { date: '2027-02-10', name: 'Nghỉ bù Tết Nguyên đán' },
      { date: '2027-02-11', name: 'Nghỉ bù Tết Nguyên đán' },
      { date: '2027-04-16', name: 'Giỗ Tổ Hùng Vương' },
      { date: '2027-05-03', name: 'Nghỉ bù Ngày Quốc tế Lao động (1/5 là thứ Bảy)' },
      { date: '2027-09-03', name: 'Quốc khánh (ngày liền kề)' },
    ],
    makeUpWorkingDays: [],
    confirmed: false,
    source: 'estimate from the lunar calendar and the Labour Code; not an announcement',
  },
});
