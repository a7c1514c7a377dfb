import type { Command } from 'commander';
import { ImportPolicyService, IMPORT_POLICY_KEYS, type ImportPolicyColumns } from '@ixora/domain';
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
  return given[0]!;
}

/** `KEY=VALUE` words into a policy change: true/false, whole numbers, text; `inherit` clears. */
export function parseSettings(words: readonly string[]): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const word of words) {
    const match = /^([A-Za-z0-9]+)=(.*)$/.exec(word);
    if (!match) throw invalidValue('setting', word, 'must be KEY=VALUE (e.g. asPathMaxLength=32)');
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

function rows(policy: ImportPolicyColumns): { setting: string; value: string }[] {
  return IMPORT_POLICY_KEYS.map((key) => ({
    setting: key,
    value: policy[key] === null ? '(inherit)' : String(policy[key]),
  }));
}

export function registerPolicyCommands(program: Command): void {
  const policy = program
    .command('policy')
    .description(
      'import policy (the filters are described in docs/route-server-policy.md): Ixp defaults, member overrides, session overrides',
    );
  policy
    .command('show')
    .option('--ixp <shortname>', 'the Ixp defaults')
    .option('--asn <asn>', "a member's overrides")
    .option('--session <id>', "a session's overrides and settings")
    .option('--json', 'machine-readable output')
    .action(async (opts: TargetOptions) => {
      const kind = target(opts);
      await withContext(async (ctx) => {
        const policies = ctx.get(ImportPolicyService);
        const subject =
          kind === 'ixp'
            ? await policies.ixpDefaults(opts.ixp)
            : kind === 'asn'
              ? await policies.memberOverrides(ctx.actor, opts.asn)
              : await policies.sessionSettings(ctx.actor, opts.session);
        print(opts.json, subject.policy, () => printTable(rows(subject.policy), ['setting', 'value']));
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
        const saved =
          kind === 'ixp'
            ? await policies.setIxpDefaults(ctx.actor, opts.ixp, patch)
            : kind === 'asn'
              ? await policies.setMemberOverrides(ctx.actor, opts.asn, patch)
              : await policies.setSessionSettings(ctx.actor, opts.session, { policy: patch });
        print(opts.json, saved.policy, () => printTable(rows(saved.policy), ['setting', 'value']));
      });
    });
}
