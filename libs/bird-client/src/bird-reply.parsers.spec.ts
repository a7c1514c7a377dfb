import { parseConfigureResult } from './bird-configure.parser.js';
import { parseRouteCount } from './bird-route-count.parser.js';
import { parseStatus } from './bird-status.parser.js';
import { parseBirdTime } from './bird-time.js';
import { fixtureLines } from './testing/bird-fixtures.js';

describe('parseStatus', () => {
  it('reads `show status` in the iso long format', () => {
    expect(parseStatus(fixtureLines('rs-01'))).toEqual({
      version: '2.0.12',
      routerId: '127.0.0.1',
      hostname: 'vm',
      serverTime: '2026-11-29 02:00:40',
      lastReboot: '2026-11-29 02:00:02',
      lastReconfiguration: '2026-11-29 02:00:35',
      message: 'Daemon is up and running',
      isUp: true,
    });
  });

  it('reads the default format with milliseconds', () => {
    expect(parseStatus(fixtureLines('m1-01'))).toMatchObject({
      routerId: '127.0.0.2',
      serverTime: '2026-11-29 02:00:48.004',
    });
  });

  it('says a shutting-down daemon is not up', () => {
    const lines = fixtureLines('rs-01').map((line) =>
      line.isFinal ? { ...line, text: 'Shutdown in progress' } : line,
    );
    expect(parseStatus(lines)).toMatchObject({ isUp: false, message: 'Shutdown in progress' });
  });

  it('refuses a reply that is not a status', () => {
    expect(() => parseStatus(fixtureLines('rs-49'))).toThrow(/lacks the version/);
  });
});

describe('parseRouteCount', () => {
  it('reads a multi-table count closed by `0014 Total`', () => {
    expect(parseRouteCount(fixtureLines('rs-31'))).toEqual({
      tables: [
        { table: 'master4', routes: 8, totalRoutes: 8, networks: 7 },
        { table: 'master6', routes: 0, totalRoutes: 0, networks: 0 },
        { table: 'igp4', routes: 0, totalRoutes: 0, networks: 0 },
        { table: 'demo4', routes: 3, totalRoutes: 3, networks: 3 },
      ],
      routes: 11,
      totalRoutes: 11,
      networks: 10,
    });
  });

  it('reads a single-table count closed by a bare `0000`', () => {
    expect(parseRouteCount(fixtureLines('rs-18'))).toEqual({
      tables: [{ table: 'master4', routes: 5, totalRoutes: 8, networks: 7 }],
      routes: 5,
      totalRoutes: 8,
      networks: 7,
    });
    expect(parseRouteCount(fixtureLines('rs-804')).routes).toBe(1);
    expect(parseRouteCount(fixtureLines('rs-702')).totalRoutes).toBe(200008);
  });
});

describe('parseConfigureResult', () => {
  it('reads a successful configure', () => {
    expect(parseConfigureResult(fixtureLines('m1b-01'))).toEqual({
      ok: true,
      status: 'reconfigured',
      file: 'm1.conf',
      message: 'Reconfigured',
    });
  });

  it('reads a check, a parse error with its place and an unreadable file', () => {
    const reading = { code: 2, text: 'Reading configuration from /etc/bird/rs1.conf', isFinal: false };
    expect(
      parseConfigureResult([reading, { code: 20, text: 'Configuration OK', isFinal: true }]),
    ).toMatchObject({ ok: true, status: 'checked' });
    expect(
      parseConfigureResult([
        reading,
        { code: 8002, text: "/etc/bird/rs1.conf:4:1 syntax error, unexpected '}'", isFinal: true },
      ]),
    ).toEqual({
      ok: false,
      birdCode: 8002,
      file: '/etc/bird/rs1.conf',
      line: 4,
      column: 1,
      message: "/etc/bird/rs1.conf:4:1 syntax error, unexpected '}'",
      reason: "syntax error, unexpected '}'",
    });
    expect(
      parseConfigureResult([
        reading,
        { code: 8002, text: '/etc/bird/rs1.conf: No such file or directory', isFinal: true },
      ]),
    ).toEqual({
      ok: false,
      birdCode: 8002,
      file: '/etc/bird/rs1.conf',
      message: '/etc/bird/rs1.conf: No such file or directory',
      reason: 'No such file or directory',
    });
  });

  it('reports a refused configure (restricted connection) as a failure', () => {
    expect(parseConfigureResult(fixtureLines('rs-46'))).toEqual({
      ok: false,
      birdCode: 8007,
      message: 'Access denied',
    });
  });
});

describe('parseBirdTime', () => {
  it('reads iso long, milliseconds and an explicit zone', () => {
    expect(parseBirdTime('2026-11-29 02:00:06')?.toISOString()).toBe('2026-11-29T02:00:06.000Z');
    expect(parseBirdTime('2026-11-29 02:00:48.004')?.toISOString()).toBe('2026-11-29T02:00:48.004Z');
    expect(parseBirdTime('2026-11-29T02:07:23+0100')?.toISOString()).toBe('2026-11-29T01:07:23.000Z');
    expect(parseBirdTime('2026-11-29 02:00:06', 60)?.toISOString()).toBe('2026-11-29T01:00:06.000Z');
  });

  it('gives up on the date-less default format', () => {
    expect(parseBirdTime('02:00:06.843')).toBeUndefined();
  });
});
