import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig } from '@ixora/config';
import { migrate } from '@ixora/database';
import { IxoraError, invalidValue } from '@ixora/errors';
import {
  IxfExporter,
  type ImportCounts,
  IxfImporter,
  IXP_SETTING_KEYS,
  IXP_SETTINGS,
  IxpService,
  ixpSettingsOf,
  MemberService,
  pageRequest,
  parseAsn,
  RouteServerService,
  SessionService,
  UserService,
  MAX_PAGE_SIZE,
  type Page,
} from '@ixora/domain';
import { openAppDatabase, withContext } from '../cli-context.js';
import { addMemberFromPeeringDb, type MemberAddOptions } from './peeringdb.commands.js';
import { print, printTable } from '../output.js';
import { progressBar } from '../progress.js';
import { readSource } from './read-source.js';

interface JsonOption {
  json?: boolean;
}

/** Every page of a paginated list, for commands that print all rows. */
async function allPages<T>(fetch: (limit: number, offset: number) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
    const page = await fetch(MAX_PAGE_SIZE, offset);
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) return items;
  }
}

function printIxpSettings(json: boolean | undefined, ixp: Parameters<typeof ixpSettingsOf>[0]): void {
  const settings = ixpSettingsOf(ixp);
  print(json, { shortname: ixp.shortname, ...settings }, () => {
    console.log(`ixp ${ixp.shortname}`);
    printTable(
      IXP_SETTING_KEYS.map((key) => ({
        setting: key,
        value: settings[key] === null ? '(not set)' : settings[key],
        meaning: IXP_SETTINGS[key].meaning,
      })),
      ['setting', 'value', 'meaning'],
    );
  });
}

