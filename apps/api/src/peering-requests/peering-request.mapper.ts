import type { BilateralPeer, MemberName, PeeringRequestView } from '@ixora/domain';
import type { BilateralPeerResponse, PeeringRequestResponse } from './peering-request.schemas.js';

export function toPeeringRequestResponse({
  request: r,
  from,
  to,
  direction,
}: PeeringRequestView): PeeringRequestResponse {
  return {
    id: r.id,
    from,
    to,
    direction,
    families: r.families,
    addresses: r.addresses,
    message: r.message,
    state: r.state,
    requestedBy: r.requestedBy,
    createdAt: r.createdAt.toISOString(),
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    reply: r.reply,
  };
}

export function toBilateralPeerResponse({
  peer,
  record,
}: {
  peer: MemberName;
  record: BilateralPeer;
}): BilateralPeerResponse {
  return {
    peer,
    source: record.source,
    peeringRequestId: record.peeringRequestId,
    note: record.note,
    recordedBy: record.recordedBy,
    createdAt: record.createdAt.toISOString(),
  };
}
