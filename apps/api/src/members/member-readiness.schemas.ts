import { z } from 'zod';
import { READINESS_CHECKS, READINESS_SEVERITIES } from '@ixora/readiness';

const severity = z.enum(READINESS_SEVERITIES);

export const readinessFindingResponse = z.object({
  check: z.enum(READINESS_CHECKS),
  code: z.string().describe('stable, for scripts: irr_stale, rpki_invalid, routes_filtered, …'),
  severity,
  message: z.string(),
  action: z.string().nullable().describe('what to do; null for ok'),
  items: z.array(z.string()).describe('the prefixes, addresses or lines it is about (the first 20)'),
  itemCount: z.number().int().describe('how many items there are in all'),
});

export const memberReadinessResponse = z.object({
  asn: z.number().int(),
  name: z.string(),
  status: z.string(),
  phase: z
    .enum(['before_turn_up', 'after_turn_up'])
    .describe('after_turn_up once a route-server session of the member is established'),
  generatedAt: z.string(),
  severity,
  counts: z.object({ ok: z.number().int(), warning: z.number().int(), error: z.number().int() }),
  findings: z.array(readinessFindingResponse),
});

export type MemberReadinessResponse = z.output<typeof memberReadinessResponse>;