export function registerCoreCommands(program: Command): void {
  const db = program.command('db').description('database administration');
  db.command('migrate')
    .description('apply migrations (idempotent)')
    .option('--json', 'machine-readable output')
    .action(async (opts: JsonOption) => {
      const config = loadConfig();
      const database = await openAppDatabase(config);
      try {
        const applied = await migrate(database.dataSource);
        print(opts.json, { database: database.kind, applied }, () =>
          console.log(
            applied.length
              ? `applied ${applied.length} migration(s) on the ${database.kind} database: ${applied.join(', ')}`
              : `the ${database.kind} database is up to date`,
          ),
        );
      } finally {
        await database.close();
      }
    });

  program
    .command('import')
    .description('import data')
    .command('ixf')
    .argument('<source>', 'IX-F Member Export JSON file or URL')
    .description('import an IX-F Member Export (JSON schema 1.0); re-import updates')
    .option('--json', 'machine-readable output')
    .action(async (source: string, opts: JsonOption) => {
      const text = await readSource(source, 'source');
      await withContext(async (ctx) => {
        const bar = progressBar('members', !opts.json);
        try {
          const result = await ctx
            .get(IxfImporter)
            .import(ctx.actor, text, { onProgress: (d, t) => bar.update(d, t) });
          bar.stop();
          print(opts.json, result, () => {
            const rows = Object.entries(result)
              .filter(([, v]) => typeof v === 'object')
              .map(([kind, c]) => ({ kind, ...(c as ImportCounts) }));
            printTable(rows, ['kind', 'created', 'updated', 'deleted', 'unchanged']);
            console.log(`sessions: ${result.sessionsCreated} created, ${result.sessionsRemoved} removed`);
          });
        } finally {
          bar.stop();
        }
      });
    });

  program
    .command('export')
    .description('export data')
    .command('ixf')
    .description('write the IX-F Member Export 1.0 of this Ixp')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (opts: { out?: string }) => {
      await withContext(async (ctx) => {
        const text = `${JSON.stringify(await ctx.get(IxfExporter).export(), null, 2)}\n`;
        if (opts.out) {
          await writeFile(opts.out, text);
          console.error(`wrote ${opts.out}`);
        } else process.stdout.write(text);
      });
    });

  const ixp = program.command('ixp').description('the exchange');
  ixp
    .command('add')
    .description('add an Ixp (IX-F import creates it too)')
    .requiredOption('--shortname <name>')
    .option('--name <name>')
    .option('--country <cc>', 'ISO 3166 two-letter code')
    .option('--json', 'machine-readable output')
    .action(async (opts: { shortname: string; name?: string; country?: string } & JsonOption) => {
      await withContext(async (ctx) => {
        const saved = await ctx.get(IxpService).addIxp(ctx.actor, opts);
        print(opts.json, saved, () => console.log(`added ixp ${saved.shortname} (id ${saved.id})`));
      });
    });
  ixp
    .command('list')
    .option('--json', 'machine-readable output')
    .action(async (opts: JsonOption) => {
      await withContext(async (ctx) => {
        const rows = await ctx.get(IxpService).listIxps();
        print(opts.json, rows, () => printTable(rows, ['id', 'shortname', 'name', 'country']));
      });
    });

  ixp
    .command('show')
    .description('the exchange-wide settings, with what each one means')
    .option('--ixp <shortname>', 'the Ixp (default: the only one)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { ixp?: string } & JsonOption) => {
      await withContext(async (ctx) => {
        const found = await ctx.get(IxpService).findIxp(ctx.actor, opts.ixp);
        printIxpSettings(opts.json, found);
      });
    });
  ixp
    .command('set')
    .description(
      'change exchange-wide settings: KEY=VALUE … (see `ixora ixp show`; KEY= clears a text or address, ' +
        'transitFreeAsns=default restores the well-known list). Import-policy defaults: `ixora policy set --ixp`',
    )
    .argument('<settings...>')
    .option('--ixp <shortname>', 'the Ixp (default: the only one)')
    .option('--json', 'machine-readable output')
    .action(async (words: string[], opts: { ixp?: string } & JsonOption) => {
      const patch: Record<string, unknown> = {};
      for (const word of words) {
        const match = /^([A-Za-z0-9]+)=(.*)$/s.exec(word);
        if (!match) throw invalidValue('setting', word, 'must be KEY=VALUE (e.g. isGracefulShutdown=true)');
        patch[match[1]!] = match[2] === '' ? null : match[2];
      }
      await withContext(async (ctx) => {
        const saved = await ctx.get(IxpService).setSettings(ctx.actor, opts.ixp, patch);
        printIxpSettings(opts.json, saved);
      });
    });

  const lan = program.command('lan').description('peering LANs');
  lan
    .command('add')
    .description('add a peering LAN with its prefixes')
    .requiredOption('--name <name>')
    .option('--ixp <shortname>', 'the Ixp (default: the only one)')
    .option('--vlan <id>')
    .option('--prefix-v4 <prefix>')
    .option('--prefix-v6 <prefix>')
    .option('--json', 'machine-readable output')
    .action(
      async (
        opts: {
          name: string;
          ixp?: string;
          vlan?: string;
          prefixV4?: string;
          prefixV6?: string;
        } & JsonOption,
      ) => {
        await withContext(async (ctx) => {
          const saved = await ctx.get(IxpService).addLan(ctx.actor, { ...opts, vlanId: opts.vlan });
          print(opts.json, saved, () => console.log(`added peering LAN ${saved.name} (id ${saved.id})`));
        });
      },
    );
  lan
    .command('list')
    .option('--json', 'machine-readable output')
    .action(async (opts: JsonOption) => {
      await withContext(async (ctx) => {
        const rows = await ctx.get(IxpService).listLans();
        print(opts.json, rows, () => printTable(rows, ['id', 'name', 'vlanId', 'prefixV4', 'prefixV6']));
      });
    });

  const rs = program.command('rs').description('route servers');
  rs.command('add')
    .description('add a route server on the peering LAN that holds its address')
    .requiredOption('--name <name>')
    .requiredOption('--asn <asn>')
    .requiredOption('--router-id <ip>')
    .option('--ipv4 <ip>')
    .option('--ipv6 <ip>')
    .option('--socket <path>', 'BIRD control socket')
    .option('--agent <url>', 'ixora agent beside a remote BIRD')
    .option('--json', 'machine-readable output')
    .action(
      async (
        opts: {
          name: string;
          asn: string;
          routerId: string;
          ipv4?: string;
          ipv6?: string;
          socket?: string;
          agent?: string;
        } & JsonOption,
      ) => {
        await withContext(async (ctx) => {
          const { routeServer, sessionsCreated } = await ctx.get(RouteServerService).add(ctx.actor, {
            name: opts.name,
            asn: opts.asn,
            routerId: opts.routerId,
            ipv4Address: opts.ipv4,
            ipv6Address: opts.ipv6,
            socketPath: opts.socket,
            agentUrl: opts.agent,
          });
          print(opts.json, { routeServer, sessionsCreated }, () =>
            console.log(
              `added route server ${routeServer.name} (AS${routeServer.asn}) with ${sessionsCreated} session(s)`,
            ),
          );
        });
      },
    );
  rs.command('set')
    .argument('<name>')
    .description("change how a route server's BIRD is reached")
    .option('--socket <path>', 'BIRD control socket on this machine')
    .option('--agent <url>', 'ixora agent beside a remote BIRD')
    .option('--default-socket', 'neither: use BIRD_SOCKET')
    .option('--json', 'machine-readable output')
    .action(
      async (
        name: string,
        opts: { socket?: string; agent?: string; defaultSocket?: boolean } & JsonOption,
      ) => {
        const chosen = [opts.socket, opts.agent, opts.defaultSocket].filter((o) => o !== undefined);
        if (chosen.length !== 1)
          throw new IxoraError(
            'invalid_value',
            'give exactly one of --socket PATH, --agent URL, --default-socket',
          );
        await withContext(async (ctx) => {
          const saved = await ctx.get(RouteServerService).setReach(ctx.actor, name, {
            socketPath: opts.socket ?? null,
            agentUrl: opts.agent ?? null,
          });
          print(opts.json, saved, () =>
            console.log(
              `route server ${saved.name} is read through ${
                saved.socketPath ?? saved.agentUrl ?? 'BIRD_SOCKET'
              }`,
            ),
          );
        });
      },
    );
  rs.command('list')
    .option('--json', 'machine-readable output')
    .action(async (opts: JsonOption) => {
      await withContext(async (ctx) => {
        const rows = await ctx.get(RouteServerService).list();
        print(opts.json, rows, () =>
          printTable(rows, [
            'name',
            'asn',
            'routerId',
            'ipv4Address',
            'ipv6Address',
            'socketPath',
            'agentUrl',
          ]),
        );
      });
    });

  const member = program.command('member').description('members');
  member
    .command('add')
    .description('add a member')
    .requiredOption('--asn <asn>')
    .option('--name <name>')
    .option('--as-set <names>', 'AS-SET(s), space or comma separated, optionally SOURCE:: pinned')
    .option('--max-prefix-v4 <n>')
    .option('--max-prefix-v6 <n>')
    .option('--status <status>', 'onboarding, active, suspended or left')
    .option(
      '--from-peeringdb',
      "fill in name, AS-SETs, max-prefix, policy and interfaces from PeeringDB; values given here stay staff's own",
    )
    .option('--json', 'machine-readable output')
    .action(async (opts: MemberAddOptions) => {
      await withContext(async (ctx) => {
        if (opts.fromPeeringdb) {
          await addMemberFromPeeringDb(ctx, opts);
          return;
        }
        const saved = await ctx.get(MemberService).create(ctx.actor, {
          asn: opts.asn,
          name: opts.name,
          asSets: opts.asSet,
          maxPrefixV4: opts.maxPrefixV4,
          maxPrefixV6: opts.maxPrefixV6,
          status: opts.status,
        });
        print(opts.json, saved, () => console.log(`added member AS${saved.asn} ${saved.name}`));
      });
    });
  member
    .command('list')
    .option('--json', 'machine-readable output')
    .action(async (opts: JsonOption) => {
      await withContext(async (ctx) => {
        const rows = await allPages((l, o) => ctx.get(MemberService).list(ctx.actor, pageRequest(l, o)));
        print(opts.json, rows, () =>
          printTable(rows, ['asn', 'name', 'status', 'asSets', 'maxPrefixV4', 'maxPrefixV6']),
        );
      });
    });
  member
    .command('show')
    .argument('<asn>')
    .option('--json', 'machine-readable output')
    .action(async (asn: string, opts: JsonOption) => {
      await withContext(async (ctx) => {
        const detail = await ctx.get(MemberService).get(ctx.actor, asn);
        print(opts.json, detail, () => {
          const m = detail.member;
          console.log(`AS${m.asn}  ${m.name}  (${m.status}, ${m.memberType})`);
          console.log(
            `as-sets: ${m.asSets.join(' ') || '-'}   max-prefix v4/v6: ${m.maxPrefixV4 ?? '-'}/${m.maxPrefixV6 ?? '-'}`,
          );
          console.log('\ninterfaces:');
          printTable(detail.interfaces, [
            'id',
            'peeringLanId',
            'ipv4Address',
            'ipv6Address',
            'isRouteServerClient',
            'macAddresses',
          ]);
          console.log('\nsessions:');
          printTable(detail.sessions, ['id', 'routeServerId', 'memberInterfaceId', 'family', 'isEnabled']);
        });
      });
    });

  const session = program.command('session').description('route-server sessions');
  session
    .command('list')
    .option('--asn <asn>', 'only this member')
    .option('--rs <name>', 'only this route server')
    .option('--json', 'machine-readable output')
    .action(async (opts: { asn?: string; rs?: string } & JsonOption) => {
      await withContext(async (ctx) => {
        const filter = {
          memberAsn: opts.asn === undefined ? undefined : parseAsn(opts.asn, '--asn'),
          routeServer: opts.rs,
        };
        const rows = await allPages((l, o) =>
          ctx.get(SessionService).list(ctx.actor, pageRequest(l, o), filter),
        );
        print(opts.json, rows, () =>
          printTable(rows, [
            'id',
            'routeServer',
            'memberAsn',
            'memberName',
            'family',
            'peerAddress',
            'isEnabled',
          ]),
        );
      });
    });
  for (const [name, isEnabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    session
      .command(name)
      .argument('<id>', 'session id (see session list)')
      .option('--json', 'machine-readable output')
      .action(async (id: string, opts: JsonOption) => {
        await withContext(async (ctx) => {
          const view = await ctx.get(SessionService).setEnabled(ctx.actor, id, isEnabled);
          print(opts.json, view, () =>
            console.log(
              `session ${view.id} (AS${view.memberAsn} ${view.peerAddress} on ${view.routeServer}) ${name}d`,
            ),
          );
        });
      });
  }

  const user = program.command('user').description('users');
  user
    .command('add')
    .description('add a user and print an API token for it (shown once)')
    .requiredOption('--email <email>')
    .requiredOption('--role <role>', 'admin, member_admin or member_user')
    .option('--member <asn>', 'the member of a member_admin or member_user')
    .option('--password-stdin', 'read a password from standard input')
    .option('--json', 'machine-readable output')
    .action(
      async (
        opts: { email: string; role: string; member?: string; passwordStdin?: boolean } & JsonOption,
      ) => {
        const password = opts.passwordStdin ? (await readStdin()).replace(/\r?\n$/, '') : undefined;
        await withContext(async (ctx) => {
          const users = ctx.get(UserService);
          const saved = await users.add(ctx.actor, {
            email: opts.email,
            role: opts.role,
            memberAsn: opts.member,
            password,
          });
          const { token } = await users.createToken(
            { ...ctx.actor, role: 'admin' },
            { name: 'created by ixora user add', userId: saved.id },
          );
          print(opts.json, { id: saved.id, email: saved.email, role: saved.role, token }, () => {
            console.log(`added user ${saved.email} (${saved.role})`);
            console.log(`API token (shown once): ${token}`);
          });
        });
      },
    );
  for (const [name, isDisabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(name)
      .argument('<email>')
      .description(
        isDisabled
          ? "disable a user: its password and API tokens stop working at once (the last admin can't be)"
          : 'enable a disabled user again',
      )
      .option('--json', 'machine-readable output')
      .action(async (email: string, opts: JsonOption) => {
        await withContext(async (ctx) => {
          const saved = await ctx.get(UserService).setDisabled(ctx.actor, email, isDisabled);
          print(opts.json, { id: saved.id, email: saved.email, isDisabled: saved.isDisabled }, () =>
            console.log(`${isDisabled ? 'disabled' : 'enabled'} user ${saved.email}`),
          );
        });
      });
  }
  user
    .command('list')
    .option('--json', 'machine-readable output')
    .action(async (opts: JsonOption) => {
      await withContext(async (ctx) => {
        const rows = (await ctx.get(UserService).list(ctx.actor)).map(({ passwordHash: _p, ...u }) => u);
        print(opts.json, rows, () => printTable(rows, ['id', 'email', 'role', 'memberId', 'isDisabled']));
      });
    });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
