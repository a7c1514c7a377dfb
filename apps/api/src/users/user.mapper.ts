import type { User } from '@ixora/domain';
import type { UserResponse } from './user.schemas.js';

export function toUserResponse(u: User): UserResponse {
  return {
    id: u.id,
    email: u.email,
    role: u.role,
    memberId: u.memberId,
    hasPassword: u.passwordHash !== null,
    isDisabled: u.isDisabled,
    createdAt: u.createdAt.toISOString(),
  };
}
