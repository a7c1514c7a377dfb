import { IxoraError } from '@ixora/errors';
import { parseRtrEndpoint } from './rtr-endpoint.parser.js';

describe('parseRtrEndpoint', () => {
  it.each([
    ['rpki.example.net', { rtrHost: 'rpki.example.net', rtrPort: 323 }],
    ['rpki.example.net:3323', { rtrHost: 'rpki.example.net', rtrPort: 3323 }],
    ['192.0.2.5:8282', { rtrHost: '192.0.2.5', rtrPort: 8282 }],
    ['[2001:db8::5]:3323', { rtrHost: '2001:db8::5', rtrPort: 3323 }],
    ['[2001:db8::5]', { rtrHost: '2001:db8::5', rtrPort: 323 }],
    ['2001:db8::5', { rtrHost: '2001:db8::5', rtrPort: 323 }],
    [' 127.0.0.1 ', { rtrHost: '127.0.0.1', rtrPort: 323 }],
  ])('%s', (input, expected) => {
    expect(parseRtrEndpoint(input)).toEqual(expected);
  });

  it.each(['', 'host:0', 'host:65536', 'host:abc', '2001:db8::5:x:'])(
    'refuses %j naming the setting',
    (input) => {
      expect(() => parseRtrEndpoint(input)).toThrow(IxoraError);
      expect(() => parseRtrEndpoint(input)).toThrow(/^RPKI_RTR_HOST: /);
    },
  );
});
