import type { MemberRequestView } from '@ixora/domain';
import type { MemberRequestResponse } from './member-request.schemas.js';

export function toMemberRequestResponse({
  request: r,
  memberAsn,
  memberName,
}: MemberRequestView): MemberRequestResponse {
  return {
    id: r.id,
    memberAsn,
    memberName,
    kind: r.kind,
    sessionId: r.sessionId,
    state: r.state,
    currentValue: r.currentValue,
    proposedValue: r.proposedValue,
    note: r.note,
    requestedBy: r.requestedBy,
    createdAt: r.createdAt.toISOString(),
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    reason: r.reason,
  };
}
