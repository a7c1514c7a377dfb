import type { SessionView } from '@ixora/domain';
import type { SessionResponse } from './session.schemas.js';

export function toSessionResponse(s: SessionView): SessionResponse {
  return {
    id: s.id,
    routeServer: s.routeServer,
    memberAsn: s.memberAsn,
    memberName: s.memberName,
    family: s.family,
    peerAddress: s.peerAddress,
    isEnabled: s.isEnabled,
    isPassive: s.isPassive,
    description: s.description,
    maxPrefix: s.maxPrefix,
  };
}
