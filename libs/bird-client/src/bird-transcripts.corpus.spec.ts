import { readdirSync } from 'node:fs';
import { BirdReplyFramer, isAsyncLine } from './bird-reply.reader.js';
import { parseProtocolDetails, parseProtocols } from './bird-protocols.parser.js';
import { parseRouteCount } from './bird-route-count.parser.js';
import { parseRoutes } from './bird-route.parser.js';
import { FIXTURE_DIR, fixtureLines, readFixture } from './testing/bird-fixtures.js';

// Every recording, not just the hand-picked ones: the framer and parsers must take all of them.
const recordings = readdirSync(FIXTURE_DIR)
  .filter((file) => file.endsWith('.raw'))
  .map((file) => file.replace(/\.raw$/, ''));
const singleCommand = recordings
  .map((name) => ({ name, transcript: readFixture(name) }))
  .filter(({ transcript }) => transcript.commands.length === 1)
  .map(({ name, transcript }) => ({ name, command: transcript.commands[0] as string }));

describe('the BIRD 2.0.12 recordings', () => {
  it('are all present', () => {
    expect(recordings.length).toBeGreaterThanOrEqual(90);
  });

  // Raw-sender captures hold the greeting and one reply per line sent (`rs-60`…`rs-63`).
  it.each(singleCommand)(
    '$name frames into one reply per command, each ending in a final line',
    ({ name, command }) => {
      const expectedReplies = command.includes('\n') ? 1 + (command.match(/\n/g) ?? []).length : 1;
      const framer = new BirdReplyFramer();
      const lines = readFixture(name)
        .reply.split('\n')
        .filter((line) => line !== '')
        .map((line) => framer.frame(line))
        .filter((line) => !isAsyncLine(line));
      const finals = lines.filter((line) => 'isFinal' in line && line.isFinal);
      expect(finals).toHaveLength(expectedReplies);
      expect(lines[lines.length - 1]).toBe(finals[finals.length - 1]);
    },
  );

  const routeLists = singleCommand.filter(
    ({ command }) => /^show route\b/.test(command) && !/\b(count|stats)\b/.test(command),
  );
  it.each(routeLists)('$name ($command) parses into routes', ({ name }) => {
    const lines = fixtureLines(name);
    const routes = parseRoutes(lines);
    const headerLines = lines.filter(
      (line) => line.code === 1007 && !line.text.startsWith('Table ') && !line.text.startsWith('\t'),
    );
    expect(routes).toHaveLength(headerLines.length);
    for (const route of routes) {
      expect(route.prefix).toMatch(/^[0-9a-f.:]+\/\d+$/);
      expect(route.table).not.toBe('');
    }
  });

  const counts = singleCommand.filter(({ command }) => /^show route\b.*\bcount$/.test(command));
  it.each(counts)('$name ($command) parses into counts', ({ name }) => {
    const lines = fixtureLines(name);
    const count = parseRouteCount(lines);
    const final = lines[lines.length - 1];
    const total =
      final?.code === 14 ? /^Total: (\d+) of (\d+) routes for (\d+) networks/.exec(final.text) : null;
    if (total)
      expect([count.routes, count.totalRoutes, count.networks]).toEqual([
        Number(total[1]),
        Number(total[2]),
        Number(total[3]),
      ]);
    else expect(count.tables.length).toBeLessThanOrEqual(1);
  });

  const protocolReplies = singleCommand.filter(({ command }) => /^show protocols\b/.test(command));
  it.each(protocolReplies)('$name ($command) parses into protocols', ({ name, command }) => {
    const lines = fixtureLines(name);
    const rows = lines.filter((line) => line.code === 1002).length;
    expect(parseProtocols(lines)).toHaveLength(rows);
    if (command.startsWith('show protocols all')) {
      const details = parseProtocolDetails(lines);
      expect(details).toHaveLength(rows);
      for (const detail of details.filter((d) => d.proto === 'BGP'))
        expect(detail.bgp?.neighborAs).toBeGreaterThan(0);
    }
  });
});
