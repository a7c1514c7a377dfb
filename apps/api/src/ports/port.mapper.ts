import { switchRecord, type MemberInterfaceView, type PortView, type SwitchView } from '@ixora/domain';
import type { MemberInterfaceViewResponse, PortResponse, SwitchResponse } from './port.schemas.js';

export function toSwitchResponse(v: SwitchView): SwitchResponse {
  return switchRecord(v);
}

export function toPortResponse(v: PortView): PortResponse {
  const p = v.port;
  return {
    id: p.id,
    memberAsn: v.memberAsn,
    memberName: v.memberName,
    switchId: p.switchId,
    switchName: v.switchName,
    portName: p.portName,
    isLag: p.isLag,
    speedMbps: p.speedMbps,
    state: p.state,
    interfaces: p.interfaces.map((i) => ({ name: i.name ?? null, speedMbps: i.speedMbps, type: i.type })),
    memberInterfaceIds: v.memberInterfaceIds,
  };
}

export function toMemberInterfaceViewResponse(v: MemberInterfaceView): MemberInterfaceViewResponse {
  const i = v.memberInterface;
  return {
    id: i.id,
    memberAsn: v.memberAsn,
    peeringLanId: i.peeringLanId,
    peeringLanName: v.peeringLanName,
    portId: i.portId,
    portName: v.portName,
    switchName: v.switchName,
    ipv4Address: i.ipv4Address,
    ipv6Address: i.ipv6Address,
    macAddresses: i.macAddresses,
    isRouteServerClient: i.isRouteServerClient,
    maxPrefixV4: i.maxPrefixV4,
    maxPrefixV6: i.maxPrefixV6,
    sessions: v.sessions.map((s) => ({
      id: s.id,
      routeServer: s.routeServerName,
      family: s.family,
      isEnabled: s.isEnabled,
    })),
  };
}
