import { z } from 'zod';
import { idParam } from '../common/id-param.js';
import { pageQuery } from '../common/page.js';

export const sessionQuery = pageQuery.extend({
  memberAsn: z.string().optional().describe('only this member, e.g. 64500 or AS64500'),
  routeServer: z.string().optional().describe('only this route server (by name)'),
});

export const sessionIdParams = z.object({ id: idParam });

export const sessionResponse = z.object({
  id: z.number().int(),
  routeServer: z.string(),
  memberAsn: z.number().int(),
  memberName: z.string(),
  family: z.union([z.literal(4), z.literal(6)]),
  peerAddress: z.string(),
  isEnabled: z.boolean(),
  isPassive: z.boolean(),
  description: z.string().nullable(),
  maxPrefix: z.number().int().nullable(),
});

export type SessionQuery = z.output<typeof sessionQuery>;
export type SessionIdParams = z.output<typeof sessionIdParams>;
export type SessionResponse = z.output<typeof sessionResponse>;
