/**
 * @ixora/net — pure value objects for Internet numbers: ASNs, IPv4/IPv6 addresses and prefixes,
 * containment and bogon lists. Imports nothing but Node and @ixora/errors.
 *
 * Parsing conventions (all parsers): surrounding whitespace is trimmed, anything else malformed
 * throws `invalidValue(field, value, reason)`; `isValid` never throws.
 */
export { Asn, MAX_ASN } from './asn.js';
export { addressBits, IpAddress, maxAddressValue, type IpFamily } from './ip-address.js';
export {
  hostmask,
  IpPrefix,
  netmask,
  parseInterfaceAddress,
  type IpPrefixParseOptions,
} from './ip-prefix.js';
export {
  BOGON_ASN_RANGES,
  BOGON_PREFIX_ENTRIES_V4,
  BOGON_PREFIX_ENTRIES_V6,
  BOGON_PREFIXES_V4,
  BOGON_PREFIXES_V6,
  findBogonAsnRange,
  findBogonPrefix,
  GLOBAL_UNICAST_V6,
  isBogonAsn,
  isBogonPrefix,
  isInsideGlobalUnicastV6,
  type AsnRange,
  type BogonPrefix,
} from './bogons.js';
export {
  acceptedPrefixSet,
  aggregatePrefixes,
  formatPrefixRangeEntry,
  parsePrefixRangeEntry,
  PrefixAggregator,
  type AggregateOptions,
  type PrefixRangeEntry,
} from './aggregate.js';
export { formatV4Word, formatV6Groups, parseV4PrefixWords, parseV6PrefixWords } from './ip-text.codec.js';
export { parseAsSetList, parseAsSetName, type AsSetRef } from './as-set-name.parser.js';
export { ipv4InIpv6Reason } from './ipv4-in-ipv6.js';
export { agentUrlProblem, checkAgentUrl } from './agent-url.js';
