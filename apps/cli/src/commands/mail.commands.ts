import type { Command } from 'commander';
import { invalidValue } from '@ixora/errors';
import { Mailer, MailModule } from '@ixora/mail';
import { withContext } from '../cli-context.js';
import { print } from '../output.js';

/** `ixora mail outbox`: the mails kept because no SMTP relay is configured, newest first. */
export function registerMailCommands(program: Command): void {
  const mail = program.command('mail').description("ixora's outgoing mail");
  mail
    .command('outbox')
    .description('show the mails kept instead of sent (no SMTP_URL), newest first, to pass on by hand')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'machine-readable output')
    .action(async (opts: { limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw invalidValue('--limit', opts.limit, 'must be a whole number from 1 to 1000');
      await withContext(
        async (ctx) => {
          const mails = await ctx.get(Mailer).outbox(limit);
          print(
            opts.json,
            mails.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
            () => {
              if (mails.length === 0) console.log('the outbox is empty');
              for (const m of mails) {
                console.log(`#${m.id}  ${m.createdAt.toISOString()}  to ${m.recipient}`);
                console.log(`Subject: ${m.subject}`);
                console.log('');
                console.log(m.body);
                console.log('');
              }
            },
          );
        },
        { modules: [MailModule] },
      );
    });
}
