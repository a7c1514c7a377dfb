import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BirdReplyFramer,
  parseProtocolDetails,
  parseRoutes,
  parseStatus,
  parseTranscript,
  type BirdAsyncLine,
  type BirdProtocolDetail,
  type BirdReplyLine,
  type BirdRoute,
  type BirdStatus,
} from '@ixora/bird-client';
import type { RouteRead, RouteServerReader } from '../route-server.reader.js';

/** @ixora/bird-client's BIRD 2.0.12 recordings (route server AS65000, members AS65001/AS65002). */
export const BIRD_FIXTURE_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'bird-client',
  'fixtures',
);

export function readBirdFixture(name: string): { command: string; reply: string } {
  const file = readdirSync(BIRD_FIXTURE_DIR).find((entry) => entry.startsWith(`${name}-`));
  if (!file) throw new Error(`no BIRD fixture ${name}`);
  const transcript = parseTranscript(readFileSync(join(BIRD_FIXTURE_DIR, file), 'utf8'));
  return { command: transcript.commands[0] ?? '', reply: transcript.reply };
}

/**
 * What a BirdReplayServer answers to the commands the looking glass sends: each the recording of
 * the same read (tests of the socket reader, the LG API, the pages and the agent share it).
 */
export function recordedSocketAnswers(): Map<string, string> {
  const reply = (name: string): string => readBirdFixture(name).reply;
  return new Map([
    ['restrict', reply('rs-45')],
    ['show status', reply('rs-01')],
    ['show protocols', reply('rs-02')],
    ['show protocols all', reply('rs-03')],
    ['show symbols table', reply('rs-41')],
    ['show route table master4 all', reply('rs-08')],
    ['show route table master4 filtered all', reply('rs-10')],
    ['show route export AS65002_1 all', reply('rs-13')],
    ['show route noexport AS65002_1 all', reply('rs-14')],
  ]);
}

function lines(name: string): BirdReplyLine[] {
  const framer = new BirdReplyFramer();
  return readBirdFixture(name)
    .reply.split('\n')
    .filter((line) => line !== '')
    .map((line) => framer.frame(line))
    .filter((line: BirdReplyLine | BirdAsyncLine): line is BirdReplyLine => !('async' in line));
}

/** The recordings the looking glass reads: status, protocols, table, filtered routes, one export and noexport. */
export const RECORDED = {
  status: 'rs-01',
  protocols: 'rs-03',
  accepted: 'rs-08',
  filtered: 'rs-10',
  export: { AS65002_1: 'rs-13' },
  noexport: { AS65002_1: 'rs-14', AS65001_1: 'rs-15' },
} as const;

export function recordedStatus(): BirdStatus {
  return parseStatus(lines(RECORDED.status));
}

export function recordedProtocols(): BirdProtocolDetail[] {
  return parseProtocolDetails(lines(RECORDED.protocols));
}

export function recordedRoutes(name: string): BirdRoute[] {
  return parseRoutes(lines(name));
}

/**
 * A `RouteServerReader` over the recordings, for unit tests of code above the reader (the real
 * readers are tested against `BirdReplayServer` and a live BIRD). `reads` counts what was asked.
 */
export class RecordedReader implements RouteServerReader {
  readonly target = 'recorded';
  readonly reads: string[] = [];
  isDown = false;

  status(): Promise<BirdStatus> {
    this.reads.push('status');
    if (this.isDown) return Promise.reject(new Error('connect ENOENT recorded'));
    return Promise.resolve(recordedStatus());
  }

  protocols(): Promise<BirdProtocolDetail[]> {
    this.reads.push('protocols');
    return Promise.resolve(recordedProtocols());
  }

  async *routes(read: RouteRead): AsyncGenerator<BirdRoute> {
    await Promise.resolve();
    this.reads.push(
      read.kind === 'accepted' || read.kind === 'filtered'
        ? `${read.kind} ${read.table}`
        : `${read.kind} ${read.protocol}`,
    );
    // The recordings hold one routing table, master4.
    if ((read.kind === 'accepted' || read.kind === 'filtered') && read.table !== 'master4') return;
    const name =
      read.kind === 'accepted' || read.kind === 'filtered'
        ? RECORDED[read.kind]
        : (RECORDED[read.kind] as Record<string, string>)[read.protocol];
    if (!name) return;
    yield* recordedRoutes(name);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
