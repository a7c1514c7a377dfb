import { invalidValue } from '@ixora/errors';
import { Asn, IpAddress, IpPrefix, type IpFamily } from '@ixora/net';

/** Edge validation shared by the CLI and the API: each helper names the field it checks. */
export function parseAsn(value: unknown, field = 'asn'): number {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') {
    throw invalidValue(field, value, 'is not an ASN');
  }
  return Asn.parse(value, field).value;
}

export function parseAddressOfFamily(value: unknown, family: IpFamily, field: string): string {
  if (typeof value !== 'string') throw invalidValue(field, value, `is not an IPv${family} address`);
  const address = IpAddress.parse(value, field);
  if (address.family !== family) throw invalidValue(field, value, `is not an IPv${family} address`);
  return address.toString();
}

export function optionalAddress(value: unknown, family: IpFamily, field: string): string | null {
  return value === undefined || value === null || value === ''
    ? null
    : parseAddressOfFamily(value, family, field);
}

export function parsePrefixOfFamily(value: unknown, family: IpFamily, field: string): string {
  if (typeof value !== 'string') throw invalidValue(field, value, `is not an IPv${family} prefix`);
  const prefix = IpPrefix.parse(value, { field });
  if (prefix.family !== family) throw invalidValue(field, value, `is not an IPv${family} prefix`);
  return prefix.toString();
}

export function optionalPrefix(value: unknown, family: IpFamily, field: string): string | null {
  return value === undefined || value === null || value === ''
    ? null
    : parsePrefixOfFamily(value, family, field);
}

export function requireAddressInside(address: string | null, prefix: string | null, field: string): void {
  if (address === null) return;
  if (prefix === null)
    throw invalidValue(field, address, 'cannot be used: the peering LAN has no prefix of that family');
  if (!IpPrefix.parse(prefix).contains(IpAddress.parse(address))) {
    throw invalidValue(field, address, `is not inside the peering LAN prefix ${prefix}`);
  }
}

export function optionalPositiveInt(value: unknown, field: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw invalidValue(field, value, 'must be a whole number ≥ 1');
  return n;
}

const MAC = /^[0-9a-f]{2}([:-]?)[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i;

export function parseMacAddresses(values: unknown, field = 'macAddresses'): string[] {
  if (values === undefined || values === null) return [];
  if (!Array.isArray(values)) throw invalidValue(field, values, 'must be a list of MAC addresses');
  return values.map((v, i) => {
    if (typeof v !== 'string' || !MAC.test(v))
      throw invalidValue(`${field}[${i}]`, v, 'is not a MAC address');
    const hex = v.replace(/[:-]/g, '').toLowerCase();
    return hex.match(/../g)!.join(':');
  });
}

/**
 * RPSL set names as members give them (PeeringDB `irr_as_set` style): several separated by space
 * or comma, each optionally source-pinned `SOURCE::AS-NAME`, hierarchical names allowed
 * (`AS64500:AS-CUSTOMERS`). An ASN alone is accepted too. Validated here so no bad name reaches a
 * query or a config.
 */
const SET_COMPONENT = /^(AS-[A-Z0-9_-]*[A-Z0-9]|AS\d+)$/i;
const SOURCE = /^[A-Z][A-Z0-9-]{0,31}$/i;

export function parseAsSetList(value: unknown, field = 'asSets'): string[] {
  if (value === undefined || value === null) return [];
  const parts: unknown[] = Array.isArray(value)
    ? (value as unknown[]).flatMap((v) => (typeof v === 'string' ? v.split(/[\s,]+/) : [v]))
    : typeof value === 'string'
      ? value.split(/[\s,]+/)
      : [value];
  const names: string[] = [];
  for (const raw of parts) {
    if (raw === '') continue;
    if (typeof raw !== 'string') throw invalidValue(field, raw, 'is not an AS-SET name');
    const [source, name] = raw.includes('::') ? raw.split('::', 2) : [undefined, raw];
    const components = (name ?? '').split(':');
    const ok =
      (source === undefined || SOURCE.test(source)) &&
      raw.length <= 128 &&
      components.length > 0 &&
      components.every((c) => SET_COMPONENT.test(c)) &&
      (components.length === 1 || components.some((c) => /^AS-/i.test(c)));
    if (!ok)
      throw invalidValue(
        field,
        raw,
        'is not a valid RPSL as-set name (e.g. AS-EXAMPLE, RIPE::AS-EXAMPLE, AS64500:AS-CUSTOMERS)',
      );
    const normalised = `${source ? `${source.toUpperCase()}::` : ''}${components.map((c) => c.toUpperCase()).join(':')}`;
    if (!names.includes(normalised)) names.push(normalised);
  }
  return names;
}
