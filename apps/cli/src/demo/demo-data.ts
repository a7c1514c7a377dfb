import { DOCUMENTATION_ASNS } from '@ixora/testing';

/**
 * IRR objects and VRPs for the demo exchange's members: each member registers one v4 and one v6
 * prefix under the AS-SET its IX-F as_macro names; ROAs cover most of them, a few with the wrong
 * origin so the RPKI report has something to show. The prefixes are public space (185.0.i.0/24,
 * 2a0b:(1000+i)::/48) that exists only inside the demo: documentation and benchmarking prefixes
 * are bogons, which an IRR refresh drops because the route servers reject them anyway.
 */
const demoPrefixV4 = (i: number): string => `185.0.${i}.0/24`;
const demoPrefixV6 = (i: number): string => `2a0b:${(0x1000 + i).toString(16)}::/48`;

export function demoRpsl(memberCount: number): string {
  const objects: string[] = [];
  DOCUMENTATION_ASNS.slice(0, memberCount).forEach((asn, i) => {
    const isPinned = i % 3 !== 0;
    const setName = isPinned ? `AS${asn}:AS-CUSTOMERS` : `AS-EXAMPLE${i}`;
    const source = isPinned ? 'RIPE' : 'DEMO';
    objects.push(
      `as-set: ${setName}\ndescr: demo customers of AS${asn}\nmembers: AS${asn}\nsource: ${source}`,
    );
    objects.push(`route: ${demoPrefixV4(i)}\norigin: AS${asn}\nsource: ${source}`);
    objects.push(`route6: ${demoPrefixV6(i)}\norigin: AS${asn}\nsource: ${source}`);
  });
  return `${objects.join('\n\n')}\n`;
}

export function demoVrps(memberCount: number, now: Date): string {
  const expires = Math.floor(now.getTime() / 1000) + 365 * 86_400;
  const roas = DOCUMENTATION_ASNS.slice(0, memberCount).flatMap((asn, i) => {
    if (i % 5 === 4) return [];
    const origin = i % 7 === 6 ? 65550 : asn;
    return [
      { asn: origin, prefix: demoPrefixV4(i), maxLength: 24, ta: 'demo', expires },
      {
        asn: origin,
        prefix: demoPrefixV6(i),
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
