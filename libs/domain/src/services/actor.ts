import { IxoraError, notFound } from '@ixora/errors';
import type { UserRole } from '../entities/user.entity.js';

/** Who is acting: a signed-in user, an API token's user, or the operator at the CLI. */
export interface Actor {
  /** For audit records: `user:<email>`, `token:<name>` or `cli:<unix user>`. */
  readonly label: string;
  readonly userId: number | null;
  readonly role: UserRole;
  /** The member a member_admin/member_user belongs to. */
  readonly memberId: number | null;
}

export function cliActor(unixUser: string): Actor {
  return { label: `cli:${unixUser}`, userId: null, role: 'admin', memberId: null };
}

export function isAdmin(actor: Actor): boolean {
  return actor.role === 'admin';
}

export function requireAdmin(actor: Actor): void {
  if (!isAdmin(actor)) throw new IxoraError('forbidden', 'this needs the admin role');
}

/**
 * A member user sees only its own member. Another member's data answers "not found" rather than
 * "forbidden", so the existence of other members' objects does not leak.
 */
export function requireMemberVisible(actor: Actor, memberId: number, what: string, key: unknown): void {
  if (!isAdmin(actor) && actor.memberId !== memberId) throw notFound(what, key);
}

export function requireMemberWritable(actor: Actor, memberId: number, what: string, key: unknown): void {
  requireMemberVisible(actor, memberId, what, key);
  if (actor.role === 'member_user') throw new IxoraError('forbidden', 'member_user is read-only');
}
