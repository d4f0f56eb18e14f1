// RFC 3339 dates and times, and ISO 8601 durations, as ajv-formats' "full" mode checks them.

const DATE = /^(\d{4})-(\d\d)-(\d\d)$/;
// hh:mm:ss[.frac] then an optional zone: Z, ±hh, ±hhmm or ±hh:mm.
const TIME = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$/i;
const DURATION =
  /^P(?!$)(?:(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?|(?:\d+W)?)$/;

/** `date`: YYYY-MM-DD naming a real calendar day (leap years included). */
export function date(str: string): boolean {
  const m = DATE.exec(str);
  if (!m) return false;
  const year = +m[1]!;
  const month = +m[2]!;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days =
    month === 2
      ? leap
        ? 29
        : 28
      : month === 4 || month === 6 || month === 9 || month === 11
        ? 30
        : 31;
  return month >= 1 && month <= 12 && +m[3]! >= 1 && +m[3]! <= days;
}

function checkTime(str: string, zoneRequired: boolean): boolean {
  const m = TIME.exec(str);
  if (!m) return false;
  const [hour, minute, second, zoneHour, zoneMinute] = [m[1], m[2], m[3], m[6], m[7]].map(
    Number,
  ) as number[];
  const zh = zoneHour || 0;
  const zm = zoneMinute || 0;
  if (zh > 23 || zm > 59 || (zoneRequired && !m[4])) return false;
  if (hour! <= 23 && minute! <= 59 && second! < 60) return true;
  // Second 60 is a leap second, which RFC 3339 allows only at 23:59 UTC.
  const sign = m[5] === '-' ? -1 : 1;
  const utcMinute = minute! - zm * sign;
  const utcHour = hour! - zh * sign - (utcMinute < 0 ? 1 : 0);
  return (
    (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second! < 61
  );
}

/** `time`: hh:mm:ss[.frac] with a required zone (Z or an offset). */
export const time = (str: string): boolean => checkTime(str, true);

/** `iso-time`: like `time`, but the zone may be left out. */
export const isoTime = (str: string): boolean => checkTime(str, false);

function checkDateTime(str: string, zoneRequired: boolean): boolean {
  // The date and time are joined by T, t or any whitespace.
  const parts = str.split(/t|\s/i);
  return parts.length === 2 && date(parts[0]!) && checkTime(parts[1]!, zoneRequired);
}

/** `date-time`: a `date`, `T` (or a space), and a `time` with a zone. */
export const dateTime = (str: string): boolean => checkDateTime(str, true);

/** `iso-date-time`: like `date-time`, but the zone may be left out. */
export const isoDateTime = (str: string): boolean => checkDateTime(str, false);

/** `duration`: ISO 8601 `P…` such as `P1Y2M`, `PT30M` or `P2W` (weeks stand alone). */
export const duration = (str: string): boolean => DURATION.test(str);
