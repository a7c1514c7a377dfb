import { BirdReplyFramer } from './bird-reply.reader.js';
import { readFixture } from './testing/bird-fixtures.js';

function frameAll(text: string): unknown[] {
  const framer = new BirdReplyFramer();
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => framer.frame(line));
}

describe('BirdReplyFramer', () => {
  it('frames codes, continuation lines and the final line', () => {
    expect(frameAll(readFixture('rs-01').reply)).toEqual([
      { code: 1000, text: 'BIRD 2.0.12', isFinal: false },
      { code: 1011, text: 'Router ID is 127.0.0.1', isFinal: false },
      { code: 1011, text: 'Hostname is vm', isFinal: false },
      { code: 1011, text: 'Current server time is 2026-11-29 02:00:40', isFinal: false },
      { code: 1011, text: 'Last reboot on 2026-11-29 02:00:02', isFinal: false },
      { code: 1011, text: 'Last reconfiguration on 2026-11-29 02:00:35', isFinal: false },
      { code: 13, text: 'Daemon is up and running', isFinal: true },
    ]);
  });

  it('separates spontaneous `+` lines from replies', () => {
    expect(frameAll(readFixture('rs-908').reply)[0]).toEqual({
      async: 'filters, line 1: No route to access',
    });
    expect(frameAll(readFixture('rs-65').reply)).toEqual([
      { code: 1, text: 'BIRD 2.0.12 ready.', isFinal: true },
      { code: 0, text: '', isFinal: true },
      { code: 9, text: 'AS65003_1: disabled', isFinal: false },
      { code: 0, text: '', isFinal: true },
      { async: 'Disabling protocol AS65003_1' },
      { code: 11, text: 'AS65003_1: enabled', isFinal: false },
      { code: 0, text: '', isFinal: true },
      { async: 'Enabling protocol AS65003_1' },
    ]);
  });

  it('refuses a continuation line with no reply open, and garbage', () => {
    const framer = new BirdReplyFramer();
    framer.frame('0000 ');
    expect(() => framer.frame(' 10.0.0.0/8 stray')).toThrow(/unexpected line/);
    expect(() => new BirdReplyFramer().frame('HTTP/1.1 200 OK')).toThrow(/unexpected line/);
  });
});
