import { loadConfig } from '@ixora/config';
import { cliActor, PasswordResetService, UserService } from '@ixora/domain';
import { Mailer } from '@ixora/mail';
import { createTestDatabase, type TestDatabase } from '@ixora/testing';
import { ixora } from '../run-cli.test-helper.js';

describe('ixora mail outbox | user reset-link', () => {
  let db: TestDatabase;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, PUBLIC_URL: process.env.PUBLIC_URL };

  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    process.env.PUBLIC_URL = 'https://portal.ix.example.net';
  });
  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await db.drop();
  });

  it('shows the mails kept without an SMTP relay, newest first', async () => {
    const empty = await ixora('mail', 'outbox');
    expect(empty.code).toBe(0);
    expect(empty.out).toContain('the outbox is empty');

    const mailer = new Mailer(db.dataSource, loadConfig({ DATABASE_URL: db.url }));
    expect(await mailer.send({ to: 'noc@network0.example.net', subject: 'first', text: 'one\ntwo' })).toBe(
      'outbox',
    );
    await mailer.send({ to: 'noc@network1.example.net', subject: 'second', text: 'three' });
    const listed = await ixora('mail', 'outbox');
    expect(listed.code).toBe(0);
    expect(listed.out.indexOf('Subject: second')).toBeLessThan(listed.out.indexOf('Subject: first'));
    expect(listed.out).toMatch(/#\d+ {2}\S+Z {2}to noc@network0\.example\.net\nSubject: first\n\none\ntwo\n/);

    const json = await ixora('mail', 'outbox', '--limit', '1', '--json');
    const rows = JSON.parse(json.out) as { recipient: string; subject: string }[];
    expect(rows).toEqual([
      expect.objectContaining({ recipient: 'noc@network1.example.net', subject: 'second' }),
    ]);

    const bad = await ixora('mail', 'outbox', '--limit', 'lots');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--limit: "lots"');
  });

  it('prints a one-time reset link for staff to pass on, and refuses an unknown user', async () => {
    await new UserService(db.dataSource).add(cliActor('test'), {
      email: 'staff2@ix.example.net',
      role: 'admin',
    });
    const run = await ixora('user', 'reset-link', 'Staff2@ix.example.net');
    expect(run.code).toBe(0);
    const link = /https:\/\/portal\.ix\.example\.net\/password-reset\/([A-Za-z0-9_-]{43})/.exec(run.out);
    expect(link).not.toBeNull();
    const resets = new PasswordResetService(
      db.dataSource,
      new UserService(db.dataSource),
      loadConfig({ DATABASE_URL: db.url }),
    );
    expect(await resets.isUsable(link![1]!)).toBe(true);
    await resets.complete(link![1]!, 'a good long passphrase');
    expect(await resets.isUsable(link![1]!)).toBe(false);

    const unknown = await ixora('user', 'reset-link', 'nobody@ix.example.net');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('nobody@ix.example.net');

    const list = await ixora('user', 'list', '--json');
    expect(list.out).not.toMatch(/totpSecret|passwordHash/);
  });
});
