import { z } from 'zod';
import { MAX_PAGE_SIZE, type Page, type PageRequest } from '@ixora/domain';

/** `?limit=&offset=` of every list; the answer is `{ items, total, limit, offset }`. */
export const pageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(100)
    .describe(`page size, 1..${MAX_PAGE_SIZE}`),
  offset: z.coerce.number().int().min(0).default(0).describe('items to skip'),
});

export function pageResponse<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().describe('items matching, over all pages'),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}

export function mapPage<T, R>(page: Page<T>, map: (item: T) => R): Page<R> {
  return { items: page.items.map(map), total: page.total, limit: page.limit, offset: page.offset };
}

/** Pages a short list the domain returns whole (Ixps, LANs, route servers, users). */
export function pageOf<T>(items: readonly T[], page: PageRequest): Page<T> {
  return { items: items.slice(page.offset, page.offset + page.limit), total: items.length, ...page };
}

export type PageQuery = z.output<typeof pageQuery>;
