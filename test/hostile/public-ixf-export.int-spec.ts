import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Member, MemberInterface } from '@ixora/domain';
import {
  bearer,
  MEMBER_A,
  startApiTestApp,
  type ApiTestApp,
} from '../../apps/api/src/testing/api-test.app.js';
import { ixora } from '../../apps/cli/src/run-cli.test-helper.js';

interface ExportedMember {
  asnum: number;
  url?: string;
  connection_list: {
    vlan_list: { ipv4?: { mac_addresses?: string[] }; ipv6?: { mac_addresses?: string[] } }[];
  }[];
}

const macsOf = (members: ExportedMember[]): string[] =>
  members.flatMap((m) =>
    m.connection_list.flatMap((c) =>
      c.vlan_list.flatMap((v) => [...(v.ipv4?.mac_addresses ?? []), ...(v.ipv6?.mac_addresses ?? [])]),
    ),
  );

/**
 * Issue 11 item 14: the public IX-F export listed hidden members and every member's MAC addresses,
 * and passed `javascript:` member URLs through. Publicly: no hidden member, no MAC address, member
 * URLs only when http(s); the IX-F shape is kept. Staff get everything with a token
 * (`GET /api/v1/ixf/export/full`) and with `ixora export ixf --full`.
 */
describe('hostile: the public IX-F export', () => {
  let t: ApiTestApp;
  let admin: [string, string];
  let dir: string;
  const HIDDEN = 64498;
  const savedUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    t = await startApiTestApp();
    admin = bearer(t.users.admin);
    dir = await mkdtemp(path.join(os.tmpdir(), 'ixora-hostile-'));
    process.env.DATABASE_URL = t.db.url;
    const m = t.db.dataSource.manager;
    await m.update(Member, { asn: HIDDEN }, { isHiddenFromPublic: true });
    await m.update(Member, { asn: MEMBER_A }, { url: 'javascript:alert(document.cookie)' });
    await m.update(Member, { asn: 64497 }, { url: 'data:text/html,<script>alert(1)</script>' });
    // The seeded members' interfaces carry MAC addresses (the IX-F factory gives each one).
    expect(await m.count(MemberInterface)).toBeGreaterThan(0);
  });
  afterAll(async () => {
    process.env.DATABASE_URL = savedUrl;
    await rm(dir, { recursive: true, force: true });
    await t.close();
  });

  it('GET /api/v1/ixf/export (no token): no hidden member, no MAC, http(s) URLs only, IX-F shape', async () => {
    const res = await t.http.get('/api/v1/ixf/export').expect(200);
    expect(res.body).toMatchObject({
      version: '1.0',
      ixp_list: [expect.objectContaining({ shortname: 'EX-IX' })],
    });
    const members = res.body.member_list as ExportedMember[];
    expect(members.map((m) => m.asnum)).toEqual([64496, 64497, 64499]);
    expect(macsOf(members)).toEqual([]);
    expect(JSON.stringify(res.body)).not.toMatch(/mac_addresses|javascript:|data:text/);
    expect(members.find((m) => m.asnum === MEMBER_A)).not.toHaveProperty('url');
    expect(members.find((m) => m.asnum === 64499)?.url).toBe('https://network3.example.net/');
    // Still every member's connections and addresses: the list is useful without the private parts.
    expect(members.every((m) => m.connection_list.length > 0)).toBe(true);
  });

  it('a member token does not unlock the full export; staff get it', async () => {
    await t.http.get('/api/v1/ixf/export/full').expect(401);
    await t.http
      .get('/api/v1/ixf/export/full')
      .set(...bearer(t.users.adminA))
      .expect(403);
    const res = await t.http
      .get('/api/v1/ixf/export/full')
      .set(...admin)
      .expect(200);
    const members = res.body.member_list as ExportedMember[];
    expect(members.map((m) => m.asnum)).toEqual([64496, 64497, 64498, 64499]);
    expect(macsOf(members).length).toBeGreaterThan(0);
    expect(members.find((m) => m.asnum === MEMBER_A)?.url).toBe('javascript:alert(document.cookie)');
  });

  it('a member URL that is not http(s) is refused on write, naming url', async () => {
    const res = await t.http
      .patch(`/api/v1/members/AS${MEMBER_A}`)
      .set(...bearer(t.users.adminA))
      .send({ url: 'javascript:alert(1)' })
      .expect(400);
    expect(res.body.error).toMatchObject({ field: 'url', value: 'javascript:alert(1)' });
    await t.http
      .patch(`/api/v1/members/AS${MEMBER_A}`)
      .set(...bearer(t.users.adminA))
      .send({ url: 'https://network0.example.net/peering' })
      .expect(200);
  });

  it('ixora export ixf is the public view; --full is everything', async () => {
    const publicFile = path.join(dir, 'public.json');
    expect((await ixora('export', 'ixf', '--out', publicFile)).code).toBe(0);
    const pub = JSON.parse(await readFile(publicFile, 'utf8')) as { member_list: ExportedMember[] };
    expect(pub.member_list.map((m) => m.asnum)).toEqual([64496, 64497, 64499]);
    expect(macsOf(pub.member_list)).toEqual([]);
    const fullFile = path.join(dir, 'full.json');
    expect((await ixora('export', 'ixf', '--full', '--out', fullFile)).code).toBe(0);
    const full = JSON.parse(await readFile(fullFile, 'utf8')) as { member_list: ExportedMember[] };
    expect(full.member_list.map((m) => m.asnum)).toEqual([64496, 64497, 64498, 64499]);
    expect(macsOf(full.member_list).length).toBeGreaterThan(0);
  });
});
