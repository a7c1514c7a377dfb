import type { Command } from 'commander';
import { MemberInterfaceService, type MemberInterfaceView } from '@ixora/domain';
import { withContext } from '../cli-context.js';
import { print, printTable } from '../output.js';
import { collect, type JsonOption } from './command.options.js';

function interfaceRow(v: MemberInterfaceView) {
  const i = v.memberInterface;
  return {
    id: i.id,
    memberAsn: v.memberAsn,
    peeringLanId: i.peeringLanId,
    peeringLanName: v.peeringLanName,
    portId: i.portId,
    portName: v.portName,
    switchName: v.switchName,
    ipv4Address: i.ipv4Address,
    ipv6Address: i.ipv6Address,
    macAddresses: i.macAddresses,
    isRouteServerClient: i.isRouteServerClient,
    maxPrefixV4: i.maxPrefixV4,
    maxPrefixV6: i.maxPrefixV6,
    sessions: v.sessions,
  };
}

interface InterfaceOptions extends JsonOption {
  member?: string;
  lan?: string;
  port?: string;
  ipv4?: string;
  ipv6?: string;
  mac?: string[];
  rsClient?: boolean;
  maxPrefixV4?: string;
  maxPrefixV6?: string;
}

function interfaceInput(opts: InterfaceOptions) {
  return {
    peeringLanId: opts.lan,
    portId: opts.port,
    ipv4Address: opts.ipv4,
    ipv6Address: opts.ipv6,
    macAddresses: opts.mac?.length === 1 && opts.mac[0] === '' ? [] : opts.mac,
    isRouteServerClient: opts.rsClient,
    maxPrefixV4: opts.maxPrefixV4,
    maxPrefixV6: opts.maxPrefixV6,
  };
}

function interfaceOptions(command: Command): Command {
  return command
    .option('--port <id>', 'the member port it is configured on ("" for none)')
    .option('--ipv4 <address>', 'IPv4 address inside the LAN prefix ("" clears)')
    .option('--ipv6 <address>', 'IPv6 address inside the LAN prefix ("" clears)')
    .option('--mac <mac>', 'a MAC address (repeat, or a comma list)', collect)
    .option('--rs-client', 'peers with the route servers (default)')
    .option('--no-rs-client', 'does not peer with the route servers')
    .option('--max-prefix-v4 <n>')
    .option('--max-prefix-v6 <n>')
    .option('--json', 'machine-readable output');
}

const describeInterface = (v: { id: number; ipv4Address: string | null; ipv6Address: string | null }) =>
  `member interface ${v.id} (${[v.ipv4Address, v.ipv6Address].filter(Boolean).join(', ')})`;

/** `ixora interface`: members' addresses on the peering LANs. */
export function registerInterfaceCommands(program: Command): void {
  const iface = program
    .command('interface')
    .description("members' addresses (IPv4, IPv6, MACs) on the peering LANs");
  iface
    .command('list')
    .description('member interfaces with their port and route-server sessions')
    .option('--member <asn>', 'only this member')
    .option('--lan <id>', 'only on this peering LAN')
    .option('--port <id>', 'only over this port')
    .option('--json', 'machine-readable output')
    .action(async (opts: InterfaceOptions) => {
      await withContext(async (ctx) => {
        const rows = (
          await ctx
            .get(MemberInterfaceService)
            .list(ctx.actor, { member: opts.member, peeringLanId: opts.lan, portId: opts.port })
        ).map(interfaceRow);
        print(opts.json, rows, () =>
          printTable(
            rows.map((r) => ({
              ...r,
              port: r.portId === null ? null : `${r.portId} ${r.switchName ?? ''} ${r.portName ?? ''}`.trim(),
              sessions: r.sessions.map(
                (s) => `${s.id}:${s.routeServerName}/v${s.family}${s.isEnabled ? '' : '(off)'}`,
              ),
            })),
            [
              'id',
              'memberAsn',
              'peeringLanName',
              'port',
              'ipv4Address',
              'ipv6Address',
              'macAddresses',
              'sessions',
            ],
          ),
        );
      });
    });
  interfaceOptions(
    iface
      .command('add')
      .description("add a member's addresses on a peering LAN (route-server sessions follow)")
      .requiredOption('--member <asn>', 'the member')
      .requiredOption('--lan <id>', 'the peering LAN id (see lan list)'),
  ).action(async (opts: InterfaceOptions) => {
    await withContext(async (ctx) => {
      const service = ctx.get(MemberInterfaceService);
      const saved = await service.create(ctx.actor, opts.member, interfaceInput(opts));
      const row = interfaceRow(await service.get(ctx.actor, saved.id));
      print(opts.json, row, () =>
        console.log(
          `added ${describeInterface(row)} for AS${row.memberAsn} with ${row.sessions.length} session(s)`,
        ),
      );
    });
  });
  interfaceOptions(
    iface
      .command('edit')
      .description("change a member interface's addresses, MACs, port or route-server flag")
      .argument('<id>', 'interface id (see interface list)')
      .option('--lan <id>', 'another peering LAN'),
  ).action(async (id: string, opts: InterfaceOptions) => {
    await withContext(async (ctx) => {
      const service = ctx.get(MemberInterfaceService);
      const saved = await service.update(ctx.actor, id, interfaceInput(opts));
      const row = interfaceRow(await service.get(ctx.actor, saved.id));
      print(opts.json, row, () => console.log(`changed ${describeInterface(row)}`));
    });
  });
  iface
    .command('remove')
    .description('remove a member interface; refused while it has an enabled route-server session')
    .argument('<id>', 'interface id (see interface list)')
    .option('--remove-sessions', 'remove its route-server sessions too, enabled ones included (audited)')
    .action(async (id: string, opts: { removeSessions?: boolean }) => {
      await withContext(async (ctx) => {
        await ctx
          .get(MemberInterfaceService)
          .remove(ctx.actor, id, { removeSessions: opts.removeSessions === true });
        console.log(`removed member interface ${id}`);
      });
    });
}
