import { z } from 'zod';
import { ALERT_KINDS } from '@ixora/alerts';

export const alertSubscriptionBody = z.strictObject({
  kinds: z.array(z.enum(ALERT_KINDS)).max(ALERT_KINDS.length).describe('the events the member gets'),
  emails: z.array(z.string().max(254)).max(20).optional().describe('NOC addresses'),
  peeringDbPocIds: z
    .array(z.number().int().positive())
    .max(20)
    .optional()
    .describe("ids of the member's own PeeringDB contacts (see availablePocs)"),
});
export type AlertSubscriptionBody = z.infer<typeof alertSubscriptionBody>;

export const alertSubscriptionResponse = z.object({
  asn: z.number().int(),
  kinds: z.array(z.enum(ALERT_KINDS)),
  emails: z.array(z.string()),
  peeringDbPocIds: z.array(z.number().int()),
  availablePocs: z.array(
    z.object({ id: z.number().int(), role: z.string(), name: z.string().nullable(), email: z.string() }),
  ),
  updatedAt: z.string().nullable(),
});
export type AlertSubscriptionResponse = z.infer<typeof alertSubscriptionResponse>;
