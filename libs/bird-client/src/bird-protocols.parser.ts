import { BirdError } from './bird.errors.js';
import type { BirdReplyLine } from './bird-reply.reader.js';
import type {
  BirdBgpDetail,
  BirdChannel,
  BirdLimit,
  BirdProtocol,
  BirdProtocolDetail,
  BirdRouteChangeCounts,
  BirdTimer,
} from './bird.types.js';

/** BIRD reply codes of `show protocols [all]`. */
const PROTOCOL_ROW = 1002;
const PROTOCOL_DETAIL = 1006;

const ROW = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.*)$/;

/**
 * One `show protocols` row. Columns are space-padded and "Since" may itself hold a space (the
 * `iso long` format), but BIRD always puts two spaces after "Since" and pads the BGP state in
 * "Info" to 14 characters, so runs of two or more spaces separate since, info and its detail.
 */
export function parseProtocolRow(text: string): BirdProtocol {
  const match = ROW.exec(text);
  if (!match) throw new BirdError('protocol', `unexpected "show protocols" row: ${JSON.stringify(text)}`);
  const [, name, proto, table, state, rest] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const [since = '', info = '', ...detail] = rest.trim().split(/\s{2,}/);
  const infoDetail = detail.join('  ');
  return {
    name,
    proto,
    ...(table !== '---' && { table }),
    state,
    since,
    info,
    ...(infoDetail !== '' && { infoDetail }),
  };
}

/** `show protocols`: the table rows. */
export function parseProtocols(lines: readonly BirdReplyLine[]): BirdProtocol[] {
  return lines.filter((line) => line.code === PROTOCOL_ROW).map((line) => parseProtocolRow(line.text));
}

interface MutableChannel {
  name: string;
  attributes: Record<string, string>;
  limits: Record<string, BirdLimit>;
  stats: Record<string, BirdRouteChangeCounts>;
}

interface ProtocolBlock {
  row: BirdProtocol;
  attributes: Record<string, string>;
  localCapabilities: string[];
  neighborCapabilities: string[];
  channels: MutableChannel[];
}

type Nested =
  | { kind: 'capabilities'; indent: number; into: string[] }
  | { kind: 'stats'; indent: number; channel: MutableChannel }
  | { kind: 'limit'; indent: number; channel: MutableChannel; key: string };

const STATS_COLUMNS = ['received', 'rejected', 'filtered', 'ignored', 'accepted'] as const;
const KEY_VALUE = /^([^:]+):\s*(.*)$/;

/** `show protocols all [NAME]`: every protocol with its details and channels. */
export function parseProtocolDetails(lines: readonly BirdReplyLine[]): BirdProtocolDetail[] {
  const blocks: ProtocolBlock[] = [];
  let block: ProtocolBlock | undefined;
  let channel: MutableChannel | undefined;
  let nested: Nested | undefined;
  for (const line of lines) {
    if (line.code === PROTOCOL_ROW) {
      block = {
        row: parseProtocolRow(line.text),
        attributes: {},
        localCapabilities: [],
        neighborCapabilities: [],
        channels: [],
      };
      blocks.push(block);
      channel = undefined;
      nested = undefined;
      continue;
    }
    if (line.code !== PROTOCOL_DETAIL || !block) continue;
    const body = line.text.trim();
    if (body === '') continue;
    const indent = line.text.length - line.text.trimStart().length;
    if (nested && indent > nested.indent) {
      readNested(nested, body);
      continue;
    }
    nested = undefined;
    const channelMatch = /^Channel (\S+)$/.exec(body);
    if (channelMatch) {
      channel = { name: channelMatch[1] as string, attributes: {}, limits: {}, stats: {} };
      block.channels.push(channel);
      continue;
    }
    if (body === 'Local capabilities')
      nested = { kind: 'capabilities', indent, into: block.localCapabilities };
    else if (body === 'Neighbor capabilities')
      nested = { kind: 'capabilities', indent, into: block.neighborCapabilities };
    else if (body.startsWith('Route change stats:') && channel) nested = { kind: 'stats', indent, channel };
    else {
      const pair = KEY_VALUE.exec(body);
      if (!pair) continue;
      const key = pair[1] as string;
      const value = pair[2] as string;
      (channel ? channel.attributes : block.attributes)[key] = value;
      if (channel && / limit$/.test(key)) {
        // "Receive limit:  100" or, once the limit was reached, "Receive limit:  100 [HIT]".
        const limit = /^(\d+)(\s+\[HIT\])?/.exec(value);
        if (limit) channel.limits[key] = { limit: Number(limit[1]), isHit: limit[2] !== undefined };
        nested = { kind: 'limit', indent, channel, key };
      }
    }
  }
  return blocks.map(toDetail);
}

