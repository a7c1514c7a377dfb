import { z } from 'zod';
import { idParam } from '../common/id-param.js';
import { USER_ROLES } from '@ixora/domain';

export const loginBody = z.strictObject({
  email: z.string().min(1).max(254).describe('the e-mail of the user'),
  password: z.string().min(1).max(1024),
});

export const tokenBody = z.strictObject({
  name: z.string().describe('1-64 letters, digits, spaces, "_", "." or "-"'),
  userId: z.number().int().positive().optional().describe('staff only: create the token for this user'),
  expiresInDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .optional()
    .describe('without it the token lives until revoked'),
});

export const tokenIdParams = z.object({ id: idParam });
export const tokenListQuery = z.object({
  userId: idParam.optional().describe('staff only'),
});

export const tokenInfoResponse = z.object({
  id: z.number().int(),
  name: z.string(),
  userId: z.number().int(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const tokenResponse = tokenInfoResponse.extend({
  token: z.string().describe('the API token; shown once, only its hash is stored'),
});

export const meResponse = z.object({
  label: z.string().describe('how audit records name this actor'),
  userId: z.number().int().nullable(),
  role: z.enum(USER_ROLES),
  memberAsn: z.number().int().nullable().describe('the member a member_admin/member_user belongs to'),
});

export type LoginBody = z.output<typeof loginBody>;
export type TokenBody = z.output<typeof tokenBody>;
export type TokenResponse = z.output<typeof tokenResponse>;
export type TokenInfoResponse = z.output<typeof tokenInfoResponse>;
export type TokenIdParams = z.output<typeof tokenIdParams>;
export type TokenListQuery = z.output<typeof tokenListQuery>;
export type MeResponse = z.output<typeof meResponse>;
