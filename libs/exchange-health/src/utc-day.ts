/** The UTC calendar day of `at`, `YYYY-MM-DD`: the key of the daily summary. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The UTC day `days` before `day` (`YYYY-MM-DD`). */
export function utcDayBefore(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00.000Z`);
  return utcDay(new Date(at.getTime() - days * 86_400_000));
}
