import type { EntityManager } from 'typeorm';
import { invalidValue, IxoraError } from '@ixora/errors';
import { findBogonAsnRange } from '@ixora/net';
import type { Member } from '../entities/member.entity.js';
import type { Actor } from './actor.js';
import { writeAudit } from './audit.writer.js';

/** The override columns of a member: all null for an ordinary ASN. */
export type BogonAsnOverride = Pick<Member, 'bogonAsnReason' | 'bogonAsnAllowedBy' | 'bogonAsnAllowedAt'>;

const NO_OVERRIDE: BogonAsnOverride = {
  bogonAsnReason: null,
  bogonAsnAllowedBy: null,
  bogonAsnAllowedAt: null,
};

/** The reason staff gave for allowing a bogon ASN (`allowBogonAsn`, `--allow-bogon-asn`), or null. */
export function parseBogonAsnReason(value: unknown, field = 'allowBogonAsn'): string | null {
  if (value === undefined || value === null) return null;
  if (
    typeof value !== 'string' ||
    value.trim() === '' ||
    value.length > 255 ||
    /[\u0000-\u001f\u007f]/.test(value)
  )
    throw invalidValue(field, value, 'must say why the bogon ASN is allowed: 1-255 characters of text');
  return value.trim();
}

/**
 * The rule every way a member comes into being goes through (API, CLI, IX-F import, PeeringDB
 * onboarding): a bogon ASN (AS0, AS_TRANS 23456, documentation, private-use, the last 16- and
 * 32-bit ASNs, IANA-reserved; @ixora/net BOGON_ASN_RANGES) is refused with a 400 naming the field
 * and the ASN, unless staff give a reason. Then the override (why, who, when) is what to store on
 * the member. A member on the exchange with such an ASN is a typo, a leak of a private network,
 * or a lab; only the last is meant, and staff say so.
 */
export function bogonAsnOverrideFor(
  actor: Actor,
  asn: number,
  reason: string | null,
  options: { field?: string; now?: Date } = {},
): BogonAsnOverride {
  const range = findBogonAsnRange(asn);
  if (!range) return NO_OVERRIDE;
  if (reason === null)
    throw invalidValue(
      options.field ?? 'asn',
      asn,
      `is a bogon ASN (${range.reason}); a member needs a public ASN. Staff can allow it ` +
        'explicitly, giving the reason (API: allowBogonAsn, CLI: --allow-bogon-asn "why")',
    );
  if (actor.role !== 'admin') throw new IxoraError('forbidden', 'only staff can allow a bogon ASN');
  return {
    bogonAsnReason: reason,
    bogonAsnAllowedBy: actor.label,
    bogonAsnAllowedAt: options.now ?? new Date(),
  };
}

/** The audit record of an override, beside the member's own `create` record. */
export async function auditBogonAsnOverride(tx: EntityManager, actor: Actor, member: Member): Promise<void> {
  if (member.bogonAsnReason === null) return;
  await writeAudit(tx, actor, 'member.allow_bogon_asn', 'member', member.id, null, {
    asn: member.asn,
    reason: member.bogonAsnReason,
    allowedBy: member.bogonAsnAllowedBy,
    allowedAt: member.bogonAsnAllowedAt,
  });
}
