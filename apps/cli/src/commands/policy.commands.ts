import type { Command } from 'commander';
import { ImportPolicyService, parseId, type Actor } from '@ixora/domain';
import { invalidValue } from '@ixora/errors';
import { withContext } from '../cli-context.js';
import { print, printTable } from '../output.js';

interface TargetOptions {
  ixp?: string;
  asn?: string;
  session?: string;
  json?: boolean;
}

function target(opts: TargetOptions): 'ixp' | 'asn' | 'session' {
  const given = (['ixp', 'asn', 'session'] as const).filter((k) => opts[k] !== undefined);
  if (given.length !== 1)
    throw invalidValue('--ixp', opts.ixp, 'name exactly one of --ixp, --asn or --session');
  if (opts.session !== undefined) parseId(opts.session, '--session');
  return given[0]!;
}

/** `KEY=VALUE` words into a policy change: true/false, whole numbers, text; `inherit` clears. */
export function parseSettings(words: readonly string[]): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const word of words) {
    const match = /^([A-Za-z0-9]+)=(.*)$/.exec(word);
    if (!match) throw invalidValue('setting', word, 'must be KEY=VALUE (e.g. maxAsPathLength=32)');
    const [, key, raw] = match as unknown as [string, string, string];
    patch[key] =
      raw === 'inherit'
        ? null
        : raw === 'true'
          ? true
          : raw === 'false'
            ? false
            : /^\d+$/.test(raw)
              ? Number(raw)
              : raw;
  }
  return patch;
}

/** Prints the effective value of every setting of the target and the level it comes from. */
async function showEffective(
  policies: ImportPolicyService,
  actor: Actor,
  opts: TargetOptions,
): Promise<void> {
  const rows = await policies.effectivePolicy(actor, opts);
  print(opts.json, rows, () => printTable(rows, ['setting', 'value', 'from']));
}

export function registerPolicyCommands(program: Command): void {
  const policy = program
    .command('policy')
    .description(
      'import policy (the filters are described in docs/route-server-policy.md): Ixp defaults, member overrides, session overrides (the most specific wins)',
    );
  policy
    .command('show')
    .description(
      'the effective value of every setting and where it comes from: session, member, ixp, peeringdb ' +
        '(max-prefix) or default (built into ixora)',
    )
    .option('--ixp <shortname>', 'the Ixp defaults')
    .option('--asn <asn>', 'a member (its overrides, else the Ixp, else the default)')
    .option('--session <id>', 'a session (its overrides, else the member, the Ixp, the default)')
    .option('--json', 'machine-readable output')
    .action(async (opts: TargetOptions) => {
      target(opts);
      await withContext(async (ctx) => {
        await showEffective(ctx.get(ImportPolicyService), ctx.actor, opts);
      });
    });
  policy
    .command('set')
    .description('change settings: KEY=VALUE … (VALUE true, false, a number or text; "inherit" clears)')
    .argument('<settings...>')
    .option('--ixp <shortname>', 'the Ixp defaults')
    .option('--asn <asn>', "a member's overrides")
    .option('--session <id>', "a session's overrides")
    .option('--json', 'machine-readable output')
    .action(async (words: string[], opts: TargetOptions) => {
      const kind = target(opts);
      const patch = parseSettings(words);
      await withContext(async (ctx) => {
        const policies = ctx.get(ImportPolicyService);
        if (kind === 'ixp') await policies.setIxpDefaults(ctx.actor, opts.ixp, patch);
        else if (kind === 'asn') await policies.setMemberOverrides(ctx.actor, opts.asn, patch);
        else await policies.setSessionSettings(ctx.actor, opts.session, { policy: patch });
        await showEffective(policies, ctx.actor, opts);
      });
    });
}
