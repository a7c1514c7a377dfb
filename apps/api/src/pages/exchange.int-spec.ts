import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BirdReplayServer } from '@ixora/bird-client';
import { recordedSocketAnswers } from '@ixora/looking-glass';
import { TestClock } from '@ixora/testing';
import { startApiTestApp, type ApiTestApp } from '../testing/api-test.app.js';
import { WEB_ENV } from '../web/web.test-helper.js';
import { HIDDEN_MEMBER_ASN, seedExchangeFigures } from './exchange.test-helper.js';

// `/exchange` and its JSON twin `/api/lg/v1/exchange` over HTTP, with and without WEB_SIGN_IN,
// from rows the summary service computed (the route server answers with BIRD 2.0.12 recordings).

interface ExchangeJson {
  today: string;
  exchanges: {
    shortname: string;
    latest: {
      day: string;
      figures: Record<string, number>;
      shares: Record<string, number | null>;
      manrs: { action: number; status: string; why: string }[];
    } | null;
    daily: { day: string; members: number }[];
    monthly: { day: string }[];
  }[];
}

describe.each([
  ['without sign-in', {}],
  ['with WEB_SIGN_IN', WEB_ENV],
])('/exchange %s', (_, env) => {
  let api: ApiTestApp;
  let bird: BirdReplayServer;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-exchange-'));
    bird = await BirdReplayServer.start(path.join(dir, 'bird.ctl'), recordedSocketAnswers());
    api = await startApiTestApp({ clock: new TestClock(new Date('2031-07-02T09:30:00Z')), env });
    await seedExchangeFigures(api, bird.socketPath);
  });

  afterAll(async () => {
    await api?.close();
    await bird?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('the JSON twin has the latest figures, their shares, the MANRS actions and the history', async () => {
    const res = await api.http.get('/api/lg/v1/exchange').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toMatch(/^public, max-age=/);
    const body = res.body as ExchangeJson;
    expect(body.today).toBe('2031-07-02');
    expect(body.exchanges).toHaveLength(1);
    const [exchange] = body.exchanges;
    expect(exchange?.latest?.day).toBe('2031-07-02');
    expect(exchange?.latest?.figures).toEqual({
      day: '2031-07-02',
      members: 3,
      route_server_participants: 2,
      participants_with_ipv6: 2,
      routes_received: 10,
      rpki_valid: 4,
      rpki_unknown: 3,
      rpki_invalid: 3,
      irr_covered: 3,
      route_servers: 1,
      route_servers_read: 1,
    });
    expect(exchange?.latest?.shares).toEqual({
      members_with_ipv6: 2 / 3,
      rpki_valid: 0.4,
      rpki_unknown: 0.3,
      rpki_invalid: 0.3,
      irr_covered: 0.3,
    });
    expect(exchange?.latest?.manrs.map((a) => a.action)).toEqual([1, 2, 3, 4, 5]);
    expect(exchange?.daily).toHaveLength(90);
    expect(exchange?.daily[0]?.day).toBe('2031-04-04');
    expect(exchange?.monthly).toHaveLength(12);
    expect(exchange?.monthly.at(-1)?.day).toBe('2031-07-02');
  });

  it('the page shows the figures, the chart as inline SVG without style attributes, and the MANRS reasons', async () => {
    const res = await api.http.get('/exchange').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    const html = res.text;
    expect(html).toContain('The exchange in figures');
    expect(html).toMatch(/<dt>Members<\/dt><dd>3<\/dd>/);
    expect(html).toContain('RPKI valid: 4 (40 %)');
    expect(html).toContain('3 of 10 routes (30 %)');
    expect(html).toMatch(/<svg viewBox="0 0 640 240" role="img"/);
    const points = /<polyline class="series series-members" points="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(points.split(' ')).toHaveLength(90);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('4 of 5 met');
    expect(html).toContain('keeps no record of how the exchange promotes MANRS');
    expect((html.match(/<tr><th scope="row">/g) ?? []).length).toBe(12);
    expect(html).toContain('href="/api/lg/v1/exchange"');
  });

  it('shows nothing private: no hidden member, no member name, contact or address', async () => {
    const [page, json] = await Promise.all([api.http.get('/exchange'), api.http.get('/api/lg/v1/exchange')]);
    for (const text of [page.text, JSON.stringify(json.body)]) {
      expect(text).not.toContain('Secret Hidden Network');
      expect(text).not.toContain(String(HIDDEN_MEMBER_ASN));
      expect(text).not.toContain('Example Network');
      expect(text).not.toMatch(/@|192\.0\.2\.\d|2001:db8:/);
    }
  });
});
