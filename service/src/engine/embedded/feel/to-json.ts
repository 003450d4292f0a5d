import { FeelDate, FeelDateTime, FeelDuration, FeelTime, isFunction, isRange } from 'feelin';

/**
 * Converts a feelin result into a JSON value the way Zeebe stores FEEL results. Zeebe's
 * FeelToMessagePackTransformer writes temporal values with Java's `toString`. So a date-time
 * drops zero seconds (`2026-12-04T08:00+07:00`), and a days-and-time duration counts hours
 * (`PT36H`, and `PT24H` for one day). A years-and-months duration reads `P1Y2M`. Ranges and
 * functions have no JSON form and become null, as Zeebe writes them.
 */
// NOTE: the Java `toString` forms were checked against the transformer of an older Zeebe
// release; 8.8 was not run side by side.
export function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof FeelDate) return value.iso;
  if (value instanceof FeelDateTime) return formatDateTime(value);
  if (value instanceof FeelTime) return formatTime(value);
  if (value instanceof FeelDuration) return formatDuration(value);
  if (isRange(value) || isFunction(value) || typeof value === 'function') return null;
  if (Array.isArray(value)) return value.map((item) => toJsonValue(item));
  if (typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) result[key] = toJsonValue(entry);
    return result;
  }
  return null;
}

interface WallClock {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  microsecond: number;
  nanosecond: number;
}

/** Java `LocalTime.toString`: seconds only when not zero, fractions in groups of three digits. */
function formatWallClock(time: WallClock): string {
  const hhmm = `${pad(time.hour)}:${pad(time.minute)}`;
  const nanos = time.millisecond * 1_000_000 + time.microsecond * 1000 + time.nanosecond;
  if (time.second === 0 && nanos === 0) return hhmm;
  return `${hhmm}:${pad(time.second)}${formatFraction(nanos)}`;
}

function formatFraction(nanos: number): string {
  if (nanos === 0) return '';
  const digits = String(nanos).padStart(9, '0');
  if (nanos % 1_000_000 === 0) return `.${digits.slice(0, 3)}`;
  if (nanos % 1000 === 0) return `.${digits.slice(0, 6)}`;
  return `.${digits}`;
}

/** Java `ZonedDateTime.toString`: local date-time, offset (`Z` for UTC), then `[region]` if any. */
function formatDateTime(value: FeelDateTime): string {
  const local = value.unwrap();
  const text = `${local.toPlainDate().toString()}T${formatWallClock(local)}`;
  if (value.zone === null) return text;
  const zoned = local.toZonedDateTime(value.zone);
  const offset = zoned.offset === '+00:00' ? 'Z' : zoned.offset;
  const isOffsetZone = /^[+-]\d{2}:\d{2}/.test(value.zone) || value.zone === 'UTC';
  return isOffsetZone ? `${text}${offset}` : `${text}${offset}[${value.zone}]`;
}

function formatTime(value: FeelTime): string {
  const text = formatWallClock(value.unwrap());
  if (value.zone === null) return text;
  if (value.zone === 'UTC') return `${text}Z`;
  return /^[+-]/.test(value.zone) ? `${text}${value.zone}` : `${text}@${value.zone}`;
}

/** Java `Period.toString` for years and months, `Duration.toString` for days and time. */
function formatDuration(value: FeelDuration): string {
  const duration = value.unwrap();
  if (value.yearsMonths) {
    const totalMonths = duration.years * 12 + duration.months;
    if (totalMonths === 0) return 'P0D';
    const years = Math.trunc(totalMonths / 12);
    const months = totalMonths % 12;
    return `P${years !== 0 ? `${years}Y` : ''}${months !== 0 ? `${months}M` : ''}`;
  }
  const totalNanos =
    BigInt(duration.days) * 86_400_000_000_000n +
    BigInt(duration.hours) * 3_600_000_000_000n +
    BigInt(duration.minutes) * 60_000_000_000n +
    BigInt(duration.seconds) * 1_000_000_000n +
    BigInt(duration.milliseconds) * 1_000_000n +
    BigInt(duration.microseconds) * 1000n +
    BigInt(duration.nanoseconds);
  return formatDayTimeNanos(totalNanos);
}

function formatDayTimeNanos(totalNanos: bigint): string {
  if (totalNanos === 0n) return 'PT0S';
  const sign = totalNanos < 0n ? '-' : '';
  const absolute = totalNanos < 0n ? -totalNanos : totalNanos;
  const hours = absolute / 3_600_000_000_000n;
  const minutes = (absolute % 3_600_000_000_000n) / 60_000_000_000n;
  const seconds = (absolute % 60_000_000_000n) / 1_000_000_000n;
  const nanos = Number(absolute % 1_000_000_000n);
  let text = 'PT';
  if (hours !== 0n) text += `${sign}${hours}H`;
  if (minutes !== 0n) text += `${sign}${minutes}M`;
  if (seconds !== 0n || nanos !== 0) {
    const fraction = nanos === 0 ? '' : `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`;
    text += `${sign}${seconds}${fraction}S`;
  }
  return text;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
