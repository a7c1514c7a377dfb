import { IxoraError } from '@ixora/errors';
import {
  checkAsSetName,
  checkConfigName,
  checkMd5Password,
  quoteBirdText,
  sanitiseBirdComment,
  sanitiseBirdText,
} from './bird-text.js';

describe('sanitiseBirdText', () => {
  const hostile = [
    'plain "quoted" text',
    'line one\nline two\r\nline three',
    'x"; }; protocol static evil { ipv4; route 0.0.0.0/0 blackhole; }; #',
    'back\\slash\\"',
    'Zürich – 東京 ✓ \u0000\u0007\u001b[31m',
    '\u2028separator\u2029',
  ];

  it.each(hostile)('leaves no quote, backslash, line break or non-ASCII in %j', (text) => {
    const safe = sanitiseBirdText(text);
    expect(safe).toMatch(/^[\x20-\x7e]*$/);
    expect(safe).not.toMatch(/["\\]/);
  });

  it('keeps readable text readable', () => {
    expect(sanitiseBirdText('  Alpha   Networks\nrtr1  ')).toBe('Alpha Networks rtr1');
    expect(sanitiseBirdText('Zürich')).toBe('Zurich');
    expect(sanitiseBirdText('a"b')).toBe('a?b');
  });

  it('cuts long text to 120 characters', () => {
    expect(sanitiseBirdText('x'.repeat(500))).toHaveLength(120);
  });

  it('quotes the result', () => {
    expect(quoteBirdText('a\n"b"')).toBe('"a ?b?"');
  });
});

describe('sanitiseBirdComment', () => {
  it.each([
    'AS-X\n}; protocol static evil { ipv4; }',
    'AS-X */ protocol static evil { ipv4; } /*',
    'a\r\nb\u2028c\u0085d',
    '/**/ */* /*/',
    'x'.repeat(300),
  ])('keeps %j on one line that cannot open or close a comment', (text) => {
    const safe = sanitiseBirdComment(text);
    expect(safe).toMatch(/^[\x20-\x7e]*$/);
    expect(safe).not.toMatch(/\/\*|\*\//);
  });

  it('leaves a policy summary as it is, however long', () => {
    const summary = `AS-SET AS64500:AS-CUSTOMERS: 3 ASNs; on: irrEnforceOrigin, ${'x'.repeat(200)}`;
    expect(sanitiseBirdComment(summary)).toBe(summary);
    expect(sanitiseBirdComment('a */ b')).toBe('a ?? b');
  });
});

describe('checkMd5Password', () => {
  it('accepts printable ASCII up to 80 characters', () => {
    expect(checkMd5Password('Secret-Key_1!#$%')).toBe('Secret-Key_1!#$%');
    expect(checkMd5Password('k'.repeat(80))).toHaveLength(80);
  });

  it.each(['has"quote', 'new\nline', 'back\\slash', 'naïve', '', 'k'.repeat(81)])(
    'refuses %j without echoing it',
    (password) => {
      let thrown: unknown;
      try {
        checkMd5Password(password);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(IxoraError);
      expect((thrown as IxoraError).field).toBe('md5Password');
      if (password.length > 2) expect((thrown as IxoraError).message).not.toContain(password);
    },
  );
});

describe('checkAsSetName', () => {
  it.each([
    ['AS-EXAMPLE', 'AS-EXAMPLE'],
    ['as-example', 'AS-EXAMPLE'],
    ['AS64500:AS-CUSTOMERS', 'AS64500:AS-CUSTOMERS'],
    ['AS-FOO:AS-BAR_1', 'AS-FOO:AS-BAR_1'],
    // An ASN names that ASN's route objects (IXP Manager's as_macro for members without an AS-SET).
    ['AS64500', 'AS64500'],
    ['as64500', 'AS64500'],
    ['RIPE::AS-EXAMPLE', 'RIPE::AS-EXAMPLE'],
  ])('accepts %s as %s', (name, canonical) => {
    expect(checkAsSetName(name)).toBe(canonical);
  });

  it.each([
    'AS0',
    'AS064500',
    'AS4294967296',
    'RIPE::AS64500',
    'EXAMPLE',
    'AS-FOO\n}; protocol',
    'AS-FOO BAR',
    'AS-"x"',
    '',
  ])('refuses %j', (name) => {
    expect(() => checkAsSetName(name)).toThrow(IxoraError);
  });
});

describe('checkConfigName', () => {
  it('accepts host-name-like names and refuses anything else', () => {
    expect(checkConfigName('rs1.example-ix', 'name')).toBe('rs1.example-ix');
    expect(() => checkConfigName('rs1\n}', 'name')).toThrow(/name: "rs1\\n}"/);
    expect(() => checkConfigName('', 'name')).toThrow(IxoraError);
  });
});
