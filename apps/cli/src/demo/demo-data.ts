import { DOCUMENTATION_ASNS } from '@ixora/testing';

/**
 * IRR objects and VRPs for the demo exchange's members, in documentation and benchmarking address
 * space only (198.18.0.0/15, RFC 2544; 2001:db8::/32, RFC 3849): each member registers one v4 and
 * one v6 prefix under the AS-SET its IX-F as_macro names; ROAs cover most of them, a few with the
 * wrong origin so the RPKI report has something to show.
 */
export function demoRpsl(memberCount: number): string {
  const objects: string[] = [];
  DOCUMENTATION_ASNS.slice(0, memberCount).forEach((asn, i) => {
    const isPinned = i % 3 !== 0;
    const setName = isPinned ? `AS${asn}:AS-CUSTOMERS` : `AS-EXAMPLE${i}`;
    const source = isPinned ? 'RIPE' : 'DEMO';
    objects.push(
      `as-set: ${setName}\ndescr: demo customers of AS${asn}\nmembers: AS${asn}\nsource: ${source}`,
    );
    objects.push(`route: 198.18.${i}.0/24\norigin: AS${asn}\nsource: ${source}`);
    objects.push(`route6: 2001:db8:${(0x1000 + i).toString(16)}::/48\norigin: AS${asn}\nsource: ${source}`);
  });
  return `${objects.join('\n\n')}\n`;
}

export function demoVrps(memberCount: number, now: Date): string {
  const expires = Math.floor(now.getTime() / 1000) + 365 * 86_400;
  const roas = DOCUMENTATION_ASNS.slice(0, memberCount).flatMap((asn, i) => {
    if (i % 5 === 4) return [];
    const origin = i % 7 === 6 ? 65550 : asn;
    return [
      { asn: origin, prefix: `198.18.${i}.0/24`, maxLength: 24, ta: 'demo', expires },
      {
        asn: origin,
        prefix: `2001:db8:${(0x1000 + i).toString(16)}::/48`,
        maxLength: 48,
        ta: 'demo',
        expires,
      },
    ];
  });
  return JSON.stringify(
    { metadata: { buildtime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'), vrps: roas.length }, roas },
    null,
    1,
  );
}
