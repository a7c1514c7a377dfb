import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePeeringDbDump } from '@ixora/testing';
import { IXORA_VERSION } from './ixora-version.js';
import { parsePeeringDbEnvelope, parsePeeringDbObject, PEERINGDB_OBJECT_TYPES } from './peeringdb.schemas.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixture = (type: string): unknown =>
  JSON.parse(
    readFileSync(path.join(root, 'libs', 'testing', 'fixtures', 'peeringdb', `${type}.json`), 'utf8'),
  );

describe('PeeringDB payload validation', () => {
  it.each(PEERINGDB_OBJECT_TYPES)('accepts the %s fixtures and keeps every field', (type) => {
    const body = fixture(type) as { data: Record<string, unknown>[] };
    const parsed = parsePeeringDbEnvelope(type, body);
    expect(parsed).toEqual(body.data);
  });

  it('names type, id, field and value of a wrong field', () => {
    const [net] = (fixture('net') as { data: Record<string, unknown>[] }).data;
    expect(() => parsePeeringDbObject('net', { ...net, asn: 'AS64501' })).toThrow(
      'peeringdb net 601: field asn Invalid input: expected number, received string (got "AS64501")',
    );
    expect(() => parsePeeringDbObject('net', { ...net, asn: 0 })).toThrow(
      /peeringdb net 601: field asn .*\(got 0\)/,
    );
    const error = (() => {
      try {
        parsePeeringDbObject('net', { ...net, info_prefixes6: -1 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({
      code: 'validation_failed',
      details: { objectType: 'net', objectId: 601, field: 'info_prefixes6', value: -1 },
    });
  });

  it('names a missing field', () => {
    const [netixlan] = (fixture('netixlan') as { data: Record<string, unknown>[] }).data;
    const { is_rs_peer: _dropped, ...rest } = netixlan!;
    expect(() => parsePeeringDbObject('netixlan', rest)).toThrow(
      /peeringdb netixlan 801: field is_rs_peer .*\(got nothing\)/,
    );
  });

  it('rejects addresses of the wrong family and bad prefixes', () => {
    const [netixlan] = (fixture('netixlan') as { data: Record<string, unknown>[] }).data;
    expect(() => parsePeeringDbObject('netixlan', { ...netixlan, ipaddr4: '2001:db8::1' })).toThrow(
      /field ipaddr4 expected an IPv4 address/,
    );
    expect(() => parsePeeringDbObject('netixlan', { ...netixlan, ipaddr6: '192.0.2.1' })).toThrow(
      /field ipaddr6 expected an IPv6 address/,
    );
    const [ixpfx] = (fixture('ixpfx') as { data: Record<string, unknown>[] }).data;
    expect(() => parsePeeringDbObject('ixpfx', { ...ixpfx, prefix: '192.0.2.1/24' })).toThrow(
      /field prefix expected an IP prefix/,
    );
  });

  it('accepts older net records without newer fields and null info_prefixes', () => {
    const [net] = (fixture('net') as { data: Record<string, unknown>[] }).data;
    const { info_types: _a, social_media: _b, ...older } = net!;
    expect(parsePeeringDbObject('net', { ...older, info_prefixes4: null })).toMatchObject({
      info_prefixes4: null,
    });
  });

  it('refuses an answer that is not the envelope', () => {
    expect(() => parsePeeringDbEnvelope('ix', { meta: { error: 'x' } })).toThrow(
      /peeringdb ix: answer is not the API envelope/,
    );
    expect(() => parsePeeringDbEnvelope('ix', [])).toThrow(/envelope/);
  });

  it('accepts every object of the generated benchmark dump', () => {
    const dump = generatePeeringDbDump({ nets: 300, netixlans: 700 });
    for (const type of PEERINGDB_OBJECT_TYPES) {
      expect(parsePeeringDbEnvelope(type, { data: dump[type], meta: {} })).toHaveLength(dump[type].length);
    }
    expect(dump.net).toHaveLength(300);
    expect(dump.netixlan).toHaveLength(700);
  });

  it('sends the version package.json names', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect(IXORA_VERSION).toBe(pkg.version);
  });
});
