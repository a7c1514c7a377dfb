import { formatValue, IxoraError } from '@ixora/errors';
import { addressBits, Asn, IpPrefix } from '@ixora/net';
import { z } from 'zod';
import type { Vrp } from './vrp.js';

export type VrpDocumentFormat = 'rpki-client' | 'routinator-jsonext' | 'ripe-validator';

export interface RejectedVrp {
  /** Position of the entry in the document's `roas` array. */
  readonly index: number;
  readonly field: string;
  readonly value: unknown;
  readonly reason: string;
}

export interface VrpDocument {
  readonly format: VrpDocumentFormat;
  /** Accepted VRPs in document order, exact duplicates (same prefix, max length, ASN, trust anchor) removed. */
  readonly vrps: Vrp[];
  readonly rejected: RejectedVrp[];
  /** How many entries were dropped as exact duplicates of an earlier one. */
  readonly duplicates: number;
  /** When the validator produced the document, if it says. */
  readonly generatedAt?: Date;
}

export interface ParseVrpDocumentOptions {
  /**
   * When given, entries whose validity ended before this time are rejected (rpki-client `expires`,
   * Routinator jsonext `source[].chainValidity.notAfter`): a validator that stopped refreshing must
   * not keep routes valid. Left out, expiry is not checked, so parsing stays a pure function of
   * the text.
   */
  readonly now?: Date;
}

const EXPECTED =
  'expected rpki-client JSON output (-j), Routinator json/jsonext, or a RIPE NCC validator export ({"roas":[...]})';

// Envelopes, told apart by their metadata: rpki-client writes `buildtime`, Routinator `generated`
// (its json and jsonext formats share the envelope), the RIPE NCC validator export has none.
const envelopeSchema = z.object({
  metadata: z
    .object({
      buildtime: z.string().optional(),
      generated: z.number().optional(),
      generatedTime: z.string().optional(),
    })
    .optional(),
  roas: z.array(z.unknown()),
});

const integer = z.number().int();
const dateText = z.string().optional();

// One schema for the entries of all three formats: they differ only in how the ASN is written
// (rpki-client: number; Routinator and RIPE: "AS64496") and where the trust anchor is
// (`ta`, or `source[].tal` in Routinator jsonext).
const entrySchema = z.object({
  asn: z.union([integer, z.string()]),
  prefix: z.string(),
  maxLength: integer,
  ta: z.string().optional(),
  expires: integer.optional(),
  source: z
    .array(
      z.object({
        tal: z.string().optional(),
        chainValidity: z.object({ notAfter: dateText }).optional(),
        validity: z.object({ notAfter: dateText }).optional(),
      }),
    )
    .optional(),
});

type Entry = z.infer<typeof entrySchema>;

/**
 * Parses a VRP document from an RPKI validator. The format is detected from the document; a
 * document that is none of them throws an IxoraError saying what was expected. Entries that fail
 * validation do not fail the document: they are listed in `rejected` with the field, value and
 * reason, and the caller decides (see `decideSnapshotReplacement`). Linear in the number of entries.
 */
export function parseVrpDocument(
  text: string,
  source: string,
  options: ParseVrpDocumentOptions = {},
): VrpDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // JSON.parse's message quotes the text; the document's content is never echoed (it may be any file).
    throw notAVrpDocument(source, 'it is not JSON');
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    const where = issue && issue.path.length > 0 ? `"${issue.path.join('.')}"` : 'the document';
    throw notAVrpDocument(source, `${where}: ${issue?.message ?? 'unexpected shape'}`);
  }
  const { metadata, roas } = envelope.data;
  const format: VrpDocumentFormat =
    metadata?.buildtime !== undefined
      ? 'rpki-client'
      : metadata?.generated !== undefined || metadata?.generatedTime !== undefined
        ? 'routinator-jsonext'
        : 'ripe-validator';

  const nowMs = options.now?.getTime();
  const vrps: Vrp[] = [];
  const rejected: RejectedVrp[] = [];
  const seen = new Set<string>();
  let duplicates = 0;

  for (const [index, raw] of roas.entries()) {
    const entry = entrySchema.safeParse(raw);
    if (!entry.success) {
      const issue = entry.error.issues[0];
      const path = issue?.path ?? [];
      rejected.push({
        index,
        field: path.length > 0 ? path.join('.') : 'roas[]',
        value: valueAt(raw, path),
        reason: issue?.message ?? 'is not a VRP entry',
      });
      continue;
    }
    const result = toVrp(entry.data, nowMs);
    if ('reason' in result) {
      rejected.push({ index, ...result });
      continue;
    }
    const key = `${result.prefix.toString()}|${result.maxLength}|${result.asn}|${result.trustAnchor}`;
    if (seen.has(key)) {
      duplicates += 1;
      continue;
    }
    seen.add(key);
    vrps.push(result);
  }

  const generatedAt = readGeneratedAt(metadata);
  return { format, vrps, rejected, duplicates, ...(generatedAt ? { generatedAt } : {}) };
}

