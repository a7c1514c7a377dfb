import { reloadInCommand } from './bird-command.builder.js';
import { parseSessionInputDigests, selectSessionsToReload } from './session-inputs.js';

const digest = (c: string): string => c.repeat(64);

function config(sessions: Record<string, string | null>): string {
  return Object.entries(sessions)
    .map(([name, d]) =>
      [
        ...(d === null ? [] : [`# ixora-session-inputs ${name} ${d}`]),
        `protocol bgp ${name} {`,
        '  neighbor 192.0.2.11 as 64500;',
        '}',
      ].join('\n'),
    )
    .join('\n\n');
}

describe('session input digests', () => {
  it('reads every digest line and nothing else', () => {
    const text = `${config({ AS64500_v4_1: digest('a'), AS64500_v6_2: digest('b') })}\n# ixora-session-inputs bad name ${digest('c')}\n# ixora-session-inputs AS1_v4_3 xyz\n`;
    expect([...parseSessionInputDigests(text)]).toEqual([
      ['AS64500_v4_1', digest('a')],
      ['AS64500_v6_2', digest('b')],
    ]);
  });

  it('selects exactly the sessions that existed before and whose digest changed', () => {
    const before = config({ AS1_v4_1: digest('a'), AS2_v4_2: digest('b'), AS3_v4_3: digest('c') });
    const after = config({
      AS1_v4_1: digest('a'), // unchanged
      AS2_v4_2: digest('d'), // its inputs changed
      AS4_v4_4: digest('e'), // new: starts with the new filters
    });
    expect(selectSessionsToReload(before, after)).toEqual(['AS2_v4_2']);
  });

  it('reloads every running session when the previous config had no digests, none without a previous config', () => {
    const legacy = config({ AS2_v4_2: null, AS1_v4_1: null });
    const next = config({ AS1_v4_1: digest('a'), AS2_v4_2: digest('b'), AS3_v4_3: digest('c') });
    expect(selectSessionsToReload(legacy, next)).toEqual(['AS1_v4_1', 'AS2_v4_2']);
    expect(selectSessionsToReload(null, next)).toEqual([]);
    expect(selectSessionsToReload(next, next)).toEqual([]);
  });

  it('sends one short reload line per session and refuses anything but a symbol', () => {
    expect(reloadInCommand('AS4200000000_v6_123456').text).toBe('reload in AS4200000000_v6_123456');
    expect(() => reloadInCommand('AS1_v4_1; down')).toThrow(/protocol/);
    expect(() => reloadInCommand('"AS*"')).toThrow(/protocol/);
    expect(() => reloadInCommand('A'.repeat(65))).toThrow(/longer than 64/);
  });
});
