import { z } from 'zod';
import { USER_ROLES } from '@ixora/domain';

export const loginBody = z.strictObject({
  email: z.string().min(1).max(254).describe('the e-mail of the user'),
  password: z.string().min(1).max(1024),
});

export const tokenBody = z.strictObject({
  name: z.string().describe('1-64 letters, digits, spaces, "_", "." or "-"'),
  userId: z.number().int().positive().optional().describe('staff only: create the token for this user'),
});

export const tokenResponse = z.object({
  token: z.string().describe('the API token; shown once, only its hash is stored'),
  id: z.number().int(),
  name: z.string(),
  userId: z.number().int(),
  createdAt: z.string(),
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
export type MeResponse = z.output<typeof meResponse>;
