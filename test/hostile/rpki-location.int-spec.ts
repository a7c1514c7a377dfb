import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import supertest from 'supertest';
import { loadConfig } from '@ixora/config';
import { JobRunner } from '@ixora/domain';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { bearer, startApiTestApp, type ApiTestApp } from '../../apps/api/src/testing/api-test.app.js';

const SECRET = 'root:$6$hostile$NotARealHashButSecretAnyway:19000:0:99999:7:::';

/** `rpki.refresh` reads only RPKI_VRP_URL or the staff's RPKI_VRP_LOCATIONS; its errors never quote content or probe ports. */
describe('rpki.refresh locations', () => {
  let t: ApiTestApp;
  let app: INestApplication;
  let dir: string;
  let secretFile: string;
  let allowedSecret: string;
  let closedUrl: string;
  let resetUrl: string;
  let resetServer: net.Server;

  beforeAll(async () => {
    t = await startApiTestApp();
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-hostile-rpki-'));
    const vrpFile = path.join(dir, 'vrps.json');
    // rpki-client JSON, built an hour ago, one ROA that expires in a day.
    const now = Date.now();
    await writeFile(
      vrpFile,
      JSON.stringify({
        metadata: { buildtime: new Date(now - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z') },
        roas: [
          {
            asn: 64496,
            prefix: '192.0.2.0/24',
            maxLength: 24,
            ta: 'ripe',
            expires: Math.floor(now / 1000) + 86_400,
          },
        ],
      }),
    );
    secretFile = path.join(dir, 'shadow');
    await writeFile(secretFile, `${SECRET}\n`);
    // A file staff allowed that turns out to hold something else: still never shown.
    allowedSecret = path.join(dir, 'allowed-but-not-vrps');
    await writeFile(allowedSecret, `${SECRET}\n`);
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    closedUrl = `http://127.0.0.1:${(closed.address() as net.AddressInfo).port}/vrps.json`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    // An open port that hangs up at once (an SSH daemon, say, to an HTTP request).
    resetServer = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => resetServer.listen(0, '127.0.0.1', resolve));
    resetUrl = `http://127.0.0.1:${(resetServer.address() as net.AddressInfo).port}/vrps.json`;
    app = await createApiApp(
      loadConfig({
        DATABASE_URL: t.db.url,
        RPKI_VRP_URL: vrpFile,
        RPKI_VRP_LOCATIONS: [allowedSecret, closedUrl, resetUrl].join(','),
      }),
      { dataSource: t.db.dataSource, logger: false },
    );
  });

  afterAll(async () => {
    await app.close();
    await new Promise<void>((resolve) => resetServer.close(() => resolve()));
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  const runJob = async (params: Record<string, unknown>) => {
    const http = supertest(app.getHttpServer() as Parameters<typeof supertest>[0]);
    const queued = await http
      .post('/api/v1/jobs')
      .set(...bearer(t.users.admin))
      .send({ kind: 'rpki.refresh', params })
      .expect(202);
    await app.get(JobRunner).drain();
    const done = await http
      .get(`/api/v1/jobs/${queued.body.id as string}`)
      .set(...bearer(t.users.admin))
      .expect(200);
    return done.body as { status: string; error: string | null };
  };

  it.each([
    ['a local file', () => secretFile],
    ['/etc/shadow', () => '/etc/shadow'],
    ['a file: URL', () => `file://${secretFile}`],
    ['a URL of a local port', () => 'http://127.0.0.1:22/'],
  ])('refuses %s that staff did not allow, before reading it', async (_what, location) => {
    const job = await runJob({ location: location(), force: true });
    expect(job.status).toBe('failed');
    expect(job.error).toContain('is not an allowed VRP location');
    expect(job.error).not.toContain('root:');
  });

  it('never quotes the content of a location that is not a VRP document', async () => {
    const job = await runJob({ location: allowedSecret, force: true });
    expect(job.status).toBe('failed');
    expect(job.error).toContain('is not a VRP document');
    expect(job.error?.replace(allowedSecret, 'FILE')).not.toMatch(/root|\$6\$|NotARealHash/);
  });

  it('says the same for a closed port and an open one that hangs up', async () => {
    const closed = await runJob({ location: closedUrl, force: true });
    const reset = await runJob({ location: resetUrl, force: true });
    expect(closed.status).toBe('failed');
    expect(reset.status).toBe('failed');
    expect(closed.error?.replace(closedUrl, 'URL')).toBe(reset.error?.replace(resetUrl, 'URL'));
    expect(closed.error).not.toMatch(/ECONNREFUSED|ECONNRESET|socket hang up/);
  });

  it('loads RPKI_VRP_URL when no location is given', async () => {
    expect(await runJob({ force: true })).toMatchObject({ status: 'succeeded', error: null });
  });
});
