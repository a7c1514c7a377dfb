import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, isEmbeddedTestDatabase, type TestDatabase } from '@ixora/testing';
import { ixora } from '../run-cli.test-helper.js';

const hasBird = spawnSync('bird', ['--version']).error === undefined;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// The embedded test server (pglite-socket) drops a connection opened right after another closed,
// and each demo run opens and closes several: on it, these tests would test that race instead.
const describeOnServer = isEmbeddedTestDatabase() ? describe.skip : describe;
if (isEmbeddedTestDatabase())
  console.log('skipped: ixora demo runs back to back need a PostgreSQL server, not the embedded test one');

/** `ixora demo`: the demo data through the production services, then the API it starts (`@ixora/apps/api`). */
describeOnServer('ixora demo', () => {
  let db: TestDatabase;
  let dir: string;
  const saved = {
    url: process.env.DATABASE_URL,
    dataDir: process.env.IXORA_DATA_DIR,
    port: process.env.PORT,
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-demo-'));
    process.env.DATABASE_URL = db.url;
    process.env.IXORA_DATA_DIR = dir;
  });
  afterAll(async () => {
    for (const [name, value] of [
      ['DATABASE_URL', saved.url],
      ['IXORA_DATA_DIR', saved.dataDir],
      ['PORT', saved.port],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('sets up the demo exchange, and a second run changes nothing', async () => {
    const first = await ixora('demo', '--no-serve');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/demo exchange: 24 member\(s\) created, 0 unchanged/);
    expect(first.out).toMatch(/route server rs1 \(AS65551\) added with \d+ sessions/);
    expect(first.out).toMatch(/IRR: 24 member\(s\) expanded from the demo IRR server/);
    expect(first.out).toMatch(/RPKI: \d+ VRPs loaded/);
    if (hasBird) expect(first.out).toMatch(/config: rs1 version 1, \d+ bytes, valid \(bird -p\)/);
    expect(first.out).toMatch(/admin API token: ixora_[0-9a-f]{12}_/);

    const second = await ixora('demo', '--no-serve');
    expect(second.err).toBe('');
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/demo exchange: 0 member\(s\) created, 24 unchanged/);
    expect(second.out).not.toMatch(/route server rs1 .* added/);
  });

  it('serves the API and the looking glass until interrupted', async () => {
    const port = await freePort();
    process.env.PORT = String(port);
    const running = ixora('demo');
    const base = `http://127.0.0.1:${port}`;
    let answer: Response | undefined;
    for (let tries = 0; tries < 300 && !answer?.ok; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      answer = await fetch(`${base}/api/lg/v1/routeservers`).catch(() => undefined);
    }
    try {
      expect(answer?.status).toBe(200);
      const body = (await answer!.json()) as { routeservers: { id: string }[] };
      expect(body.routeservers.map((rs) => rs.id)).toEqual(['rs1']);
      expect((await fetch(`${base}/api/v1/members`)).status).toBe(401);
      // The in-process worker computes today's public figures when it starts.
      type Figures = { exchanges: { latest: { figures: { members: number } } | null }[] };
      let figures: Figures | undefined;
      for (let tries = 0; tries < 50 && !figures?.exchanges[0]?.latest; tries++) {
        if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 400));
        figures = (await (await fetch(`${base}/api/lg/v1/exchange`)).json()) as Figures;
      }
      expect(figures?.exchanges[0]?.latest?.figures.members).toBeGreaterThan(0);
      expect((await fetch(`${base}/exchange`)).status).toBe(200);
    } finally {
      // What Ctrl-C does: the app closes, the demo's BIRD stops, the command returns.
      process.emit('SIGINT');
    }
    const done = await running;
    expect(done.code).toBe(0);
    expect(done.out).toMatch(/ixora demo is running/);
  });
});
