import type { Command } from 'commander';
import { PortService, type PortView } from '@ixora/domain';
import { withContext } from '../cli-context.js';
import { print, printTable } from '../output.js';
import { collect, type JsonOption } from './command.options.js';

function portRow(v: PortView) {
  const p = v.port;
  return {
    id: p.id,
    memberAsn: v.memberAsn,
    memberName: v.memberName,
    switchId: p.switchId,
    switchName: v.switchName,
    portName: p.portName,
    isLag: p.isLag,
    lagMembers: p.isLag ? p.interfaces.map((i) => i.name ?? '?') : [],
    speedMbps: p.speedMbps,
    linkType: p.interfaces[0]?.type ?? null,
    state: p.state,
    interfaces: p.interfaces,
    memberInterfaceIds: v.memberInterfaceIds,
  };
}

const describePort = (v: PortView) =>
  `port ${v.port.id} (AS${v.memberAsn}, ${v.switchName ?? 'no switch'} ${v.port.portName ?? '-'}` +
  `${v.port.isLag ? `, LAG of ${v.port.interfaces.map((i) => i.name ?? '?').join(' ')}` : ''})`;

interface PortOptions extends JsonOption {
  member?: string;
  switch?: string;
  name?: string;
  lag?: boolean;
  lagMember?: string[];
  speed?: string;
  type?: string;
  state?: string;
}

/** `ixora port`: members' ports (physical or LAG). */
export function registerPortCommands(program: Command): void {
  const port = program.command('port').description("members' ports: physical ports and LAGs");
  port
    .command('list')
    .description('ports, optionally of one member or on one switch')
    .option('--member <asn>', 'only this member')
    .option('--switch <switch>', 'only on this switch (id or name)')
    .option('--json', 'machine-readable output')
    .action(async (opts: PortOptions) => {
      await withContext(async (ctx) => {
        const rows = (await ctx.get(PortService).list(ctx.actor, opts)).map(portRow);
        print(opts.json, rows, () =>
          printTable(rows, ['id', 'memberAsn', 'switchName', 'portName', 'lagMembers', 'speedMbps', 'state']),
        );
      });
    });
  port
    .command('add')
    .description("add a member's port on a switch")
    .requiredOption('--member <asn>', 'the member')
    .requiredOption('--switch <switch>', 'switch id or name')
    .requiredOption(
      '--name <port>',
      'the port name on the switch; for a LAG its own name (ae12, Port-Channel12)',
    )
    .option('--lag', 'a LAG: give its physical member ports with --lag-member')
    .option('--lag-member <port>', 'a physical member port of the LAG (repeat, or a comma list)', collect)
    .option('--speed <mbps>', 'speed of each physical link in Mbit/s (10000 = 10G)')
    .option('--type <optic>', 'optic or medium of each link, e.g. 10GBASE-LR')
    .option('--state <state>', 'active, inactive, connected or disconnected (default active)')
    .option('--json', 'machine-readable output')
    .action(async (opts: PortOptions) => {
      await withContext(async (ctx) => {
        const view = await ctx.get(PortService).create(ctx.actor, {
          member: opts.member,
          switch: opts.switch,
          portName: opts.name,
          isLag: opts.lag ?? false,
          lagMembers: opts.lagMember,
          linkSpeedMbps: opts.speed,
          linkType: opts.type,
          state: opts.state,
        });
        print(opts.json, portRow(view), () => console.log(`added ${describePort(view)}`));
      });
    });
  port
    .command('edit')
    .description("change a port's speed, optic, state or LAG members (its place changes with port move)")
    .argument('<id>', 'port id (see port list)')
    .option('--lag', 'make it a LAG (give --lag-member)')
    .option('--no-lag', 'make it a single physical port')
    .option(
      '--lag-member <port>',
      'the physical member ports of the LAG, all of them (repeat, or a comma list)',
      collect,
    )
    .option('--speed <mbps>', 'speed of each physical link in Mbit/s ("" clears)')
    .option('--type <optic>', 'optic or medium of each link ("" clears)')
    .option('--state <state>', 'active, inactive, connected or disconnected')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: PortOptions) => {
      await withContext(async (ctx) => {
        const view = await ctx.get(PortService).update(ctx.actor, id, {
          isLag: opts.lag,
          lagMembers: opts.lagMember,
          linkSpeedMbps: opts.speed,
          linkType: opts.type,
          state: opts.state,
        });
        print(opts.json, portRow(view), () => console.log(`changed ${describePort(view)}`));
      });
    });
  port
    .command('move')
    .description('move a port to another switch and/or port name; its addresses and sessions go with it')
    .argument('<id>', 'port id (see port list)')
    .option('--switch <switch>', 'the new switch (id or name)')
    .option('--name <port>', 'the new port name')
    .option('--lag-member <port>', "a LAG's new physical member ports (repeat, or a comma list)", collect)
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: PortOptions) => {
      await withContext(async (ctx) => {
        const view = await ctx.get(PortService).move(ctx.actor, id, {
          switch: opts.switch,
          portName: opts.name,
          lagMembers: opts.lagMember,
        });
        print(opts.json, portRow(view), () => console.log(`moved ${describePort(view)}`));
      });
    });
  port
    .command('remove')
    .description(
      'remove a port and the member interfaces over it; refused while one of them has an enabled route-server session',
    )
    .argument('<id>', 'port id (see port list)')
    .option('--remove-sessions', 'remove their route-server sessions too, enabled ones included (audited)')
    .action(async (id: string, opts: { removeSessions?: boolean }) => {
      await withContext(async (ctx) => {
        await ctx.get(PortService).remove(ctx.actor, id, { removeSessions: opts.removeSessions === true });
        console.log(`removed port ${id}`);
      });
    });
}
