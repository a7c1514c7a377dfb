import { MAX_PAGE_SIZE, type Page } from '@ixora/domain';

export interface JsonOption {
  json?: boolean;
}

/** Every page of a paginated list, for commands that print all rows. */
export async function allPages<T>(fetch: (limit: number, offset: number) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
    const page = await fetch(MAX_PAGE_SIZE, offset);
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) return items;
  }
}

/** Repeatable option: `--mac A --mac B` (each may be a comma list). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').filter(Boolean)];
}
