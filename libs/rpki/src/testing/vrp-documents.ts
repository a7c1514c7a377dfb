import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The rpki-client and Routinator jsonext documents of the tests, as a validator writes them at
 * `generatedAt`. Every time in them (build time, expiries, validity windows) is an offset from that
 * instant, so a test that writes them for its clock's "now" passes on any date. The same five VRPs
 * as `fixtures/ripe-validator.json` (which carries no times): documentation prefixes and ASNs only.
 */
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface FixtureVrp {
  readonly asn: number;
  readonly prefix: string;
  readonly maxLength: number;
  readonly ta: string;
  /** rpki-client `expires`: after the document's build time. */
  readonly expiresAfterMs: number;
  /** Routinator sources: chain validity ends this long after the document's generation time. */
  readonly sources: readonly {
    readonly uri: string;
    readonly notBeforeDays: number;
    readonly chainEndDays: number;
  }[];
}

export const FIXTURE_VRPS: readonly FixtureVrp[] = [
  {
    asn: 64496,
    prefix: '192.0.2.0/24',
    maxLength: 24,
    ta: 'ripe',
    expiresAfterMs: 2 * DAY_MS,
    sources: [
      {
        uri: 'rsync://rpki.example.net/repo/member-64496/0/192.0.2.0-24.roa',
        notBeforeDays: -180,
        chainEndDays: 33,
      },
    ],
  },
  {
    asn: 64497,
    prefix: '198.51.100.0/24',
    maxLength: 25,
    ta: 'arin',
    expiresAfterMs: 3 * DAY_MS,
    // Two ROAs for the same VRP: the first chain ends soon, the renewed one later.
    sources: [
      { uri: 'rsync://rpki.example.org/repo/a1/198.51.100.0-24.roa', notBeforeDays: -320, chainEndDays: 17 },
      {
        uri: 'rsync://rpki.example.org/repo/a1/198.51.100.0-24-renewed.roa',
        notBeforeDays: -27,
        chainEndDays: 93,
      },
    ],
  },
  {
    asn: 0,
    prefix: '203.0.113.0/24',
    maxLength: 24,
    ta: 'apnic',
    expiresAfterMs: 4 * DAY_MS,
    sources: [
      { uri: 'rsync://rpki.example.com/repo/as0/203.0.113.0-24.roa', notBeforeDays: -272, chainEndDays: 53 },
    ],
  },
  {
    asn: 65550,
    prefix: '2001:db8::/32',
    maxLength: 48,
    ta: 'ripe',
    expiresAfterMs: 5 * DAY_MS,
    sources: [
      {
        uri: 'rsync://rpki.example.net/repo/member-65550/0/2001-db8---32.roa',
        notBeforeDays: -207,
        chainEndDays: 33,
      },
    ],
  },
  {
    asn: 64498,
    prefix: '2001:db8:1000::/36',
    maxLength: 36,
    ta: 'lacnic',
    expiresAfterMs: 6 * DAY_MS,
    sources: [
      {
        uri: 'rsync://rpki.example.org/repo/l7/2001-db8-1000---36.roa',
        notBeforeDays: -112,
        chainEndDays: 65,
      },
    ],
  },
];

/** Seconds since the epoch, as rpki-client and Routinator write them. */
const epochSeconds = (at: Date): number => Math.floor(at.getTime() / 1000);
/** RFC 3339 without milliseconds, as both validators write times. */
const rfc3339 = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');
const after = (at: Date, ms: number): Date => new Date(at.getTime() + ms);

/** rpki-client `-j` output (metadata with `buildtime`, integer ASNs, `expires` per VRP). */
export function rpkiClientDocument(generatedAt: Date): string {
  const metadata = {
    buildmachine: 'rpki1.ixp.example.net',
    buildtime: rfc3339(generatedAt),
    elapsedtime: '412',
    usertime: '180',
    systemtime: '95',
    roas: FIXTURE_VRPS.length,
    failedroas: 0,
    invalidroas: 0,
    aspas: 0,
    certificates: 12,
    invalidcertificates: 0,
    tals: 5,
    talfiles: ['afrinic', 'apnic', 'arin', 'lacnic', 'ripe'].map((rir) => `/etc/tals/${rir}.tal`),
    manifests: 12,
    failedmanifests: 0,
    crls: 12,
    repositories: 5,
    vrps: FIXTURE_VRPS.length,
    uniquevrps: FIXTURE_VRPS.length,
  };
  const roas = FIXTURE_VRPS.map((vrp) => ({
    asn: vrp.asn,
    prefix: vrp.prefix,
    maxLength: vrp.maxLength,
    ta: vrp.ta,
    expires: epochSeconds(after(generatedAt, vrp.expiresAfterMs)),
  }));
  return `${JSON.stringify({ metadata, roas, bgpsec_keys: [], aspas: [] }, null, '\t')}\n`;
}

/** Routinator `jsonext` (metadata `generated`/`generatedTime`, `"AS…"` ASNs, `source[]` with validity). */
export function routinatorJsonextDocument(generatedAt: Date): string {
  const roas = FIXTURE_VRPS.map((vrp) => ({
    asn: `AS${vrp.asn}`,
    prefix: vrp.prefix,
    maxLength: vrp.maxLength,
    source: vrp.sources.map((source) => {
      const notBefore = rfc3339(after(generatedAt, source.notBeforeDays * DAY_MS));
      return {
        type: 'roa',
        tal: vrp.ta,
        uri: source.uri,
        validity: { notBefore, notAfter: rfc3339(after(generatedAt, (source.notBeforeDays + 365) * DAY_MS)) },
        chainValidity: { notBefore, notAfter: rfc3339(after(generatedAt, source.chainEndDays * DAY_MS)) },
      };
    }),
  }));
  const metadata = { generated: epochSeconds(generatedAt), generatedTime: rfc3339(generatedAt) };
  return `${JSON.stringify({ metadata, roas, routerKeys: [], aspas: [] }, null, 2)}\n`;
}

export interface WrittenVrpDocuments {
  readonly rpkiClient: string;
  readonly routinatorJsonext: string;
}

/** Writes both documents into `dir`, generated an hour before `now`, as a validator run would have left them. */
export async function writeVrpDocuments(dir: string, now: Date): Promise<WrittenVrpDocuments> {
  const generatedAt = after(now, -HOUR_MS);
  const rpkiClient = path.join(dir, 'rpki-client.json');
  const routinatorJsonext = path.join(dir, 'routinator-jsonext.json');
  await writeFile(rpkiClient, rpkiClientDocument(generatedAt));
  await writeFile(routinatorJsonext, routinatorJsonextDocument(generatedAt));
  return { rpkiClient, routinatorJsonext };
}
