import {
  PEERINGDB_FIXTURES_DIR,
  startPeeringDbTestServer,
  type PeeringDbTestServer,
} from './peeringdb-test.server.js';

type Row = Record<string, unknown> & { id: number; asn: number };
interface Body {
  data: Row[];
  meta: Record<string, unknown>;
}

describe('PeeringDB test server', () => {
  let server: PeeringDbTestServer;
  const get = async (
    pathAndQuery: string,
  ): Promise<{ status: number; body: Body; retryAfter: string | null }> => {
    const response = await fetch(`${server.url}${pathAndQuery}`);
    return {
      status: response.status,
      body: (await response.json()) as Body,
      retryAfter: response.headers.get('retry-after'),
    };
  };

  beforeAll(async () => {
    server = await startPeeringDbTestServer({ fixturesDir: PEERINGDB_FIXTURES_DIR });
  });
  afterAll(async () => {
    await server.close();
  });

  it('serves the envelope with exact, __in, __gte and boolean filters', async () => {
    expect((await get('/net?asn=64501')).body).toEqual({
      data: [expect.objectContaining({ id: 601 })],
      meta: {},
    });
    expect((await get('/net?asn__in=64501,65550')).body.data.map((n) => n.id)).toEqual([601, 603]);
    expect((await get('/net?info_prefixes4__gte=800')).body.data.map((n) => n.asn)).toEqual([65550, 64503]);
    expect((await get('/net?info_never_via_route_servers=1')).body.data.map((n) => n.asn)).toEqual([64503]);
    expect(
      (await get('/netixlan?ix_id=301&is_rs_peer=true&limit=2&skip=1')).body.data.map((n) => n.id),
    ).toEqual([802, 803]);
  });

  it('lists deleted objects only with since, and 404s them by id', async () => {
    const at = new Date('2030-01-01T00:00:00Z');
    server.remove('poc', 702, at);
    expect((await get('/poc')).body.data.map((p) => p.id)).toEqual([701]);
    const since = (await get(`/poc?since=${at.getTime() / 1000}`)).body.data;
    expect(since).toEqual([
      expect.objectContaining({ id: 702, status: 'deleted', updated: '2030-01-01T00:00:00Z' }),
    ]);
    expect((await get('/poc/702')).status).toBe(404);
    expect((await get('/nosuchtype')).body).toEqual({ meta: { error: 'Not found.' } });
  });

  it('nests child sets with depth', async () => {
    expect((await get('/net/601?depth=1')).body.data[0]).toMatchObject({
      netixlan_set: [801, 802],
      poc_set: [701],
    });
    const [net] = (await get('/net?id=602&depth=2')).body.data;
    expect(net!.netixlan_set).toEqual([expect.objectContaining({ id: 803, ipaddr4: '192.0.2.21' })]);
    expect((await get('/net?id=602')).body.data[0]!.netixlan_set).toBeUndefined();
  });

  it('answers scripted 429 and 500', async () => {
    server.failNext({ status: 429, retryAfter: '3', path: '/api/ix' });
    server.failNext({ status: 500, path: /^\/api\/ix/ });
    expect(await get('/org')).toMatchObject({ status: 200 });
    expect(await get('/ix')).toMatchObject({
      status: 429,
      retryAfter: '3',
      body: { meta: { error: 'Request was throttled.' } },
    });
    expect(await get('/ix/301')).toMatchObject({ status: 500 });
    expect(await get('/ix/301')).toMatchObject({ status: 200 });
  });
});
