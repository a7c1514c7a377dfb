import { IpAddress, IpPrefix } from '@ixora/net';
import {
  configureCommand,
  MAX_COMMAND_BYTES,
  showProtocolsCommand,
  showRouteCommand,
  showStatusCommand,
} from './bird-command.builder.js';

describe('showRouteCommand', () => {
  it('builds every looking-glass query from typed fields', () => {
    expect(showRouteCommand({}).text).toBe('show route');
    expect(showRouteCommand({ protocol: 'AS65001_1', filtered: true, detail: true }).text).toBe(
      'show route protocol AS65001_1 filtered all',
    );
    expect(showRouteCommand({ export: 'AS65002_1', detail: true }).text).toBe(
      'show route export AS65002_1 all',
    );
    expect(showRouteCommand({ noexport: 'AS65002_1' }, { count: true }).text).toBe(
      'show route noexport AS65002_1 count',
    );
    expect(showRouteCommand({ prefix: '10.1.0.0/24', table: 'master4', primary: true }).text).toBe(
      'show route 10.1.0.0/24 table master4 primary',
    );
    expect(showRouteCommand({ for: '10.1.0.77' }).text).toBe('show route for 10.1.0.77');
    expect(showRouteCommand({ allTables: true, protocol: 'AS65001_1' }, { count: true }).text).toBe(
      'show route table all protocol AS65001_1 count',
    );
    expect(showRouteCommand({ for: IpAddress.parse('2001:DB8::1') }).text).toBe('show route for 2001:db8::1');
    expect(showRouteCommand({ for: '2001:db8::/48' }).text).toBe('show route for 2001:db8::/48');
    expect(
      showRouteCommand({ prefix: IpPrefix.parse('2001:db8:100::/48'), detail: true }, { count: true }).text,
    ).toBe('show route 2001:db8:100::/48 count');
  });

  it.each([
    ['a newline in a protocol name', { protocol: 'AS65001_1\nshow status' }, /protocol/],
    ['a quote in a protocol name', { protocol: '"AS65001_1" x' }, /protocol/],
    ['a semicolon in a table name', { table: 'master4; show memory' }, /table/],
    ['a name starting with a digit', { export: '1abc' }, /export/],
    ['an over-long name', { noexport: 'A'.repeat(65) }, /noexport.*longer than 64/],
    ['a prefix with host bits', { prefix: '10.1.0.1/24' }, /prefix/],
    ['a prefix length over 32', { prefix: '10.1.0.0/33' }, /prefix/],
    ['an address with a zone', { for: 'fe80::1%eth0' }, /for/],
    ['a filter smuggled in as an address', { for: '10.0.0.1 where net.len > 24' }, /for/],
    ['prefix and for together', { prefix: '10.1.0.0/24', for: '10.1.0.1' }, /for.*prefix/],
    ['a table and all tables', { table: 'master4', allTables: true }, /allTables/],
    ['export and noexport together', { export: 'A', noexport: 'B' }, /noexport/],
    ['filtered with export', { export: 'A', filtered: true }, /filtered/],
  ])('refuses %s', (_case, query, message) => {
    expect(() => showRouteCommand(query)).toThrow(message);
  });

  it('has no field for a raw filter', () => {
    // @ts-expect-error `where` is not part of RouteQuery: no raw filters reach BIRD.
    expect(showRouteCommand({ where: 'net.len > 24' }).text).toBe('show route');
  });
});

describe('other commands', () => {
  it('builds status, protocols and configure commands', () => {
    expect(showStatusCommand().text).toBe('show status');
    expect(showProtocolsCommand().text).toBe('show protocols');
    expect(showProtocolsCommand({ all: true, name: 'AS65001_1' }).text).toBe('show protocols all AS65001_1');
    expect(configureCommand({ check: true }).text).toBe('configure check');
    expect(configureCommand({ check: true, file: '/etc/bird/rs1 new.conf' }).text).toBe(
      'configure check "/etc/bird/rs1 new.conf"',
    );
    expect(configureCommand({ check: false, file: 'rs1.conf' }).text).toBe('configure "rs1.conf"');
  });

  it.each([
    ['a quote', '/etc/bird/x" ; down'],
    ['a newline', '/etc/bird/x.conf\ndown'],
    ['a backslash', 'C:\\bird.conf'],
    ['a non-ASCII character', '/etc/bird/\u00e9.conf'],
    ['an empty path', ''],
  ])('refuses a config path with %s', (_case, file) => {
    expect(() => configureCommand({ check: true, file })).toThrow(/file/);
  });

  it(`caps config paths so no command exceeds ${MAX_COMMAND_BYTES} bytes`, () => {
    expect(() => configureCommand({ check: false, file: `/${'a'.repeat(400)}` })).toThrow(
      /longer than 400 bytes/,
    );
    expect(configureCommand({ check: false, file: `/${'a'.repeat(399)}` }).text.length).toBeLessThanOrEqual(
      MAX_COMMAND_BYTES,
    );
  });
});
