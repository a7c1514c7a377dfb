import { z } from 'zod';
import { IxoraError } from '@ixora/errors';
import { IpAddress, IpPrefix, MAX_ASN } from '@ixora/net';

/**
 * The PeeringDB object types ixora mirrors, in dependency order: a type only refers to types
 * before it (net → org, netixlan → net/ixlan, ...), so a sync in this order never sees a child
 * before its parent.
 */
export const PEERINGDB_OBJECT_TYPES = [
  'org',
  'fac',
  'ix',
  'ixlan',
  'ixpfx',
  'net',
  'poc',
  'netixlan',
] as const;
export type PeeringDbObjectType = (typeof PEERINGDB_OBJECT_TYPES)[number];

export function isPeeringDbObjectType(value: unknown): value is PeeringDbObjectType {
  return typeof value === 'string' && (PEERINGDB_OBJECT_TYPES as readonly string[]).includes(value);
}

const id = z.number().int().positive();
const refId = z.number().int().positive();
/** PeeringDB writes "" for an unset text field, and older records sometimes null. */
const text = z.string();
const optionalText = z.string().nullable().optional();
const timestamp = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'expected an ISO 8601 timestamp');
const asn = z.number().int().min(1).max(MAX_ASN);
const count = z.number().int().min(0);
const ipv4 = z
  .string()
  .refine((v) => IpAddress.isValid(v) && !v.includes(':'), 'expected an IPv4 address')
  .nullable();
const ipv6 = z
  .string()
  .refine((v) => IpAddress.isValid(v) && v.includes(':'), 'expected an IPv6 address')
  .nullable();

/** Fields every PeeringDB object has. Unknown fields are kept (loose objects) and land in `data`. */
const base = {
  id,
  status: z.string().min(1),
  created: timestamp,
  updated: timestamp,
};

export const orgSchema = z.looseObject({
  ...base,
  name: text,
  aka: optionalText,
  name_long: optionalText,
  website: optionalText,
  city: optionalText,
  country: optionalText,
});

export const facSchema = z.looseObject({
  ...base,
  org_id: refId,
  name: text,
  city: optionalText,
  country: optionalText,
});

export const ixSchema = z.looseObject({
  ...base,
  org_id: refId,
  name: text,
  name_long: optionalText,
  city: optionalText,
  country: optionalText,
});

export const ixlanSchema = z.looseObject({
  ...base,
  ix_id: refId,
  name: optionalText,
  mtu: z.number().int().nullable().optional(),
  /** 0 when the IX has not filled it in (DE-CIX Frankfurt does so). */
  rs_asn: z.number().int().min(0).max(MAX_ASN).nullable().optional(),
});

export const ixpfxSchema = z.looseObject({
  ...base,
  ixlan_id: refId,
  protocol: z.enum(['IPv4', 'IPv6']),
  prefix: z.string().refine((v) => IpPrefix.isValid(v), 'expected an IP prefix'),
  in_dfz: z.boolean().optional(),
});

export const netSchema = z.looseObject({
  ...base,
  org_id: refId,
  asn,
  name: text,
  aka: optionalText,
  name_long: optionalText,
  website: optionalText,
  /** Space-separated AS-SET names, each optionally pinned to an IRR source (`RIPE::AS-EXAMPLE`). */
  irr_as_set: optionalText,
  info_type: optionalText,
  info_prefixes4: count.nullable().optional(),
  info_prefixes6: count.nullable().optional(),
  info_never_via_route_servers: z.boolean().optional(),
  policy_general: optionalText,
  policy_url: optionalText,
});

export const pocSchema = z.looseObject({
  ...base,
  net_id: refId,
  role: text,
  visible: text,
  name: optionalText,
  email: optionalText,
  phone: optionalText,
  url: optionalText,
});

export const netixlanSchema = z.looseObject({
  ...base,
  net_id: refId,
  ix_id: refId,
  ixlan_id: refId,
  asn,
  ipaddr4: ipv4,
  ipaddr6: ipv6,
  speed: count,
  is_rs_peer: z.boolean(),
  operational: z.boolean().optional(),
});

export const PEERINGDB_SCHEMAS = {
  org: orgSchema,
  fac: facSchema,
  ix: ixSchema,
  ixlan: ixlanSchema,
  ixpfx: ixpfxSchema,
  net: netSchema,
  poc: pocSchema,
  netixlan: netixlanSchema,
} as const;

export type PeeringDbOrg = z.infer<typeof orgSchema>;
export type PeeringDbFac = z.infer<typeof facSchema>;
export type PeeringDbIx = z.infer<typeof ixSchema>;
export type PeeringDbIxlan = z.infer<typeof ixlanSchema>;
export type PeeringDbIxpfx = z.infer<typeof ixpfxSchema>;
export type PeeringDbNet = z.infer<typeof netSchema>;
export type PeeringDbPoc = z.infer<typeof pocSchema>;
export type PeeringDbNetixlan = z.infer<typeof netixlanSchema>;

export interface PeeringDbObjects {
  org: PeeringDbOrg;
  fac: PeeringDbFac;
  ix: PeeringDbIx;
  ixlan: PeeringDbIxlan;
  ixpfx: PeeringDbIxpfx;
  net: PeeringDbNet;
  poc: PeeringDbPoc;
  netixlan: PeeringDbNetixlan;
}

const envelopeSchema = z.object({
  data: z.array(z.unknown()),
  meta: z.record(z.string(), z.unknown()).optional(),
});

/**
 * Validates one API answer at the boundary. An unexpected shape throws `validation_failed` naming
 * the object type, the object's id and the field, e.g. `peeringdb net 5: field info_prefixes4 ...`.
 */
export function parsePeeringDbEnvelope<T extends PeeringDbObjectType>(
  type: T,
  body: unknown,
): PeeringDbObjects[T][] {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) {
    throw new IxoraError(
      'validation_failed',
      `peeringdb ${type}: answer is not the API envelope {"data": [...], "meta": {}}`,
      { objectType: type, field: 'data' },
    );
  }
  return envelope.data.data.map((row) => parsePeeringDbObject(type, row));
}

export function parsePeeringDbObject<T extends PeeringDbObjectType>(
  type: T,
  row: unknown,
): PeeringDbObjects[T] {
  const schema = PEERINGDB_SCHEMAS[type] as unknown as z.ZodType<PeeringDbObjects[T]>;
  const result = schema.safeParse(row);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || '(object)';
  const record = typeof row === 'object' && row !== null ? (row as Record<string, unknown>) : {};
  const objectId = typeof record.id === 'number' ? ` ${record.id}` : '';
  const value = issue?.path.length ? record[String(issue.path[0])] : row;
  throw new IxoraError(
    'validation_failed',
    `peeringdb ${type}${objectId}: field ${field} ${issue?.message ?? 'is invalid'} (got ${describe(value)})`,
    { objectType: type, objectId: record.id, field, value },
  );
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
