import { z } from 'zod';
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
export type UserResponse = z.output<typeof userResponse>;
