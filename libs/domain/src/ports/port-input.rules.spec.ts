import { isIxoraError } from '@ixora/errors';
import {
  optionalManagementAddress,
  optionalSpeedMbps,
  parsePortName,
  parseSwitchName,
  parseSwitchRef,
} from './port-input.rules.js';

function problemOf(fn: () => unknown): { field?: string; value?: unknown } {
  try {
    fn();
  } catch (error) {
    if (isIxoraError(error)) return { field: error.field, value: error.details.value };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('port and switch input rules', () => {
  it.each(['Ethernet1/1', 'et-0/0/1', 'xe-0/0/0:1', 'Port-Channel12', 'ae12', '1/1/c1/1', 'swp1s0'])(
    'takes the interface name %s',
    (name) => expect(parsePortName(name)).toBe(name),
  );

  it.each(['', ' et-0/0/1', 'Eth 1', '-ae1', 'ae1;', 'a'.repeat(65), 'et\n1'])(
    'refuses the interface name %j, naming the field and value',
    (name) => expect(problemOf(() => parsePortName(name))).toEqual({ field: 'portName', value: name }),
  );

  it('reads digits as a switch id and a name as a name; a switch name starts with a letter', () => {
    expect(parseSwitchRef('12')).toEqual({ id: 12 });
    expect(parseSwitchRef(12)).toEqual({ id: 12 });
    expect(parseSwitchRef('sw1.fra1')).toEqual({ name: 'sw1.fra1' });
    expect(problemOf(() => parseSwitchRef('0x10'))).toEqual({ field: 'switch', value: '0x10' });
    expect(problemOf(() => parseSwitchRef('012'))).toEqual({ field: 'switch', value: '012' });
    expect(problemOf(() => parseSwitchName('1sw'))).toEqual({ field: 'name', value: '1sw' });
  });

  it('takes link speeds in whole Mbit/s up to 1.6 Tbit/s', () => {
    expect(optionalSpeedMbps('100000', 'linkSpeedMbps')).toBe(100000);
    expect(optionalSpeedMbps('', 'linkSpeedMbps')).toBeNull();
    for (const bad of ['10G', 0, -1, 1.5, 1_600_001, '1e4'])
      expect(problemOf(() => optionalSpeedMbps(bad, 'linkSpeedMbps'))).toEqual({
        field: 'linkSpeedMbps',
        value: bad,
      });
  });

  it('takes an IPv4 or IPv6 management address, canonical, and refuses IPv4-mapped IPv6', () => {
    expect(optionalManagementAddress('2001:DB8:0::1')).toBe('2001:db8::1');
    expect(optionalManagementAddress('192.0.2.1')).toBe('192.0.2.1');
    expect(optionalManagementAddress('')).toBeNull();
    for (const bad of ['::ffff:192.0.2.1', '192.0.2.0/24', 'sw1'])
      expect(problemOf(() => optionalManagementAddress(bad)).field).toBe('managementAddress');
  });
});
