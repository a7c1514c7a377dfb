import type { MemberRequestValues, MemberRequestView } from '@ixora/domain';

function limitText(value: number | null | undefined): string {
  return value === null || value === undefined ? 'inherited' : String(value);
}

/** A request's values in words: "AS-SETs AS-X RIPE::AS-Y; IPv4 max-prefix 100". */
export function requestValuesText(values: MemberRequestValues): string {
  const parts: string[] = [];
  if (values.asSets !== undefined)
    parts.push(`AS-SETs ${values.asSets.length ? values.asSets.join(' ') : '(none)'}`);
  if (values.maxPrefixV4 !== undefined) parts.push(`IPv4 max-prefix ${limitText(values.maxPrefixV4)}`);
  if (values.maxPrefixV6 !== undefined) parts.push(`IPv6 max-prefix ${limitText(values.maxPrefixV6)}`);
  if (values.maxPrefix !== undefined) parts.push(`session max-prefix ${limitText(values.maxPrefix)}`);
  return parts.join('; ');
}

export function stamp(date: Date): string {
  return `${date.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

/** One member request as the portal and the console list it. */
export function memberRequestRow({ request: r, memberAsn, memberName }: MemberRequestView) {
  return {
    id: r.id,
    member: `AS${memberAsn} ${memberName}`,
    what: r.kind === 'member_filters' ? 'member filters' : `session ${r.sessionId ?? ''} max-prefix`,
    current: requestValuesText(r.currentValue),
    proposed: requestValuesText(r.proposedValue),
    note: r.note ?? '',
    state: r.state,
    isPending: r.state === 'pending',
    requestedBy: r.requestedBy,
    createdAt: stamp(r.createdAt),
    decidedBy: r.decidedBy ?? '',
    decidedAt: r.decidedAt ? stamp(r.decidedAt) : '',
    reason: r.reason ?? '',
  };
}
