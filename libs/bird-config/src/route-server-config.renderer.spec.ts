import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IxoraError } from '@ixora/errors';
import { HOSTILE_DESCRIPTION, smallExchangeModel } from '../fixtures/small-exchange.fixture.js';
import {
  filterReasonConstant,
  REASON_COMMUNITIES,
  RPKI_STATE_COMMUNITIES,
  rpkiStateConstant,
} from './communities.js';
import { findBirdTemplatesDir, renderRouteServerConfig } from './route-server-config.renderer.js';
import type { RouteServerConfigModel } from './route-server-config.model.js';

function shuffled<T>(values: readonly T[]): T[] {
  // Deterministic reversal plus rotation: enough to prove order does not matter.
  const reversed = [...values].reverse();
  return [...reversed.slice(1), ...reversed.slice(0, 1)];
}

function protocolBlock(config: string, name: string): string {
  const start = config.indexOf(`protocol bgp ${name} {`);
  expect(start).toBeGreaterThanOrEqual(0);
  return config.slice(start, config.indexOf('\n}\n', start) + 3);
}

describe('renderRouteServerConfig', () => {
  const config = renderRouteServerConfig(smallExchangeModel());

  it('is byte-for-byte the same whatever order the lists come in', () => {
    const model = smallExchangeModel();
    const reordered: RouteServerConfigModel = {
      ...model,
      members: shuffled(model.members).map((m) => ({
        ...m,
        prefixesV4: shuffled(m.prefixesV4),
        asns: shuffled(m.asns),
      })),
      sessions: shuffled(model.sessions),
      neverViaRouteServerAsns: shuffled(model.neverViaRouteServerAsns),
      bogonPrefixesV4: shuffled(model.bogonPrefixesV4),
      rpki: model.rpki.mode === 'static' ? { mode: 'static', vrps: shuffled(model.rpki.vrps) } : model.rpki,
    };
    expect(renderRouteServerConfig(reordered)).toBe(config);
  });

  it('keeps a hostile description inside one quoted string on one line', () => {
    const block = protocolBlock(config, 'AS206002_v4_12');
    const line = block.split('\n').find((l) => l.trimStart().startsWith('description'))!;
    expect(line).toMatch(/^ {2}description "[^"\\\n]*";$/);
    expect(line).toContain('protocol static evil');
    // Nothing of the payload escaped into the structure of the config.
    expect(config).not.toMatch(/^\s*protocol static evil/m);
    expect(config.match(/^protocol /gm)).toHaveLength(
      1 /* device */ + 2 /* ROA statics */ + smallExchangeModel().sessions.length,
    );
    expect(HOSTILE_DESCRIPTION).toContain('\n');
  });

  it('writes only ASCII', () => {
    expect(config).toMatch(/^[\x09\x0a\x20-\x7e]*$/);
  });

  it('gives a member with an empty IRR expansion empty sets and a warning, never its stale data', () => {
    expect(config).toContain('define AS206003_ASNS = [ ];');
    expect(config).toContain('define AS206003_PREFIXES_V4 = [ ];');
    expect(config).not.toContain('31.13.0.0/16,');
    expect(config).toMatch(/# WARNING: AS206003 has no IRR data/);
    // and its session still enforces IRR: origin and prefix checks on.
    expect(protocolBlock(config, 'AS206003_v4_14')).toMatch(/AS206003_ASNS,\s+64, 8, 24, true, true,/);
  });

  it('carries every session setting into its protocol', () => {
    const bravo = protocolBlock(config, 'AS206002_v4_12');
    expect(bravo).toContain('  passive on;\n');
    expect(bravo).toContain('  password "s3cret-Key!";\n');
    expect(bravo).toContain('  rs client;\n');
    expect(bravo).toContain('  local role rs_server;\n');
    expect(bravo).toContain('    import keep filtered on;\n');
    expect(bravo).toContain('    secondary;\n');
    expect(bravo).toContain('receive limit 48 action restart;'); // PeeringDB 40 + 20 %
    expect(bravo).toContain('error wait time 1800, 1800;');
    expect(bravo).toContain(
      '[ 192.0.2.21, 192.0.2.22 ], AS206002_PREFIXES_V4_OR_LONGER, AS206002_PREFIXES_V4_OR_LONGER',
    );
    expect(bravo).toContain('export where ixora_export(206002, true);');

    const delta = protocolBlock(config, 'AS206004_v6_15');
    expect(delta).not.toContain('local role');
    expect(delta).toContain('add paths tx;');
    expect(delta).toContain('receive limit 9 action block;');
    expect(delta).toContain('IXORA_RPKI_POLICY_TAG_ONLY');
    expect(delta).not.toContain('error wait time');

    expect(protocolBlock(config, 'AS206003_v4_14')).toContain('  disabled on;\n');
    expect(protocolBlock(config, 'AS206001_v6_11')).toContain('neighbor 2001:db8::11 as 206001;');
  });

  it('sets every reason community of the table and every RPKI state, by name', () => {
    for (const reason of REASON_COMMUNITIES) {
      const name = filterReasonConstant(reason.key);
      expect(config).toContain(`\ndefine ${name} = ${reason.code}; # ${reason.words}\n`);
      expect(config).toContain(`ixora_filtered(${name})`);
    }
    for (const state of RPKI_STATE_COMMUNITIES) {
      const name = rpkiStateConstant(state.key);
      expect(config).toContain(`\ndefine ${name} = ${state.code}; # ${state.words}\n`);
      expect(config).toContain(`(RS_ASN, 1000, ${name})`);
    }
    expect(config).toContain('bgp_large_community.add((RS_ASN, 1101, reason_code));');
    // No bare number stands for a reason or a state any more.
    expect(config).not.toMatch(/ixora_filtered\([0-9]/);
    expect(config).not.toMatch(/\(RS_ASN, 1000, [0-9]+\)/);
  });

  it('names the RPKI policies as the rpkiPolicy setting does', () => {
    expect(config).toContain('define IXORA_RPKI_POLICY_OFF = 0;\n');
    expect(config).toContain('define IXORA_RPKI_POLICY_TAG_ONLY = 1;\n');
    expect(config).toContain('define IXORA_RPKI_POLICY_REJECT_INVALID = 2;\n');
    expect(config.match(/if rpki_policy = IXORA_RPKI_POLICY_OFF then/g)).toHaveLength(2);
  });

  it("summarises each session's resolved policy in one comment line above its import where", () => {
    expect(protocolBlock(config, 'AS206002_v4_12')).toContain(
      '    # AS-SET AS206002:AS-CUSTOMERS (IRR stale): 3 ASNs, 3 IPv4 prefix entries; max-prefix 48 from peeringdb;' +
        ' RPKI reject-invalid; on: irrEnforceOrigin, irrEnforcePrefix, irrAllowMoreSpecifics, allowBlackhole,' +
        ' enforceTransitFree; off: none\n    import where ixora_import_v4(206002,',
    );
    expect(protocolBlock(config, 'AS206004_v6_15')).toContain(
      '    # no AS-SET: 2 ASNs, 2 IPv6 prefix entries; max-prefix 9 from peeringdb; RPKI tag-only;' +
        ' on: irrEnforceOrigin, irrEnforcePrefix; off: irrAllowMoreSpecifics, allowBlackhole, enforceTransitFree\n',
    );
    expect(protocolBlock(config, 'AS206001_v4_10')).toContain('max-prefix 1000 from member;');
    expect(protocolBlock(config, 'AS206001_v6_11')).toContain('max-prefix 300 from session;');
    expect(protocolBlock(config, 'AS206003_v4_14')).toContain(
      '# AS-SET AS-CHARLIE (IRR empty): 0 ASNs, 0 IPv4 prefix entries; max-prefix 200 from ixp;',
    );
    expect(config.match(/^ {4}# .*\n {4}import where /gm)).toHaveLength(smallExchangeModel().sessions.length);
  });

  it('writes ixora_import_v4 and ixora_import_v6 from one template, differing only by family', () => {
    const importFunction = (name: string): string => {
      const start = config.indexOf(`function ${name}(`);
      return config.slice(config.lastIndexOf('\n\n', start), config.indexOf('\n}\n', start) + 3);
    };
    const v4 = importFunction('ixora_import_v4');
    const v6 = importFunction('ixora_import_v6')
      .replace(/^# IPv6 also accepts only global unicast.*\n/m, '')
      .replace(/^ {2}if !\(net ~ \[ 2000::\/3\+ \]\).*\n/m, '');
    const asV4 = v6
      .replace(/IPv6/g, 'IPv4')
      .replace(/_v6\b/g, '_v4')
      .replace(/NET_IP6/g, 'NET_IP4')
      .replace(/_V6\b/g, '_V4')
      .replace(/ixora_roa6/g, 'ixora_roa4')
      .replace('bgp_next_hop = 2001:db8::66;', 'bgp_next_hop = 192.0.2.66;');
    expect(asV4).toBe(v4);
    const source = readFileSync(path.join(findBirdTemplatesDir(), 'functions.hbs'), 'utf8');
    expect(source).not.toContain('function ixora_import_v');
    expect(source).toContain('{{> import-function}}');
  });

  it('uses standard RS communities only for a 16-bit route-server ASN', () => {
    expect(config).toContain('(0, RS_ASN) ~ bgp_community');
    const wide = renderRouteServerConfig({
      ...smallExchangeModel(),
      routeServer: { ...smallExchangeModel().routeServer, asn: 4200000001 },
    });
    expect(wide).not.toContain('(0, RS_ASN)');
    expect(wide).not.toContain('(RS_ASN, *)');
    expect(wide).toContain('define RS_ASN = 4200000001;');
  });

  it('defines each member set once and shares the filter functions', () => {
    expect(config.match(/^define AS206002_PREFIXES_V4 =/gm)).toHaveLength(1);
    expect(config.match(/^function /gm)).toHaveLength(8);
    expect(config).not.toMatch(/^\s*(import|export) filter/m);
  });

  it('renders RTR mode with a protocol rpki instead of static ROAs', () => {
    const rtr = renderRouteServerConfig({
      ...smallExchangeModel(),
      rpki: { mode: 'rtr', rtrHost: 'RPKI.example.net', rtrPort: 3323 },
    });
    expect(rtr).toContain('protocol rpki ixora_rtr {');
    expect(rtr).toContain('remote "rpki.example.net" port 3323;');
    expect(rtr).not.toContain('protocol static ixora_roa_v4');
  });

  it.each([
    [
      'routeServer.name',
      (m: RouteServerConfigModel) => ({ ...m, routeServer: { ...m.routeServer, name: 'rs1"; }' } }),
    ],
    [
      'rpki.rtrHost',
      (m: RouteServerConfigModel) => ({
        ...m,
        rpki: { mode: 'rtr' as const, rtrHost: 'x"; protocol', rtrPort: 323 },
      }),
    ],
    [
      'members[0].asSet',
      (m: RouteServerConfigModel) => ({
        ...m,
        members: [{ ...m.members[0]!, asSet: 'AS-X\n}' }, ...m.members.slice(1)],
      }),
    ],
    [
      'sessions[0].peerAddress',
      (m: RouteServerConfigModel) => ({
        ...m,
        sessions: [{ ...m.sessions[0]!, peerAddress: '2001:db8::21' }, ...m.sessions.slice(1)],
      }),
    ],
    [
      'sessions[0].memberAsn',
      (m: RouteServerConfigModel) => ({
        ...m,
        sessions: [{ ...m.sessions[0]!, memberAsn: 65550 }, ...m.sessions.slice(1)],
      }),
    ],
    [
      'sessions.id',
      (m: RouteServerConfigModel) => ({
        ...m,
        sessions: [...m.sessions, { ...m.sessions[0]!, peerAddress: '192.0.2.23' }],
      }),
    ],
    ['members.asn', (m: RouteServerConfigModel) => ({ ...m, members: [...m.members, m.members[0]!] })],
    [
      'members[1].prefixesV4[0]',
      (m: RouteServerConfigModel) => ({
        ...m,
        members: [
          m.members[0]!,
          { ...m.members[1]!, prefixesV4: [{ prefix: '80.64.16.0/20', low: 16, high: 24 }] },
        ],
      }),
    ],
    [
      'sessions[0].policy.md5Password',
      (m: RouteServerConfigModel) => ({
        ...m,
        sessions: [
          { ...m.sessions[0]!, policy: { ...m.sessions[0]!.policy, md5Password: 'a\nb' } },
          ...m.sessions.slice(1),
        ],
      }),
    ],
  ])('refuses a bad %s with an error naming it', (field, mutate) => {
    let thrown: unknown;
    try {
      renderRouteServerConfig(mutate(smallExchangeModel()));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(IxoraError);
    expect((thrown as IxoraError).field).toBe(field);
  });

  it.each(['AS-X\n}; protocol', 'AS-X */ protocol', 'AS-X /*', 'AS-X}', 'AS-X # x'])(
    'refuses the AS-SET name %j before it reaches a comment',
    (asSet) => {
      const model = smallExchangeModel();
      expect(() =>
        renderRouteServerConfig({
          ...model,
          members: [{ ...model.members[0]!, asSet }, ...model.members.slice(1)],
        }),
      ).toThrow(expect.objectContaining({ field: 'members[0].asSet' }) as Error);
    },
  );

  it('finds the templates from the module and from a dist-like path', () => {
    const dir = findBirdTemplatesDir();
    expect(readFileSync(path.join(dir, 'route-server.hbs'), 'utf8')).toContain('{{> sessions}}');
    expect(findBirdTemplatesDir(path.join(dir, '..', '..', 'dist', 'libs', 'bird-config', 'src'))).toBe(dir);
  });
});