function toVrp(
  entry: Entry,
  nowMs: number | undefined,
): Vrp | { field: string; value: unknown; reason: string } {
  const asn = parseVrpAsn(entry.asn);
  if (asn === undefined) return { field: 'asn', value: entry.asn, reason: 'is not an ASN in 0..4294967295' };

  let prefix: IpPrefix;
  try {
    prefix = IpPrefix.parse(entry.prefix);
  } catch (error) {
    return { field: 'prefix', value: entry.prefix, reason: reasonOf(error, entry.prefix) };
  }

  const maxBits = addressBits(prefix.family);
  if (entry.maxLength < prefix.length || entry.maxLength > maxBits) {
    return {
      field: 'maxLength',
      value: entry.maxLength,
      reason: `must be between the prefix length ${prefix.length} and ${maxBits} (RFC 6482)`,
    };
  }

  const trustAnchor = entry.ta ?? distinctTals(entry.source);
  if (!trustAnchor)
    return { field: 'ta', value: entry.ta, reason: 'is missing (no "ta" and no "source[].tal")' };

  if (nowMs !== undefined) {
    const expiry = expiryOf(entry);
    if (expiry !== undefined && expiry.at.getTime() < nowMs) {
      return { field: expiry.field, value: expiry.value, reason: `expired at ${expiry.at.toISOString()}` };
    }
  }

  return { prefix, maxLength: entry.maxLength, asn, trustAnchor };
}

/** VRP ASNs include AS0 (RFC 6483 §4), which `Asn` rejects as a route's ASN. */
function parseVrpAsn(input: number | string): number | undefined {
  if (input === 0 || (typeof input === 'string' && /^\s*(as)?0\s*$/i.test(input))) return 0;
  return Asn.isValid(input) ? Asn.parse(input).value : undefined;
}

function distinctTals(sources: Entry['source']): string | undefined {
  const tals = [
    ...new Set((sources ?? []).map((source) => source.tal).filter((tal): tal is string => !!tal)),
  ];
  return tals.length > 0 ? tals.sort().join(',') : undefined;
}

interface Expiry {
  readonly at: Date;
  readonly field: string;
  readonly value: unknown;
}

/**
 * rpki-client gives `expires` in seconds since the epoch. A Routinator entry stays valid while any
 * of its sources is, so the latest `chainValidity.notAfter` (else `validity.notAfter`) counts; a
 * source without dates leaves the entry's expiry unknown, and unknown is never treated as expired.
 */
function expiryOf(entry: Entry): Expiry | undefined {
  if (entry.expires !== undefined) {
    return { at: new Date(entry.expires * 1000), field: 'expires', value: entry.expires };
  }
  let latest: Expiry | undefined;
  for (const source of entry.source ?? []) {
    const text = source.chainValidity?.notAfter ?? source.validity?.notAfter;
    const at = text === undefined ? undefined : new Date(text);
    if (at === undefined || Number.isNaN(at.getTime())) return undefined;
    if (!latest || at.getTime() > latest.at.getTime())
      latest = { at, field: 'source.chainValidity.notAfter', value: text };
  }
  return latest;
}

function readGeneratedAt(metadata: z.infer<typeof envelopeSchema>['metadata']): Date | undefined {
  const candidates = [
    metadata?.buildtime !== undefined ? new Date(metadata.buildtime) : undefined,
    metadata?.generatedTime !== undefined ? new Date(metadata.generatedTime) : undefined,
    metadata?.generated !== undefined ? new Date(metadata.generated * 1000) : undefined,
  ];
  return candidates.find((date) => date !== undefined && !Number.isNaN(date.getTime()));
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The reason part of the parser's message (`prefix: "x" has host bits set` → `has host bits set`). */
function reasonOf(error: unknown, value: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const lead = `prefix: ${formatValue(value)} `;
  return message.startsWith(lead) ? message.slice(lead.length) : message;
}

function notAVrpDocument(source: string, reason: string): IxoraError {
  return new IxoraError('invalid_value', `${source} is not a VRP document: ${reason}; ${EXPECTED}`, {
    field: 'source',
    value: source,
  });
}
