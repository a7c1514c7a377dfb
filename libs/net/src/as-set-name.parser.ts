import { invalidValue } from '@ixora/errors';
import { Asn } from './asn.js';

/** One entry of a member's IRR input: an AS-SET (optionally pinned to one source) or an ASN. */
export type AsSetRef =
  | {
      readonly kind: 'as-set';
      readonly name: string;
      readonly source: string | undefined;
      readonly text: string;
    }
  | { readonly kind: 'asn'; readonly asn: number; readonly text: string };

/** RFC 2622 §2: object names are letters, digits, "_" and "-", start with a letter, end with a letter or digit. */
const SET_COMPONENT = /^AS-[A-Z0-9_-]*[A-Z0-9]$/;
const ASN_COMPONENT = /^AS(\d+)$/;
/** IRR source names as IRRd lists them (RIPE, RADB, ARIN-NONAUTH, ...). */
const SOURCE = /^[A-Z][A-Z0-9_-]*$/;
const MAX_NAME_LENGTH = 200;

/**
 * Parses the AS-SET list of a member as PeeringDB's `irr_as_set` and operators write it: names
 * separated by spaces and/or commas, each an RPSL as-set name (RFC 2622 §5.1), hierarchical
 * names included (`AS64500:AS-CUSTOMERS`, RFC 2622 §5: colon-separated components, at least one
 * a set name), optionally pinned to a source as `SOURCE::NAME` (`RIPE::AS-EXAMPLE`). A plain ASN
 * (`AS64500`) is accepted too, because registries hold such values. Names are case-insensitive
 * and returned upper-case; duplicates are dropped. Anything else throws before any query is sent,
 * naming the offending item: these names end up in IRR queries and in route-server configs.
 */
export function parseAsSetList(text: string, field = 'asSets'): AsSetRef[] {
  if (typeof text !== 'string') throw invalidValue(field, text, 'is not a list of AS-SET names');
  const refs: AsSetRef[] = [];
  const seen = new Set<string>();
  for (const item of text.split(/[\s,]+/)) {
    if (item === '') continue;
    const ref = parseAsSetName(item, field);
    if (seen.has(ref.text)) continue;
    seen.add(ref.text);
    refs.push(ref);
  }
  return refs;
}

/** One name of {@link parseAsSetList}. */
export function parseAsSetName(input: string, field = 'asSet'): AsSetRef {
  const item = input.trim().toUpperCase();
  if (item.length === 0) throw invalidValue(field, input, 'is empty');
  if (item.length > MAX_NAME_LENGTH)
    throw invalidValue(field, input, `is longer than ${MAX_NAME_LENGTH} characters`);
  if (/[^A-Z0-9_:-]/.test(item)) {
    const hint = item.includes('@') ? ' (write a source as "SOURCE::AS-NAME", e.g. "RIPE::AS-EXAMPLE")' : '';
    throw invalidValue(
      field,
      input,
      `is not an RPSL as-set name: only letters, digits, "-", "_" and ":" are allowed${hint}`,
    );
  }
  let source: string | undefined;
  let name = item;
  const pin = item.indexOf('::');
  if (pin >= 0) {
    source = item.slice(0, pin);
    name = item.slice(pin + 2);
    if (!SOURCE.test(source)) throw invalidValue(field, input, `has an invalid IRR source "${source}"`);
  }
  const components = name.split(':');
  if (components.length === 1) {
    const asn = ASN_COMPONENT.exec(name);
    if (asn) {
      if (source !== undefined)
        throw invalidValue(field, input, 'pins a source to an ASN; only AS-SETs take a source');
      return { kind: 'asn', asn: Asn.parse(name, field).value, text: `AS${Asn.parse(name, field).value}` };
    }
  }
  let hasSetName = false;
  for (const component of components) {
    if (SET_COMPONENT.test(component)) {
      hasSetName = true;
      continue;
    }
    const asn = ASN_COMPONENT.exec(component);
    if (asn && Asn.isValid(component) && !component.startsWith('AS0')) continue;
    throw invalidValue(
      field,
      input,
      `is not an RPSL as-set name: "${component}" is neither "AS-" followed by letters, digits, "-" or "_" nor an ASN`,
    );
  }
  if (!hasSetName)
    throw invalidValue(field, input, 'is not an RPSL as-set name: no component starts with "AS-"');
  return { kind: 'as-set', name, source, text: source === undefined ? name : `${source}::${name}` };
}
