import { invalidValue } from '@ixora/errors';

export interface PageRequest {
  readonly limit: number;
  readonly offset: number;
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE: PageRequest = { limit: 100, offset: 0 };

export function pageRequest(limit: unknown = DEFAULT_PAGE.limit, offset: unknown = 0): PageRequest {
  const l = Number(limit);
  const o = Number(offset);
  if (!Number.isInteger(l) || l < 1 || l > MAX_PAGE_SIZE)
    throw invalidValue('limit', limit, `must be 1..${MAX_PAGE_SIZE}`);
  if (!Number.isInteger(o) || o < 0) throw invalidValue('offset', offset, 'must be a whole number ≥ 0');
  return { limit: l, offset: o };
}
