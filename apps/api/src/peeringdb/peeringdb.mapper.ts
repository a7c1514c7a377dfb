import type { OnboardingResult, PeeringDbCheckReport } from '@ixora/peeringdb';
import { toMemberInterfaceResponse, toMemberResponse } from '../members/member.mapper.js';
import type { CheckResponse, OnboardResponse } from './peeringdb.schemas.js';

export function toCheckResponse(r: PeeringDbCheckReport): CheckResponse {
  return {
    ixpId: r.ixpId,
    peeringdbIxId: r.peeringdbIxId,
    mirrorSyncedAt: r.mirrorSyncedAt?.toISOString() ?? null,
    lastSyncRun: r.lastSyncRun
      ? { ...r.lastSyncRun, startedAt: r.lastSyncRun.startedAt.toISOString() }
      : null,
    staleTypes: r.staleTypes.map((t) => ({
      ...t,
      failedAt: t.failedAt.toISOString(),
      lastSyncedAt: t.lastSyncedAt?.toISOString() ?? null,
    })),
    isConsistent: r.isConsistent,
    missing: r.missing.map((m) => ({ ...m })),
    extra: r.extra.map((e) => ({ ...e })),
    differentAddresses: r.differentAddresses.map((d) => ({
      ...d,
      ixora: { ...d.ixora },
      peeringdb: { ...d.peeringdb },
    })),
    neverViaRouteServersWithSessions: r.neverViaRouteServersWithSessions.map((n) => ({ ...n })),
  };
}

export function toOnboardResponse(r: OnboardingResult): OnboardResponse {
  return {
    member: toMemberResponse(r.member),
    interfaces: r.interfaces.map(toMemberInterfaceResponse),
    follow: [...r.follow],
    warnings: [...r.warnings],
  };
}
