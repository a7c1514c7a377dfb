import { z } from 'zod';
import { ALERT_KINDS, MAX_ALERTS_LISTED } from '@ixora/alerts';
import { bigintIdParam } from '../common/id-param.js';

export const alertListQuery = z.strictObject({
  open: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .describe('true: only alerts whose condition still holds'),
  asn: z.string().optional().describe("one member's alerts (a member's users always get only their own)"),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_ALERTS_LISTED)
    .optional()
    .describe(`newest first, at most ${MAX_ALERTS_LISTED} (default 50)`),
});
export type AlertListQuery = z.output<typeof alertListQuery>;

export const alertIdParams = z.object({ id: bigintIdParam });
export type AlertIdParams = z.output<typeof alertIdParams>;

export const alertResponse = z.object({
  id: z.string(),
  kind: z.enum(ALERT_KINDS),
  routeServer: z.string().nullable(),
  asn: z.number().int().nullable(),
  title: z.string(),
  text: z.string(),
  advice: z.string().describe('what to do about it'),
  resolvedText: z.string(),
  details: z.record(z.string(), z.unknown()),
  openedAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export type AlertResponse = z.output<typeof alertResponse>;

export const alertDeliveryResponse = z.object({
  id: z.string(),
  transition: z.enum(['opened', 'resolved']),
  channel: z.enum(['webhook', 'email']),
  recipient: z.string(),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
});
export type AlertDeliveryResponse = z.output<typeof alertDeliveryResponse>;
