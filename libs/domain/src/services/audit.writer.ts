import type { EntityManager } from 'typeorm';
import { AuditRecord } from '../entities/audit-record.entity.js';
import type { Actor } from './actor.js';

/** Plain JSON of an entity for audit before/after; drops secrets. */
export function auditSnapshot(entity: object | null | undefined): object | null {
  if (!entity) return null;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entity)) {
    if (key === 'passwordHash' || key === 'tokenHash' || key === 'md5Password' || key === 'totpSecret') {
      copy[key] = value === null ? null : '[redacted]';
    } else {
      copy[key] = value instanceof Date ? value.toISOString() : value;
    }
  }
  return JSON.parse(JSON.stringify(copy)) as object;
}

/** Writes the audit record of one change, in the caller's transaction. */
export async function writeAudit(
  tx: EntityManager,
  actor: Actor,
  action: string,
  entityType: string,
  entityId: string | number | null,
  before: object | null,
  after: object | null,
): Promise<void> {
  await tx.insert(AuditRecord, {
    actor: actor.label,
    actorUserId: actor.userId,
    action,
    entityType,
    entityId: entityId === null ? null : String(entityId),
    before: auditSnapshot(before),
    after: auditSnapshot(after),
  });
}
