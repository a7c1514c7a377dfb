import type { Member, MemberDetail, MemberInterface } from '@ixora/domain';
import type { MemberDetailResponse, MemberInterfaceResponse, MemberResponse } from './member.schemas.js';

export function toMemberResponse(m: Member): MemberResponse {
  return {
    asn: m.asn,
    name: m.name,
    status: m.status,
    memberType: m.memberType,
    url: m.url,
    peeringPolicy: m.peeringPolicy,
    memberSince: m.memberSince,
    asSets: m.asSets,
    maxPrefixV4: m.maxPrefixV4,
    maxPrefixV6: m.maxPrefixV6,
    isNeverViaRouteServers: m.isNeverViaRouteServers,
    isHiddenFromPublic: m.isHiddenFromPublic,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

export function toMemberInterfaceResponse(i: MemberInterface): MemberInterfaceResponse {
  return {
    id: i.id,
    peeringLanId: i.peeringLanId,
    portId: i.portId,
    ipv4Address: i.ipv4Address,
    ipv6Address: i.ipv6Address,
    macAddresses: i.macAddresses,
    isRouteServerClient: i.isRouteServerClient,
    maxPrefixV4: i.maxPrefixV4,
    maxPrefixV6: i.maxPrefixV6,
  };
}

export function toMemberDetailResponse(d: MemberDetail): MemberDetailResponse {
  return {
    ...toMemberResponse(d.member),
    ports: d.ports.map((p) => ({
      id: p.id,
      portName: p.portName,
      speedMbps: p.speedMbps,
      state: p.state,
      interfaces: p.interfaces,
    })),
    interfaces: d.interfaces.map(toMemberInterfaceResponse),
    // md5Password and the policy overrides stay out: the session endpoints are the place for sessions.
    sessions: d.sessions.map((s) => ({
      id: s.id,
      routeServerId: s.routeServerId,
      memberInterfaceId: s.memberInterfaceId,
      family: s.family,
      isEnabled: s.isEnabled,
      isPassive: s.isPassive,
      description: s.description,
      maxPrefix: s.maxPrefix,
    })),
  };
}
