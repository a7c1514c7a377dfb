import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildIxfExport } from '@ixora/testing';
import { BODY_LIMITS } from '../../apps/api/src/common/request-guards.middleware.js';
import { bearer, startApiTestApp, type ApiTestApp } from '../../apps/api/src/testing/api-test.app.js';

interface Answer {
  status: number;
  body: string;
  /** Body bytes the client had written when the answer came. */
  sentBytes: number;
}

const CHUNK = Buffer.alloc(64 * 1024, 'a');

/**
 * Posts `totalBytes` (a JSON string, written 64 KiB at a time, respecting back-pressure) and stops
 * writing as soon as the server answers. `declareLength` sends Content-Length, else chunked.
 */
function post(
  port: number,
  path: string,
  totalBytes: number,
  options: { declareLength: boolean; headers?: Record<string, string> },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let answered = false;
    const req = http.request({
      host: '127.0.0.1',
      port,
      path,
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(options.declareLength ? { 'Content-Length': String(totalBytes) } : {}),
        ...options.headers,
      },
    });
    req.on('response', (res) => {
      answered = true;
      const sentAtAnswer = sentBytes;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body, sentBytes: sentAtAnswer });
        req.destroy();
      });
    });
    // The server closes the connection after a 413 instead of reading on: writing then fails.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const pump = (): void => {
      while (!answered && sentBytes < totalBytes) {
        const n = Math.min(CHUNK.length, totalBytes - sentBytes);
        sentBytes += n;
        if (!req.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}

/**
 * Issue 11 item 2: body limits by who is asking, refused before being buffered, and error replies
 * that echo at most a short excerpt and never a password.
 */
describe('hostile: body limits and echoed values', () => {
  let t: ApiTestApp;
  let port: number;

  beforeAll(async () => {
    t = await startApiTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = ((t.app.getHttpServer() as http.Server).address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 413 to an unauthenticated 50 MB sign-in with Content-Length before the body is sent', async () => {
    const answer = await post(port, '/api/v1/auth/login', 50 * 1024 * 1024, { declareLength: true });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error).toMatchObject({ code: 'payload_too_large', status: 413 });
    expect(answer.sentBytes).toBeLessThan(8 * 1024 * 1024);
  });

  it('answers 413 to an unauthenticated chunked body as soon as it passes the limit, on any route', async () => {
    for (const path of ['/api/v1/auth/login', '/api/v1/members', '/api/v1/ixf/import']) {
      const answer = await post(port, path, 50 * 1024 * 1024, { declareLength: false });
      expect(answer.status).toBe(413);
      expect(answer.sentBytes).toBeLessThan(8 * 1024 * 1024);
    }
  });

  it('keeps memory bounded under 8 parallel 48 MB unauthenticated posts', async () => {
    const before = process.memoryUsage();
    let peakBuffers = 0;
    let peakHeap = 0;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakBuffers = Math.max(peakBuffers, now.arrayBuffers - before.arrayBuffers);
      peakHeap = Math.max(peakHeap, now.heapUsed - before.heapUsed);
    }, 10);
    try {
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          post(port, '/api/v1/auth/login', 48 * 1024 * 1024, { declareLength: i % 2 === 0 }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(413));
    } finally {
      clearInterval(sampler);
    }
    // Buffered, these would be 384 MB; the limit before authentication is 16 KiB each.
    expect(peakBuffers).toBeLessThan(48 * 1024 * 1024);
    expect(peakHeap).toBeLessThan(96 * 1024 * 1024);
  });

  it('gives an authenticated user the default limit and only staff the large IX-F import', async () => {
    const tooBig = BODY_LIMITS.authenticatedBytes + 1024;
    const member = await post(port, '/api/v1/auth/tokens', tooBig, {
      declareLength: true,
      headers: { Authorization: `Bearer ${t.users.userA.token}` },
    });
    expect(member.status).toBe(413);
    const memberImport = await post(port, '/api/v1/ixf/import', tooBig, {
      declareLength: false,
      headers: { Authorization: `Bearer ${t.users.adminA.token}` },
    });
    expect(memberImport.status).toBe(413);
    // Under the default limit, the body is read and judged: 400, not 413.
    const fits = await t.http
      .post('/api/v1/auth/tokens')
      .set(...bearer(t.users.userA))
      .send({ name: 'x'.repeat(BODY_LIMITS.authenticatedBytes / 2) })
      .expect(400);
    expect(fits.body.error.field).toBe('name');
    // Staff import a 3 MB export (padding in a field IX-F allows extensions in).
    const doc = { ...buildIxfExport({ members: 4 }), x_padding: 'p'.repeat(3 * 1024 * 1024) };
    const imported = await t.http
      .post('/api/v1/ixf/import')
      .set(...bearer(t.users.admin))
      .send(doc)
      .expect(200);
    expect(imported.body.members).toMatchObject({ unchanged: 4 });
  });

  it('echoes only a short excerpt of a long bad value', async () => {
    const res = await t.http
      .post('/api/v1/members')
      .set(...bearer(t.users.admin))
      .send({ asn: 64500, name: 'n'.repeat(500_000) })
      .expect(400);
    expect(res.body.error.field).toBe('name');
    expect(JSON.stringify(res.body).length).toBeLessThan(1024);
    const list = await t.http
      .post('/api/v1/members')
      .set(...bearer(t.users.admin))
      .send({ asn: 64500, name: 'x', asSets: Array.from({ length: 20_000 }, (_, i) => i) })
      .expect(400);
    expect(JSON.stringify(list.body).length).toBeLessThan(1024);
  });

  it('never echoes a password, also not from malformed JSON', async () => {
    const secret = 'Hunter2-Very-Secret';
    const long = await t.http
      .post('/api/v1/auth/login')
      .send({ email: 'staff@ix.example.net', password: secret.repeat(100) })
      .expect(400);
    expect(long.body.error.field).toBe('password');
    expect(JSON.stringify(long.body)).not.toContain('Hunter2');
    const wrongType = await t.http
      .post('/api/v1/auth/login')
      .send({ email: 'staff@ix.example.net', password: [secret] })
      .expect(400);
    expect(JSON.stringify(wrongType.body)).not.toContain('Hunter2');
    const malformed = await t.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(`{"email": "staff@ix.example.net", "password": "${secret}" oops}`)
      .expect(400);
    expect(malformed.body.error).toMatchObject({ code: 'invalid_value', field: 'body' });
    expect(JSON.stringify(malformed.body)).not.toContain('Hunter2');
    const md5 = await t.http
      .get('/api/v1/sessions?limit=1')
      .set(...bearer(t.users.admin))
      .expect(200);
    const settings = await t.http
      .patch(`/api/v1/sessions/${md5.body.items[0].id}/settings`)
      .set(...bearer(t.users.admin))
      .send({ md5Password: 7 })
      .expect(400);
    expect(settings.body.error).toMatchObject({ field: 'md5Password' });
    expect(settings.body.error).not.toHaveProperty('value');
  });

  it('refuses compressed bodies instead of inflating them', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send('{}')
      .expect(400);
    expect(res.body.error.field).toBe('Content-Encoding');
  });
});
