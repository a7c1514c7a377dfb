import type { AuditRecord } from '@ixora/domain';
import type { AuditRecordResponse } from './audit.schemas.js';

export function toAuditRecordResponse(r: AuditRecord): AuditRecordResponse {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    before: r.before as Record<string, unknown> | null,
    after: r.after as Record<string, unknown> | null,
  };
}
