import { loadConfig } from '@ixora/config';
import { migrate, openDatabase } from '@ixora/database';
import { cliActor, IxfImporter, Member, RouteServerService, User, UserService } from '@ixora/domain';
import { buildIxfExport } from '@ixora/testing';
import { serveApi } from '../commands/serve.commands.js';

const DEMO_ADMIN = 'admin@demo.ixora.invalid';

/**
 * `ixora demo`: a small exchange on the embedded database (or DATABASE_URL) — 24 members from an
 * IX-F export, a dual-stack route server with its sessions, an admin with a fresh API token — then
 * the API. Safe to run again: the import changes nothing the second time.
 */
export async function runDemo(options: { serve: boolean }): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config);
  const actor = cliActor('demo');
  let token: string;
  try {
    const ds = database.dataSource;
    const applied = await migrate(ds);
    console.log(`database: ${database.kind === 'embedded' ? `embedded PostgreSQL in ${config.embeddedDataDir}` : 'DATABASE_URL'}${applied.length ? `, ${applied.length} migration(s) applied` : ''}`);
    const result = await new IxfImporter(ds).import(actor, JSON.stringify(buildIxfExport({ members: 24 })));
    console.log(`demo exchange: ${result.members.created} member(s) created, ${result.members.unchanged} unchanged`);
    const routeServers = new RouteServerService(ds);
    if (!(await ds.manager.findOneBy(Member, { asn: 64496 }))) throw new Error('demo import did not create AS64496');
    if ((await routeServers.list()).every((rs) => rs.name !== 'rs1')) {
      const { sessionsCreated } = await routeServers.add(actor, {
        name: 'rs1',
        asn: 64511,
        routerId: '192.0.2.1',
        ipv4Address: '192.0.2.1',
        ipv6Address: '2001:db8::1',
      });
      console.log(`route server rs1 (AS64511) added with ${sessionsCreated} sessions`);
    }
    const users = new UserService(ds);
    let admin = await ds.manager.findOneBy(User, { email: DEMO_ADMIN });
    admin ??= await users.add(actor, { email: DEMO_ADMIN, role: 'admin' });
    ({ token } = await users.createToken(actor, { name: `demo ${new Date().toISOString()}`, userId: admin.id }));
  } finally {
    await database.close();
  }
  if (!options.serve) {
    console.log(`admin API token: ${token}`);
    return;
  }
  await serveApi(config, (url) => {
    console.log(`
ixora demo is running — press Ctrl-C to stop.

  API            ${url}/api/v1            (OpenAPI: ${url}/api/docs)
  admin token    ${token}
  try            curl -H 'Authorization: Bearer ${token}' ${url}/api/v1/members
  IX-F export    ${url}/api/v1/ixf/export
`);
  });
}
