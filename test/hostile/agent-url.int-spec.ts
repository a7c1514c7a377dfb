import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deployThroughAgent, RouteServer } from '@ixora/domain';
import { AgentReader } from '@ixora/looking-glass';
import { bearer, startApiTestApp, type ApiTestApp } from '../../apps/api/src/testing/api-test.app.js';
import { ixora } from '../../apps/cli/src/run-cli.test-helper.js';

const TOKEN = 'rs1-agent-token-must-not-leak';

/**
 * Issue 11 item 7: the agent token was sent to any URL an admin set, plain HTTP off loopback
 * included. One rule (@ixora/net agent-url.ts): HTTPS, or HTTP to 127.0.0.0/8, [::1] or
 * localhost. The API and the CLI refuse other URLs on write (400 naming agentUrl); the deploy
 * client and the looking glass check again before they send the token, so a row written before
 * the rule, or by hand, leaks nothing either.
 */
describe('hostile: agent URLs', () => {
  let t: ApiTestApp;
  let admin: [string, string];
  let listener: Server;
  let port: number;
  const seen: IncomingHttpHeaders[] = [];
  const savedUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    t = await startApiTestApp();
    admin = bearer(t.users.admin);
    process.env.DATABASE_URL = t.db.url;
    // A stand-in agent on loopback that records every request it gets.
    listener = createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"no"}');
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as AddressInfo).port;
  });
  afterAll(async () => {
    process.env.DATABASE_URL = savedUrl;
    await new Promise((resolve) => listener.close(resolve));
    await t.close();
  });

  it.each([
    'http://rs1.ix.example.net:8443',
    'http://192.0.2.1:8443',
    'http://[2001:db8::1]:8443',
    'http://localhost.ix.example.net',
    'http://[::ffff:127.0.0.1]:8443',
    'ftp://127.0.0.1',
    'https://ops:secret@rs1.ix.example.net',
  ])('PATCH /route-servers/rs1 refuses agentUrl %s (400 naming agentUrl)', async (url) => {
    const res = await t.http
      .patch('/api/v1/route-servers/rs1')
      .set(...admin)
      .send({ socketPath: null, agentUrl: url })
      .expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_value', field: 'agentUrl', value: url });
  });

  it('POST /route-servers refuses a plain-HTTP agent off loopback', async () => {
    const res = await t.http
      .post('/api/v1/route-servers')
      .set(...admin)
      .send({
        name: 'rs2',
        asn: 64511,
        routerId: '192.0.2.2',
        ipv4Address: '192.0.2.2',
        agentUrl: 'http://rs2.ix.example.net:8080',
      })
      .expect(400);
    expect(res.body.error).toMatchObject({ field: 'agentUrl', value: 'http://rs2.ix.example.net:8080' });
  });

  it.each(['https://rs1.ix.example.net:8443', 'http://127.0.0.1:9', 'http://[::1]:9', 'http://localhost:9'])(
    'takes %s',
    async (url) => {
      const res = await t.http
        .patch('/api/v1/route-servers/rs1')
        .set(...admin)
        .send({ socketPath: null, agentUrl: url })
        .expect(200);
      expect(res.body).toMatchObject({ agentUrl: url });
    },
  );

  it('the CLI refuses the same URLs, naming agentUrl', async () => {
    const set = await ixora('rs', 'set', 'rs1', '--agent', 'http://rs1.ix.example.net:8443');
    expect(set.code).not.toBe(0);
    expect(set.err).toMatch(/agentUrl: "http:\/\/rs1\.ix\.example\.net:8443" must be https:\/\//);
    const add = await ixora(
      ...['rs', 'add', '--name', 'rs3', '--asn', '64511', '--router-id', '192.0.2.3', '--ipv4', '192.0.2.3'],
      ...['--agent', 'http://192.0.2.3:8080'],
    );
    expect(add.code).not.toBe(0);
    expect(add.err).toMatch(/agentUrl: "http:\/\/192\.0\.2\.3:8080"/);
  });

  it('the deploy client and the looking glass send no token to a URL the rule refuses, even one already stored', async () => {
    // ::ffff:127.0.0.1 reaches the stand-in over IPv4, but it is not a loopback URL by the rule.
    const disguised = `http://[::ffff:127.0.0.1]:${port}`;
    await new Promise<void>((resolve, reject) =>
      request(`${disguised}/control`, (res) => {
        res.resume();
        res.on('end', resolve);
      })
        .on('error', reject)
        .end(),
    );
    expect(seen).toHaveLength(1); // the address does reach the listener
    // A row as an old database (or a hand edit) might hold it.
    await t.db.dataSource.manager.update(
      RouteServer,
      { name: 'rs1' },
      { socketPath: null, agentUrl: disguised },
    );

    const deploy = await deployThroughAgent({
      agentUrl: disguised,
      token: TOKEN,
      name: 'rs1',
      text: 'router id 192.0.2.1;\n',
      timeoutMs: 5_000,
    });
    expect(deploy).toMatchObject({
      isApplied: false,
      message: expect.stringMatching(/not sent to the agent/),
    });
    const reader = new AgentReader(disguised, { token: TOKEN, timeoutMs: 5_000 });
    try {
      await expect(reader.status()).rejects.toThrow(/not asked, its URL must be https/);
    } finally {
      await reader.close();
    }
    expect(seen).toHaveLength(1);
    expect(seen.some((h) => h.authorization?.includes(TOKEN))).toBe(false);

    // The same client does send to a loopback URL (the listener answers 401).
    const direct = await deployThroughAgent({
      agentUrl: `http://127.0.0.1:${port}`,
      token: TOKEN,
      name: 'rs1',
      text: 'router id 192.0.2.1;\n',
      timeoutMs: 5_000,
    });
    expect(direct.message).toMatch(/answered 401/);
    expect(seen.at(-1)?.authorization).toBe(`Bearer ${TOKEN}`);
  });
});
