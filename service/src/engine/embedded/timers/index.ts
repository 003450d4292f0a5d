export {
  addIsoDuration,
  InvalidTimerError,
  parseIsoDateTime,
  parseIsoDuration,
  type IsoDuration,
} from './iso.js';
export {
  nextFiring,
  parseTimerCycle,
  planTimer,
  type TimerCycle,
  type TimerPlan,
  type TimerRepeat,
  type TimerType,
} from './plan.js';
