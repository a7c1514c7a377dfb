import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { loadConfig } from '@ixora/config';
import { migrate } from '@ixora/database';
import {
  IxfImporter,
  Member,
  RouteServerConfigService,
  RouteServerService,
  User,
  UserService,
} from '@ixora/domain';
import { IrrRefreshService } from '@ixora/irr';
import { RpkiSnapshotService } from '@ixora/rpki';
import { buildIxfExport, IrrTestDatabase, startDemoBird, startIrrTestServer } from '@ixora/testing';
import { serveApi } from '../api.launcher.js';
import { openAppDatabase, withContext } from '../cli-context.js';
import { demoRpsl, demoVrps } from './demo-data.js';

const DEMO_ADMIN = 'admin@demo.ixora.invalid';
const DEMO_MEMBER_ADMIN = 'noc@as64496.demo.ixora.invalid';
const DEMO_MEMBERS = 24;

/**
 * `ixora demo`: a small exchange on the embedded database (or DATABASE_URL), through the same
 * services as production: 24 members from an IX-F export, a dual-stack route server with its
 * sessions, IRR data from a local IRRd-protocol server, RPKI VRPs, a route-server config checked
 * by `bird -p` when BIRD is installed, an admin with a fresh API token — then the API. Safe to run
 * again: the import and the refreshes change nothing the second time.
 */
export async function runDemo(options: { serve: boolean }): Promise<void> {
  const baseConfig = loadConfig();
  const database = await openAppDatabase(baseConfig);
  try {
    const applied = await migrate(database.dataSource);
    const where =
      database.kind === 'embedded' ? `embedded PostgreSQL in ${baseConfig.embeddedDataDir}` : 'DATABASE_URL';
    console.log(`database: ${where}${applied.length ? `, ${applied.length} migration(s) applied` : ''}`);
  } finally {
    await database.close();
  }

  // IRR data comes from a local server that speaks the IRRd protocol, as a real IRR would.
  const irr = await startIrrTestServer({
    database: IrrTestDatabase.fromRpsl(demoRpsl(DEMO_MEMBERS), 'DEMO'),
    host: '127.0.0.1',
    port: 0,
  });
  const config = { ...baseConfig, irrHost: irr.host, irrPort: irr.port, irrSources: [] };
  let token = '';
  // Fresh sign-in passwords every run, printed below (the demo keeps no secret of its own).
  const logins = {
    staff: randomBytes(12).toString('base64url'),
    member: randomBytes(12).toString('base64url'),
  };
  let builtConfig: string | undefined;
  try {
    await withContext(
      async (ctx) => {
        const result = await ctx
          .get(IxfImporter)
          // A demo exchange is a lab: its members hold documentation ASNs, allowed explicitly.
          .import(ctx.actor, JSON.stringify(buildIxfExport({ members: DEMO_MEMBERS })), {
            allowBogonAsn: 'demo exchange: documentation ASNs (RFC 5398)',
          });
        console.log(
          `demo exchange: ${result.members.created} member(s) created, ${result.members.unchanged} unchanged`,
        );
        const routeServers = ctx.get(RouteServerService);
        if ((await routeServers.list()).every((rs) => rs.name !== 'rs1')) {
          const { sessionsCreated } = await routeServers.add(ctx.actor, {
            name: 'rs1',
            asn: 65551,
            routerId: '192.0.2.1',
            ipv4Address: '192.0.2.1',
            ipv6Address: '2001:db8::1',
          });
          console.log(`route server rs1 (AS65551) added with ${sessionsCreated} sessions`);
        }
        const refreshed = await ctx.get(IrrRefreshService).refresh(ctx.actor);
        console.log(`IRR: ${refreshed.ok} member(s) expanded from the demo IRR server at ${irr.address}`);

        const vrpFile = path.join(config.embeddedDataDir, 'demo-vrps.json');
        await mkdir(path.dirname(vrpFile), { recursive: true });
        await writeFile(vrpFile, demoVrps(DEMO_MEMBERS, new Date()));
        const rpki = await ctx
          .get(RpkiSnapshotService)
          .refresh(ctx.actor, { location: vrpFile, isOperatorLocation: true, force: true });
        console.log(`RPKI: ${rpki.vrpCount} VRPs loaded (${rpki.format})`);

        if (spawnSync(config.birdBinary, ['--version']).error === undefined) {
          const built = await ctx.get(RouteServerConfigService).build(ctx.actor, 'rs1');
          if (built.isValid) builtConfig = built.path;
          console.log(
            `config: rs1 version ${built.version.id}, ${built.version.sizeBytes} bytes, ${built.version.validationStatus} (bird -p) → ${built.path}`,
          );
        } else {
          console.log(`config: skipped, ${config.birdBinary} is not installed (Debian package bird2)`);
        }

        const ds = ctx.app.get(DataSource);
        if (!(await ds.manager.findOneBy(Member, { asn: 64496 })))
          throw new Error('demo import did not create AS64496');
        const users = ctx.get(UserService);
        const admin =
          (await ds.manager.findOneBy(User, { email: DEMO_ADMIN })) ??
          (await users.add(ctx.actor, { email: DEMO_ADMIN, role: 'admin' }));
        ({ token } = await users.createToken(ctx.actor, {
          name: `demo ${new Date().toISOString()}`,
          userId: admin.id,
        }));
        const memberAdmin =
          (await ds.manager.findOneBy(User, { email: DEMO_MEMBER_ADMIN })) ??
          (await users.add(ctx.actor, { email: DEMO_MEMBER_ADMIN, role: 'member_admin', memberAsn: 64496 }));
        for (const [id, password] of [
          [admin.id, logins.staff],
          [memberAdmin.id, logins.member],
        ] as const)
          await ds.manager.update(
            User,
            { id },
            { passwordHash: await argon2.hash(password, { type: argon2.argon2id }) },
          );
      },
      { config },
    );
  } finally {
    await irr.close();
  }
  if (!options.serve) {
    console.log(`admin API token: ${token}`);
    return;
  }
  // With BIRD at hand, the route server really runs the built config, so the looking glass has
  // something to show (its sessions wait for members that exist only on paper).
  const bird = builtConfig
    ? await startDemoBird(
        baseConfig.birdBinary,
        builtConfig,
        path.join(baseConfig.embeddedDataDir, 'bird', 'rs1.ctl'),
      )
    : undefined;
  console.log(
    bird
      ? `route server: BIRD runs rs1's config in its own network namespace (control socket ${bird.socket})`
      : 'route server: not started (needs bird2 and unshare); the looking glass shows rs1 as unreachable',
  );
  const webConfig = {
    ...baseConfig,
    webSignIn: true,
    sessionSecret: baseConfig.sessionSecret ?? randomBytes(32).toString('base64url'),
  };
  await serveApi({ ...webConfig, birdSocket: bird?.socket ?? baseConfig.birdSocket }, (url) => {
    console.log(`
ixora demo is running — press Ctrl-C to stop.

  looking glass  ${url}/
  in figures     ${url}/exchange          (JSON: ${url}/api/lg/v1/exchange)
  API            ${url}/api/v1            (OpenAPI: ${url}/api/docs)
  admin token    ${token}
  sign in        ${url}/login
                 staff:  ${DEMO_ADMIN} / ${logins.staff} (enrols a second factor first)
                 member: ${DEMO_MEMBER_ADMIN} / ${logins.member} (AS64496)
  try            curl -H 'Authorization: Bearer ${token}' ${url}/api/v1/members
                 node bin/ixora.js irr show 64497      node bin/ixora.js rpki report
`);
  });
  bird?.stop();
}
