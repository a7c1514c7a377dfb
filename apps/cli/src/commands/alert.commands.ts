import type { Command } from 'commander';
import {
  ALERT_KIND_WORDS,
  ALERT_KINDS,
  AlertDeliverer,
  AlertMonitor,
  AlertRepository,
  AlertSettingsService,
  AlertsModule,
} from '@ixora/alerts';
import { parseAsn } from '@ixora/domain';
import { invalidValue } from '@ixora/errors';
import { withContext } from '../cli-context.js';
import { printJson, printTable } from '../output.js';

function kindsOf(value: string | undefined): string[] {
  return value === undefined
    ? []
    : value
        .split(',')
        .map((kind) => kind.trim())
        .filter(Boolean);
}

/** `ixora alert …`: the alerts the worker opened, the staff's webhooks, and one check by hand. */
export function registerAlertCommands(program: Command): void {
  const alert = program
    .command('alert')
    .description(
      'alerts: sessions down, max-prefix, filtered routes, stale data, build warnings, failed deploys',
    );
  alert
    .command('list')
    .description('alerts, newest first')
    .option('--open', 'only the open ones')
    .option('--asn <asn>', 'only this member')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'machine-readable output')
    .action(async (opts: { open?: boolean; asn?: string; limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw invalidValue('--limit', opts.limit, 'must be a whole number from 1 to 1000');
      await withContext(
        async (ctx) => {
          const alerts = await ctx.get(AlertRepository).list({
            isOpenOnly: opts.open === true,
            ...(opts.asn === undefined ? {} : { asn: parseAsn(opts.asn, '--asn') }),
            limit,
          });
          if (opts.json) return printJson(alerts);
          if (alerts.length === 0) return console.log(opts.open ? 'no open alerts' : 'no alerts');
          printTable(
            alerts.map((a) => ({
              id: a.id,
              state: a.resolvedAt ? 'resolved' : 'OPEN',
              kind: a.kind,
              opened: a.openedAt.toISOString(),
              resolved: a.resolvedAt?.toISOString() ?? '',
              title: a.title,
            })),
            ['id', 'state', 'kind', 'opened', 'resolved', 'title'],
          );
        },
        { modules: [AlertsModule] },
      );
    });
  alert
    .command('deliveries')
    .description('the delivery log, newest first: recipient, status, attempts, last error')
    .option('--alert <id>', 'only the deliveries of this alert')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'machine-readable output')
    .action(async (opts: { alert?: string; limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw invalidValue('--limit', opts.limit, 'must be a whole number from 1 to 1000');
      if (opts.alert !== undefined && !/^[1-9][0-9]{0,17}$/.test(opts.alert))
        throw invalidValue('--alert', opts.alert, 'is not an alert id');
      await withContext(
        async (ctx) => {
          const deliveries = await ctx
            .get(AlertRepository)
            .deliveries({ limit, ...(opts.alert === undefined ? {} : { alertId: opts.alert }) });
          if (opts.json) return printJson(deliveries);
          if (deliveries.length === 0) return console.log('no deliveries');
          printTable(
            deliveries.map((d) => ({
              id: d.id,
              alert: d.alertId,
              transition: d.transition,
              channel: d.channel,
              recipient: d.recipient,
              status: d.status,
              attempts: d.attempts,
              next: d.nextAttemptAt?.toISOString() ?? '',
              lastError: d.lastError ?? '',
            })),
            ['id', 'alert', 'transition', 'channel', 'recipient', 'status', 'attempts', 'next', 'lastError'],
          );
        },
        { modules: [AlertsModule] },
      );
    });
  alert
    .command('kinds')
    .description('the events alerts are raised for (what members and webhooks choose among)')
    .action(() => {
      for (const kind of ALERT_KINDS) console.log(`${kind.padEnd(20)} ${ALERT_KIND_WORDS[kind]}`);
    });
  alert
    .command('check')
    .description('read the route servers and the database once, open and resolve alerts, send what is due')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      await withContext(
        async (ctx) => {
          const result = await ctx.get(AlertMonitor).poll();
          const sent = await ctx.get(AlertDeliverer).deliverDue();
          if (opts.json) return printJson({ ...result, deliveriesAttempted: sent });
          for (const a of result.opened) console.log(`opened   ${a.kind}: ${a.title}`);
          for (const a of result.resolved) console.log(`resolved ${a.kind}: ${a.title}`);
          for (const u of result.unreachable) console.log(`unreachable ${u.routeServer}: ${u.error}`);
          console.log(
            `${result.opened.length} opened, ${result.resolved.length} resolved, ${sent} deliveries attempted`,
          );
        },
        { modules: [AlertsModule] },
      );
    });

  const webhook = alert.command('webhook').description('webhooks alerts are posted to (signed, HMAC-SHA256)');
  webhook
    .command('add <url>')
    .description('post alerts to URL (https://, or http:// to this machine); prints the signing secret once')
    .option('--asn <asn>', "a member's webhook (it gets the events the member chose); staff-wide without")
    .option('--events <kinds>', `comma list of events (all when absent): ${ALERT_KINDS.join(', ')}`)
    .option('--json', 'machine-readable output')
    .action(async (url: string, opts: { asn?: string; events?: string; json?: boolean }) => {
      await withContext(
        async (ctx) => {
          const added = await ctx.get(AlertSettingsService).addWebhook(ctx.actor, {
            url,
            ...(opts.asn === undefined ? {} : { asn: parseAsn(opts.asn, '--asn') }),
            kinds: kindsOf(opts.events),
          });
          if (opts.json) return printJson(added);
          console.log(
            `webhook ${added.id}: ${added.url} (${added.asn === null ? 'staff' : `AS${added.asn}`}, ${added.kinds.join(',') || 'all events'})`,
          );
          console.log(`secret: ${added.secret}`);
          console.log('Keep the secret now: it is not shown again. Each delivery carries');
          console.log(
            'X-Ixora-Timestamp and X-Ixora-Signature: sha256=HMAC-SHA256(secret, "<timestamp>.<body>").',
          );
        },
        { modules: [AlertsModule] },
      );
    });
  webhook
    .command('list')
    .description('the webhooks (never their secrets)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      await withContext(
        async (ctx) => {
          const hooks = await ctx.get(AlertSettingsService).listWebhooks(ctx.actor);
          if (opts.json) return printJson(hooks);
          if (hooks.length === 0) return console.log('no webhooks');
          printTable(
            hooks.map((h) => ({
              id: h.id,
              url: h.url,
              for: h.asn === null ? 'staff' : `AS${h.asn}`,
              events: h.kinds.join(',') || 'all',
              createdBy: h.createdBy,
            })),
            ['id', 'url', 'for', 'events', 'createdBy'],
          );
        },
        { modules: [AlertsModule] },
      );
    });
  webhook
    .command('remove <id>')
    .description('stop posting to this webhook')
    .action(async (id: string) => {
      const webhookId = Number(id);
      if (!Number.isInteger(webhookId) || webhookId < 1) throw invalidValue('id', id, 'is not a webhook id');
      await withContext(
        async (ctx) => {
          await ctx.get(AlertSettingsService).removeWebhook(ctx.actor, webhookId);
          console.log(`webhook ${webhookId} removed`);
        },
        { modules: [AlertsModule] },
      );
    });
}
