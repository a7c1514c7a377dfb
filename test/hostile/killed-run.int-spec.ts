import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fixedClock, systemClock } from '@ixora/config';
import { failStaleRuns, JobQueue, recordRun, RUN_ABANDONED_ERROR, RUN_STALE_AFTER_MS } from '@ixora/domain';
import { createTestDatabase, type TestDatabase } from '@ixora/testing';

interface RunRow {
  id: string;
  kind: string;
  status: string;
  error: string | null;
  process: string | null;
}

/** An IRR server that takes connections and never answers, so a refresh stays in flight. */
async function startSilentServer(): Promise<{ address: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('a killed process does not leave its run "running" forever', () => {
  let db: TestDatabase;
  let irr: Awaited<ReturnType<typeof startSilentServer>>;
  let child: ChildProcess | undefined;

  const runs = (kind: string) =>
    db.dataSource.query<RunRow[]>(
      `SELECT id, kind, status, error, process FROM run_record WHERE kind = $1 ORDER BY id`,
      [kind],
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    irr = await startSilentServer();
    await db.dataSource.query(
      `INSERT INTO member (asn, name, as_sets, status) VALUES (64500, 'Slow Networks', '{AS-SLOW}', 'active')`,
    );
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await irr.close();
    await db.drop();
  });

  it('SIGKILLed `ixora irr refresh`: the run fails once its heartbeat is stale', async () => {
    // The CLI from its sources, as `ixora irr refresh` in a process of its own.
    const root = process.cwd();
    child = spawn(
      process.execPath,
      [
        '--import',
        path.join(root, 'bench/support/ts-loader.mjs'),
        path.join(root, 'apps/cli/src/main.ts'),
        'irr',
        'refresh',
      ],
      {
        env: { ...process.env, DATABASE_URL: db.url, IRR_HOST: irr.address, NODE_OPTIONS: '' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child?.on('exit', (_code, signal) => resolve(signal)),
    );

    const running = await waitFor('the refresh to start its run', async () => {
      if (child?.exitCode !== null) throw new Error(`ixora irr refresh ended early: ${stderr}`);
      return (await runs('irr_refresh')).find((r) => r.status === 'running');
    });
    expect(running.process).toMatch(new RegExp(`/${child.pid}$`));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // Within the stale window the run still counts as alive: a sweep leaves it alone.
    expect(await failStaleRuns(db.dataSource, { clock: systemClock })).toEqual([]);
    expect((await runs('irr_refresh'))[0]?.status).toBe('running');

    // Past the window (the clock set ahead rather than waited for), the workers' sweep fails it.
    const later = fixedClock(new Date(Date.now() + RUN_STALE_AFTER_MS + 1_000));
    await new JobQueue(db.dataSource, later).sweep();
    expect(await runs('irr_refresh')).toEqual([
      expect.objectContaining({ id: running.id, status: 'failed', error: RUN_ABANDONED_ERROR }),
    ]);
  });

  it('a run that is still beating is not failed, and a finished one keeps its outcome', async () => {
    const start = new Date(Date.now() - 2 * RUN_STALE_AFTER_MS);
    let now = start;
    const clock = { now: () => now };
    const alive = await recordRun(db.dataSource, 'hostile_alive', { clock });
    const done = await recordRun(db.dataSource, 'hostile_done', { clock });
    await done.finish({ items: 3 });
    now = new Date(start.getTime() + RUN_STALE_AFTER_MS + 60_000);
    await alive.heartbeat();
    expect(await failStaleRuns(db.dataSource, { clock })).toEqual([]);
    expect((await runs('hostile_alive'))[0]?.status).toBe('running');
    expect((await runs('hostile_done'))[0]).toEqual(
      expect.objectContaining({ status: 'succeeded', error: null }),
    );

    now = new Date(now.getTime() + RUN_STALE_AFTER_MS + 1);
    expect(await failStaleRuns(db.dataSource, { clock })).toEqual([alive.id]);
    await alive.fail('late'); // the owner may still end it; what it says then stands
    expect((await runs('hostile_alive'))[0]).toEqual(
      expect.objectContaining({ status: 'failed', error: 'late' }),
    );
  });
});
