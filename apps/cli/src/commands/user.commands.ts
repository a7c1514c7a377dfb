import type { Command } from 'commander';
import { PasswordResetService, UserService } from '@ixora/domain';
import { withContext } from '../cli-context.js';
import { print, printTable } from '../output.js';
import type { JsonOption } from './command.options.js';

/** `ixora user`: users and their first API token. */
export function registerUserCommands(program: Command): void {
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
    .command('reset-link')
    .argument('<email>')
    .description(
      'print a one-time link (good for an hour) with which the user sets a new password, for staff to pass on',
    )
    .option('--json', 'machine-readable output')
    .action(async (email: string, opts: JsonOption) => {
      await withContext(async (ctx) => {
        const issued = await ctx.get(PasswordResetService).issueForStaff(ctx.actor, email);
        print(
          opts.json,
          { email: issued.user.email, link: issued.link, expiresAt: issued.expiresAt.toISOString() },
          () => {
            console.log(
              `password reset link for ${issued.user.email} (once, until ${issued.expiresAt.toISOString()}):`,
            );
            console.log(issued.link);
          },
        );
      });
    });
  user
    .command('list')
    .option('--json', 'machine-readable output')
    .action(async (opts: JsonOption) => {
      await withContext(async (ctx) => {
        const rows = (await ctx.get(UserService).list(ctx.actor)).map(
          ({ passwordHash: _p, totpSecret: _t, totpLastStep: _s, ...u }) => u,
        );
        print(opts.json, rows, () => printTable(rows, ['id', 'email', 'role', 'memberId', 'isDisabled']));
      });
    });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
