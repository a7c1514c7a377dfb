import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
  isBgpq4Available,
  loadIrrFixtureDatabase,
  loadSharedIrrFixtureDatabase,
  runBgpq4,
} from './bgpq4.runner.js';
import { startIrrTestServer, type IrrTestServer } from './irr-test.server.js';

const sharedDir = path.resolve(process.cwd(), '..', 'shared', 'fixtures');
const referenceDir = path.join(sharedDir, 'irr', 'bgpq4-reference');
const haveBgpq4 = isBgpq4Available();
if (!haveBgpq4) console.warn('IRR test server: bgpq4 tests skipped, bgpq4 is not installed');
if (!existsSync(referenceDir))
  console.warn(`IRR test server: reference-output tests skipped, ${referenceDir} is absent`);

/** Sends raw query lines and collects everything until the server closes or `idleMs` of silence. */
function talk(port: number, lines: string[], idleMs = 150): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let received = '';
    let timer = setTimeout(() => socket.end(), idleMs);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      clearTimeout(timer);
      timer = setTimeout(() => socket.end(), idleMs);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.on('error', reject);
    socket.write(lines.map((line) => `${line}\n`).join(''));
  });
}

describe('IRR test server', () => {
  let server: IrrTestServer;

  beforeAll(async () => {
    server = await startIrrTestServer({ database: loadIrrFixtureDatabase() });
  });

  afterAll(() => server.close());

  it('answers IRRd queries with IRRd framing in persistent mode', async () => {
    const answer = await talk(server.port, [
      '!!',
      '!nme',
      '!s-lc',
      '!sTESTB',
      '!iAS-IXORA-ONLYB',
      '!gAS64504',
      '!6AS64504',
      '!gAS64496',
      '!a',
      '!x',
      '!q',
    ]);
    expect(answer).toBe(
      [
        'C',
        'A12\nTESTA,TESTB\nC',
        'C',
        'A16\nAS64505 AS65537\nC',
        'A18\n198.51.100.128/25\nC',
        'A18\n2001:db8:400::/48\nC',
        'D',
        'F Missing required set name for A query',
        'F Unrecognised command: x',
        '',
      ].join('\n'),
    );
  });

  it('closes after one answer without !!, as IRRd does', async () => {
    expect(await talk(server.port, ['!gAS64496', '!gAS64496'], 2000)).toBe(
      'A28\n192.0.2.0/25 192.0.2.128/25\nC\n',
    );
  });

  (haveBgpq4 ? it : it.skip)('is understood by bgpq4 (the way real clients talk to IRRd)', async () => {
    const result = await runBgpq4([
      '-h',
      server.address,
      '-S',
      'TESTA,TESTB',
      '-p',
      '-4',
      '-b',
      '-l',
      'NN',
      'AS-IXORA-LOOP-A',
    ]);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toBe(
      'NN = [\n    192.0.2.0/26,\n    192.0.2.64/26,\n    192.0.2.128/26,\n    192.0.2.192/26,\n    203.0.113.0/28\n];\n',
    );
  });

  describe('with the shared real RPSL fixtures', () => {
    const database = loadSharedIrrFixtureDatabase(sharedDir);
    const run = haveBgpq4 && database && existsSync(referenceDir) ? it.each : it.skip.each;
    let shared: IrrTestServer;

    beforeAll(async () => {
      if (database) shared = await startIrrTestServer({ database, defaultSources: ['RIPE'] });
    });

    afterAll(async () => {
      if (database) await shared.close();
    });

    run([
      ['bird--4.txt', ['-4', '-b', 'AS112']],
      ['bird--6.txt', ['-6', '-b', 'AS112']],
      ['bird--asp.txt', ['-f', '112', '-b', 'AS-AS112']],
      ['json--4.txt', ['-4', '-j', 'AS112']],
      ['json--6.txt', ['-6', '-j', 'AS112']],
      ['json--asp.txt', ['-f', '112', '-j', 'AS-AS112']],
      ['ios--4.txt', ['-4', 'AS112']],
    ])('makes bgpq4 print its reference output %s', async (file, args) => {
      const result = await runBgpq4(['-h', shared.address, '-l', 'NN', ...args]);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe(readFileSync(path.join(referenceDir, file), 'utf8'));
    });
  });
});
