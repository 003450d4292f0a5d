export { toVietnamIso, VIETNAM_UTC_OFFSET_MINUTES } from './local-time.js';
export {
  DeadlinePolicy,
  STEP_KINDS,
  type Deadline,
  type DeadlinePolicyOptions,
  type DeadlineRequest,
  type ReminderRule,
  type StepAllowance,
  type StepKind,
} from './deadline-policy.js';
export {
  FIXED_SOLAR_HOLIDAYS,
  VIETNAM_HOLIDAY_YEARS,
  type CalendarDay,
  type HolidayYear,
} from './vietnam-holidays.js';
export {
  WorkingCalendar,
  type OfficeHoursInterval,
  type WorkingCalendarOptions,
} from './working-calendar.js';
export {
  buildDeadlineSettings,
  loadDeadlineSettings,
  type DeadlineSettings,
  type DeadlinesFile,
  type EscalationSettings,
  type FixedStepTiming,
} from './deadline-settings.js';
