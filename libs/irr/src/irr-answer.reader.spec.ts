import { IrrAnswerReader } from './irr-answer.reader.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

describe('IrrAnswerReader', () => {
  it('reads data, success, not-found and error answers in order', () => {
    const reader = new IrrAnswerReader(1000);
    expect(reader.feed(bytes('A13\n192.0.2.0/24\nC\nC\nD\nF Invalid source(s): X\n'))).toEqual([
      { kind: 'data', data: '192.0.2.0/24\n' },
      { kind: 'ok' },
      { kind: 'not-found' },
      { kind: 'error', message: 'Invalid source(s): X' },
    ]);
    expect(reader.isMidAnswer).toBe(false);
  });

  it('reassembles answers split at any byte', () => {
    const wire = 'A29\n192.0.2.0/24 198.51.100.0/24\nC\nD\nA4\nAS1\nC\n';
    for (let cut = 1; cut < wire.length; cut++) {
      const reader = new IrrAnswerReader(1000);
      const answers = [...reader.feed(bytes(wire.slice(0, cut))), ...reader.feed(bytes(wire.slice(cut)))];
      expect(answers).toEqual([
        { kind: 'data', data: '192.0.2.0/24 198.51.100.0/24\n' },
        { kind: 'not-found' },
        { kind: 'data', data: 'AS1\n' },
      ]);
    }
  });

  it('reads a large answer delivered in many chunks', () => {
    const data = `${Array.from({ length: 20000 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`).join(' ')}\n`;
    const wire = bytes(`A${data.length}\n${data}C\n`);
    const reader = new IrrAnswerReader(10_000_000);
    const answers = [];
    for (let offset = 0; offset < wire.length; offset += 1000)
      answers.push(...reader.feed(wire.subarray(offset, offset + 1000)));
    expect(answers).toEqual([{ kind: 'data', data }]);
  });

  it('rejects answers above the size bound before reading them', () => {
    expect(() => new IrrAnswerReader(100).feed(bytes('A101\n'))).toThrow(
      /101 bytes exceeds the limit of 100/,
    );
  });

  it.each([
    ['an unknown answer code', 'Z garbage\n', /unexpected answer line "Z garbage"/],
    ['a bad length', 'Axyz\n', /bad answer length/],
    ['data without its C trailer', 'A2\nab\nX\n', /expected "C"/],
  ])('rejects %s', (_, wire, reason) => {
    expect(() => new IrrAnswerReader(100).feed(bytes(wire))).toThrow(reason);
  });

  it('rejects an endless line', () => {
    expect(() => new IrrAnswerReader(100).feed(bytes('x'.repeat(2000)))).toThrow(/no line end/);
  });
});
