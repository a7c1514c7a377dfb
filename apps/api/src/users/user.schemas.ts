import { z } from 'zod';
import { idParam } from '../common/id-param.js';
import { USER_ROLES } from '@ixora/domain';

export const userBody = z.strictObject({
  email: z.string(),
  role: z.enum(USER_ROLES),
  memberAsn: z
    .union([z.number(), z.string()])
    .optional()
    .describe('required for member_admin and member_user'),
  password: z
    .string()
    .optional()
    .describe(
      'at least 12 characters; stored as an argon2id hash. Without one the user signs in with API tokens only',
    ),
});

export const userIdParams = z.object({ id: idParam });

export const userPatchBody = z.strictObject({
  isDisabled: z
    .boolean()
    .describe("a disabled user's password and API tokens stop working at once; false enables it again"),
});

export const userResponse = z.object({
  id: z.number().int(),
  email: z.string(),
  role: z.enum(USER_ROLES),
  memberId: z.number().int().nullable(),
  hasPassword: z.boolean(),
  isDisabled: z.boolean(),
  createdAt: z.string(),
});

export type UserBody = z.output<typeof userBody>;
export type UserIdParams = z.output<typeof userIdParams>;
export type UserPatchBody = z.output<typeof userPatchBody>;
export type UserResponse = z.output<typeof userResponse>;