function readNested(nested: Nested, body: string): void {
  if (nested.kind === 'capabilities') {
    nested.into.push(body);
    return;
  }
  const pair = KEY_VALUE.exec(body);
  if (!pair) return;
  if (nested.kind === 'limit') {
    const limit = nested.channel.limits[nested.key];
    if (limit && pair[1] === 'Action') nested.channel.limits[nested.key] = { ...limit, action: pair[2] };
    return;
  }
  const counts: Record<string, number> = {};
  (pair[2] as string).split(/\s+/).forEach((cell, index) => {
    const column = STATS_COLUMNS[index];
    if (column && /^\d+$/.test(cell)) counts[column] = Number(cell);
  });
  nested.channel.stats[pair[1] as string] = counts;
}

function toDetail(block: ProtocolBlock): BirdProtocolDetail {
  const { row, attributes } = block;
  const description = attributes['Description'];
  const bgp = row.proto === 'BGP' ? toBgp(block) : undefined;
  return {
    ...row,
    ...(description !== undefined && { description }),
    ...(bgp && { bgp }),
    channels: block.channels.map(toChannel),
    attributes,
  };
}

function toBgp(block: ProtocolBlock): BirdBgpDetail {
  const a = block.attributes;
  const session = a['Session'];
  return {
    state: a['BGP state'] ?? block.row.info,
    ...optional('neighborAddress', a['Neighbor address']),
    ...optional('neighborPort', toNumber(a['Neighbor port'])),
    ...optional('neighborAs', toNumber(a['Neighbor AS'])),
    ...optional('localAs', toNumber(a['Local AS'])),
    ...optional('neighborId', a['Neighbor ID']),
    session: session ? session.split(/\s+/) : [],
    ...optional('sourceAddress', a['Source address']),
    ...optional('holdTimer', toTimer(a['Hold timer'])),
    ...optional('keepaliveTimer', toTimer(a['Keepalive timer'])),
    ...optional('connectDelay', toTimer(a['Connect delay'])),
    ...optional('lastError', a['Last error']),
    localCapabilities: block.localCapabilities,
    neighborCapabilities: block.neighborCapabilities,
  };
}

function toChannel(channel: MutableChannel): BirdChannel {
  const a = channel.attributes;
  const routes = toRoutes(a['Routes']);
  const { stats, limits } = channel;
  return {
    name: channel.name,
    ...optional('state', a['State']),
    ...optional('table', a['Table']),
    ...optional('preference', toNumber(a['Preference'])),
    ...optional('inputFilter', a['Input filter']),
    ...optional('outputFilter', a['Output filter']),
    ...optional('importLimit', limits['Import limit']),
    ...optional('receiveLimit', limits['Receive limit']),
    ...optional('exportLimit', limits['Export limit']),
    ...optional('routes', routes),
    ...optional('importUpdates', stats['Import updates']),
    ...optional('importWithdraws', stats['Import withdraws']),
    ...optional('exportUpdates', stats['Export updates']),
    ...optional('exportWithdraws', stats['Export withdraws']),
    ...optional('bgpNextHop', a['BGP Next hop']),
    attributes: a,
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function toNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+(\.\d+)?$/.test(text.trim())) return undefined;
  return Number(text);
}

/** "69.976/90" (running: seconds left / configured), "---/90" or "0/0" when not running. */
function toTimer(text: string | undefined): BirdTimer | undefined {
  const match = text === undefined ? null : /^(\S+)\/(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const remainingS = toNumber(match[1]);
  return { ...(remainingS !== undefined && { remainingS }), configuredS: Number(match[2]) };
}

/** "5 imported, 2 filtered, 1 exported, 5 preferred" ("filtered" only with `import keep filtered`). */
function toRoutes(text: string | undefined): BirdChannel['routes'] {
  if (text === undefined) return undefined;
  const counts: Record<string, number> = {};
  for (const part of text.split(',')) {
    const match = /^\s*(\d+)\s+(\w+)\s*$/.exec(part);
    if (match) counts[match[2] as string] = Number(match[1]);
  }
  const { imported, exported, preferred, filtered } = counts;
  if (imported === undefined || exported === undefined || preferred === undefined) return undefined;
  return { imported, exported, preferred, ...(filtered !== undefined && { filtered }) };
}
