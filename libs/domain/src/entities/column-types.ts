import type { ValueTransformer } from 'typeorm';

/** ASNs are `bigint` in SQL (32-bit ASNs exceed int4); every ASN fits a JS number exactly. */
export const asnTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => (value === null || value === undefined ? value : String(value)),
  from: (value: string | null) => (value === null ? null : Number(value)),
};

export const asnArrayTransformer: ValueTransformer = {
  to: (value: readonly number[] | undefined) => value?.map(String),
  from: (value: string[] | null) => (value ?? []).map(Number),
};

/** `inet`/`cidr` come back as text; host addresses lose their `/32` or `/128`. */
export const inetTransformer: ValueTransformer = {
  to: (value: string | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : value.replace(/\/(32|128)$/, '')),
};
