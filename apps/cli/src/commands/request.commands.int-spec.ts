import { MemberService, type Actor } from '@ixora/domain';
import { createTestDatabase, type TestDatabase } from '@ixora/testing';
import { ixora } from '../run-cli.test-helper.js';

describe('ixora request list | show | approve | decline', () => {
  let db: TestDatabase;
  let memberAdmin: Actor;
  const saved = process.env.DATABASE_URL;

  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    const [member] = await db.dataSource.query<{ id: number }[]>(
      `INSERT INTO member (asn, name, as_sets, max_prefix_v4) VALUES
         (64496, 'Network Zero', '{AS-EXAMPLE-ZERO}', 100) RETURNING id`,
    );
    await db.dataSource.query(`INSERT INTO member (asn, name) VALUES (64497, 'Network One')`);
    memberAdmin = {
      label: 'user:admin@network0.example.net',
      userId: null,
      role: 'member_admin',
      memberId: member!.id,
    };
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    await db.drop();
  });

  it('lists pending requests, shows one, approves it (applied) and declines another (not applied)', async () => {
    const members = new MemberService(db.dataSource);
    const first = await members.update(memberAdmin, 64496, { asSets: ['AS-EXAMPLE-ZERO', 'AS-GOOGLE'] });
    const second = await members.update(memberAdmin, 64496, { maxPrefixV4: 5000 });
    expect(first.request && second.request).toBeTruthy();

    const list = await ixora('request', 'list', '--state', 'pending');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/ID\s+MEMBER\s+KIND\s+STATE/);
    expect(list.out).toMatch(
      new RegExp(
        `${first.request!.id}\\s+AS64496\\s+member_filters\\s+pending\\s+asSets=AS-EXAMPLE-ZERO\\s+asSets=AS-EXAMPLE-ZERO,AS-GOOGLE`,
      ),
    );
    expect(list.out).toContain('maxPrefixV4=100');

    const show = await ixora('request', 'show', String(second.request!.id));
    expect(show.out).toContain('proposed:     maxPrefixV4=5000');
    expect(show.out).toContain('requested by: user:admin@network0.example.net');

    const declined = await ixora(
      'request',
      'decline',
      String(first.request!.id),
      '--reason',
      'AS-GOOGLE is not your cone',
    );
    expect(declined.code).toBe(0);
    expect(declined.out).toContain('declined');
    expect(declined.out).toContain('reason:       AS-GOOGLE is not your cone');
    const approved = await ixora('request', 'approve', String(second.request!.id));
    expect(approved.code).toBe(0);
    expect(approved.out).toMatch(/decided by:   cli:\S+/);

    const [row] = await db.dataSource.query<{ as_sets: string[]; max_prefix_v4: number }[]>(
      `SELECT as_sets, max_prefix_v4 FROM member WHERE asn = 64496`,
    );
    expect(row).toEqual({ as_sets: ['AS-EXAMPLE-ZERO'], max_prefix_v4: 5000 });
    const again = await ixora('request', 'approve', String(second.request!.id));
    expect(again.code).toBe(1);
    expect(again.err).toContain(`request ${second.request!.id} is already approved`);
    expect((await ixora('request', 'list', '--state', 'pending')).out).toContain('no requests');
  });

  it('refuses a decline without a reason and a bad state filter, naming the field', async () => {
    const missing = await ixora('request', 'decline', '1');
    expect(missing.code).not.toBe(0);
    expect(missing.err).toContain('--reason');
    const bad = await ixora('request', 'list', '--state', 'open');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('state: "open" must be one of pending, approved, declined, withdrawn');
    const badId = await ixora('request', 'show', '0x10');
    expect(badId.err).toContain('id: "0x10" is not an id');
  });
});
