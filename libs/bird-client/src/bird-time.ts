const ISO_LONG =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(?:\s*(Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * Turns a BIRD time (`since`, status times) into a Date. BIRD prints them in its `timeformat`,
 * in the daemon's local time and normally without a zone: `iso long` ("2026-11-29 02:00:06"),
 * with milliseconds, or a custom strftime format with `%z`. A time without a zone is read with
 * `utcOffsetMinutes` (default 0: run BIRD with TZ=UTC, as the route servers do). BIRD's default
 * short format ("02:00:06.843", a time of today without a date) is ambiguous: undefined.
 */
export function parseBirdTime(text: string, utcOffsetMinutes = 0): Date | undefined {
  const match = ISO_LONG.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const milliseconds = fraction ? Math.round(Number(`0${fraction}`) * 1000) : 0;
  const utc = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    milliseconds,
  );
  let offsetMinutes = utcOffsetMinutes;
  if (zone === 'Z') offsetMinutes = 0;
  else if (zone !== undefined) {
    const digits = zone.replace(':', '');
    const sign = digits.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const date = new Date(utc - offsetMinutes * 60_000);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
