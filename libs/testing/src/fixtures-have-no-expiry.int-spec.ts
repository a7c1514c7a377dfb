import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Committed fixtures must not carry absolute expiry times: a fixture valid today expires on a fixed
 * day and the suite then fails on every fresh clone (it happened with the RPKI `expires` values).
 * Documents with expiries are generated when the test runs, relative to its clock (see
 * `libs/rpki/src/testing/vrp-documents.ts`), and certificates are made by the test that uses them.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'data', 'coverage']);

const EXPIRY_KEY =
  /["']?\b(expires|expiry|expiration|expires_?at|not_?after|valid_?until|valid_?to|not_?valid_?after)\b["']?\s*[:=]\s*["']?(\d{9,13}|\d{4}-\d\d-\d\d[T ]?[\d:.]*Z?)/gi;
const CERTIFICATE = /-----BEGIN (?:TRUSTED )?CERTIFICATE-----/;

/** Expiry-like fields with an absolute time, and embedded certificates (they carry notAfter). */
export function findAbsoluteExpiries(text: string): string[] {
  const found = [...text.matchAll(EXPIRY_KEY)].map((m) => m[0]);
  if (CERTIFICATE.test(text)) found.push('an X.509 certificate (its notAfter is absolute)');
  return found;
}

function isFixture(relative: string): boolean {
  return relative.split('/').includes('fixtures') || /\.fixture\.[a-z]+$/.test(relative);
}

function fixtureFiles(dir = ROOT, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) fixtureFiles(full, found);
    else if (isFixture(path.relative(ROOT, full).split(path.sep).join('/'))) found.push(full);
  }
  return found;
}

describe('committed fixtures', () => {
  it('the scanner sees absolute expiries in the shapes fixtures use', () => {
    expect(findAbsoluteExpiries('{"asn": 64496, "expires": 1796000000}')).toHaveLength(1);
    expect(findAbsoluteExpiries('notAfter=2026-12-02T00:00:00Z')).toHaveLength(1);
    expect(findAbsoluteExpiries("valid_until: '2027-01-01'")).toHaveLength(1);
    expect(findAbsoluteExpiries('{"expiresAt":"2026-12-05T14:00:00.000Z"}')).toHaveLength(1);
    expect(findAbsoluteExpiries('-----BEGIN CERTIFICATE-----\nMIIB…')).toHaveLength(1);
    // Relative lifetimes and other dates are fine.
    expect(findAbsoluteExpiries('{"expiresAfterMs": 172800000, "updated": "2024-01-01T00:00:00Z"}')).toEqual(
      [],
    );
  });

  it('carry no absolute expiry time (generate such documents relative to the test clock)', () => {
    const files = fixtureFiles();
    // The fixture directories exist (bird-client, rpki, PeeringDB, IRR): the scan looked somewhere.
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((file) =>
      findAbsoluteExpiries(readFileSync(file, 'utf8')).map((hit) => `${path.relative(ROOT, file)}: ${hit}`),
    );
    expect(offenders).toEqual([]);
  });
});
