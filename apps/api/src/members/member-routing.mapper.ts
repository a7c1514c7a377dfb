import type { HygieneReport, MemberRoutesReport } from '@ixora/member-routing';
import type { MemberHygieneResponse, MemberRoutesResponse } from './member-routing.schemas.js';

export function toMemberRoutesResponse(report: MemberRoutesReport): MemberRoutesResponse {
  return {
    asn: report.asn,
    sessions: report.sessions.map((session) => ({
      id: session.id,
      routeServer: session.routeServerId,
      protocol: session.protocol,
      family: session.family ?? null,
      address: session.address,
      bgpState: session.bgpState,
      accepted: session.accepted,
      filtered: session.filtered,
    })),
    items: report.routes.map((route) => ({
      session: route.sessionId,
      routeServer: route.routeServerId,
      prefix: route.prefix,
      state: route.state,
      asPath: [...route.asPath],
      nextHop: route.nextHop ?? null,
      originAsn: route.originAsn ?? null,
      reason: route.reason ? { ...route.reason } : null,
      advice: route.advice ?? null,
    })),
    total: report.total,
    limit: report.limit,
    offset: report.offset,
    unavailable: report.unavailable.map((entry) => ({
      routeServer: entry.routeServerId,
      error: entry.error,
    })),
    readAt: report.readAt?.toISOString() ?? null,
  };
}

export function toMemberHygieneResponse(report: HygieneReport): MemberHygieneResponse {
  return {
    asn: report.asn,
    counts: { ...report.counts },
    todos: report.todos.map((todo) => ({ key: todo.key, text: todo.text, prefixes: [...todo.prefixes] })),
    prefixes: report.prefixes.map((row) => ({
      prefix: row.prefix,
      family: row.family,
      irr: row.irr,
      irrCoveredBy: row.irrCoveredBy ?? null,
      rpki: row.rpki,
      roas: [...row.roas],
      origins: [...row.origins],
      isAnnounced: row.isAnnounced,
      isNeverRouted: row.isNeverRouted,
      acceptedBy: [...row.acceptedBy],
      filteredBy: row.filteredBy.map((entry) => ({
        routeServer: entry.routeServerId,
        reason: entry.reasonWords,
      })),
    })),
  };
}
