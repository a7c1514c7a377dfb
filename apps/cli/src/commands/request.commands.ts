import type { Command } from 'commander';
import { MemberRequestService, pageRequest, type MemberRequestView } from '@ixora/domain';
import { withContext } from '../cli-context.js';
import { print, printJson, printTable } from '../output.js';

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(',') || '(none)';
  if (value === null || value === undefined) return 'inherit';
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function describeValues(values: Record<string, unknown>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}=${describeValue(value)}`)
    .join(' ');
}

function row(view: MemberRequestView) {
  const r = view.request;
  return {
    id: r.id,
    member: `AS${view.memberAsn}`,
    kind: r.sessionId === null ? r.kind : `${r.kind} #${r.sessionId}`,
    state: r.state,
    current: describeValues(r.currentValue as Record<string, unknown>),
    proposed: describeValues(r.proposedValue as Record<string, unknown>),
    requestedBy: r.requestedBy,
    createdAt: r.createdAt.toISOString(),
  };
}

function printOne(json: boolean | undefined, view: MemberRequestView): void {
  const r = view.request;
  print(json, { ...r, memberAsn: view.memberAsn, memberName: view.memberName }, () => {
    console.log(`request ${r.id}: ${r.state}`);
    console.log(`member:       AS${view.memberAsn} ${view.memberName}`);
    console.log(`kind:         ${r.kind}${r.sessionId === null ? '' : ` (session ${r.sessionId})`}`);
    console.log(`current:      ${describeValues(r.currentValue as Record<string, unknown>)}`);
    console.log(`proposed:     ${describeValues(r.proposedValue as Record<string, unknown>)}`);
    console.log(`requested by: ${r.requestedBy} at ${r.createdAt.toISOString()}`);
    if (r.note) console.log(`note:         ${r.note}`);
    if (r.decidedAt) console.log(`decided by:   ${r.decidedBy} at ${r.decidedAt.toISOString()}`);
    if (r.reason) console.log(`reason:       ${r.reason}`);
  });
}

/** `ixora request …`: members' requests for wider filters (AS-SETs, max-prefix), decided by staff. */
export function registerRequestCommands(program: Command): void {
  const request = program
    .command('request')
    .description("members' requests for changes that widen their filters (AS-SETs, max-prefix limits)");
  request
    .command('list')
    .description('list requests, newest first')
    .option('--state <state>', 'pending, approved, declined or withdrawn')
    .option('--asn <asn>', 'only this member')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'machine-readable output')
    .action(async (opts: { state?: string; asn?: string; limit: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        const page = await ctx
          .get(MemberRequestService)
          .list(ctx.actor, pageRequest(opts.limit, 0), { state: opts.state, memberAsn: opts.asn });
        if (opts.json) return printJson(page.items.map((v) => ({ ...v.request, memberAsn: v.memberAsn })));
        if (page.items.length === 0) return console.log('no requests');
        printTable(page.items.map(row), [
          'id',
          'member',
          'kind',
          'state',
          'current',
          'proposed',
          'requestedBy',
        ]);
      });
    });
  request
    .command('show <id>')
    .description('one request with its current and proposed values')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { json?: boolean }) => {
      await withContext(async (ctx) =>
        printOne(opts.json, await ctx.get(MemberRequestService).get(ctx.actor, id)),
      );
    });
  request
    .command('approve <id>')
    .description('apply the proposed values now (audited) and mark the request approved')
    .option('--reason <text>', 'a note for the member')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { reason?: string; json?: boolean }) => {
      await withContext(async (ctx) =>
        printOne(opts.json, await ctx.get(MemberRequestService).approve(ctx.actor, id, opts.reason)),
      );
    });
  request
    .command('decline <id>')
    .description('decline the request; nothing changes')
    .requiredOption('--reason <text>', 'why, for the member')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { reason: string; json?: boolean }) => {
      await withContext(async (ctx) =>
        printOne(opts.json, await ctx.get(MemberRequestService).decline(ctx.actor, id, opts.reason)),
      );
    });
}
