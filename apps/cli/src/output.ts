/** Prints rows as an aligned table, or JSON with --json. */
export function printTable<T extends object>(
  items: readonly T[],
  columns: readonly (keyof T & string)[],
): void {
  const rows = items as unknown as readonly Record<string, unknown>[];
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '-';
    if (Array.isArray(v)) return v.map(cell).join(',');
    if (v instanceof Date) return v.toISOString();
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v.toString();
    return JSON.stringify(v) ?? '-';
  };
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log(line(columns.map((c) => c.toUpperCase())));
  for (const row of rows) console.log(line(columns.map((c) => cell(row[c]))));
}

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

export function print(json: boolean | undefined, value: unknown, text: () => void): void {
  if (json) printJson(value);
  else text();
}
