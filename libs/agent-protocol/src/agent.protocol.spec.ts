import { configDigest, isTokenMatch } from './agent.protocol.js';

describe('agent protocol', () => {
  it('matches the bearer token exactly', () => {
    const token = 'rs1-agent-token-0123456789';
    expect(isTokenMatch(token, `Bearer ${token}`)).toBe(true);
    expect(isTokenMatch(token, `bearer ${token}`)).toBe(true);
    expect(isTokenMatch(token, `Bearer ${token}x`)).toBe(false);
    expect(isTokenMatch(token, token)).toBe(false);
    expect(isTokenMatch(token, undefined)).toBe(false);
    expect(isTokenMatch(token, 'Bearer ')).toBe(false);
  });

  it('digests a config as the hex SHA-256 of its UTF-8 text', () => {
    // SHA-256("abc"), FIPS 180-2 appendix B.1.
    expect(configDigest('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(configDigest('router id 192.0.2.1;\n')).not.toBe(configDigest('router id 192.0.2.2;\n'));
  });
});
