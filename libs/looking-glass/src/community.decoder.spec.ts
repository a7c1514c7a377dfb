import { REASON_COMMUNITIES } from '@ixora/bird-config';
import { decodeFilterReason, describeCommunities } from './community.decoder.js';

const rs = 59900;

describe('decodeFilterReason', () => {
  it.each(REASON_COMMUNITIES.map((reason) => [reason.key, reason.code, reason.words] as const))(
    '%s: RS:1101:%d is decoded into its words',
    (key, code, words) => {
      expect(
        decodeFilterReason(rs, [
          [rs, 1000, 2],
          [rs, 1101, code],
        ]),
      ).toEqual({ code, key, words });
    },
  );

  it('ignores reason communities of another route server', () => {
    expect(decodeFilterReason(rs, [[64500, 1101, 9]]).key).toBe('unknown');
  });

  it('names an unknown code rather than dropping it', () => {
    const reason = decodeFilterReason(rs, [[rs, 1101, 777]]);
    expect(reason).toMatchObject({ code: 777, key: 'unknown' });
    expect(reason.words).toContain('777');
  });

  it('says so when a filtered route carries no reason', () => {
    expect(decodeFilterReason(rs, []).words).toMatch(/no reason community/);
  });
});

describe('describeCommunities', () => {
  it('gives meanings for RPKI state, reasons, well-known and announcement-control communities', () => {
    const meanings = describeCommunities(
      64700,
      [
        [65535, 666],
        [65535, 0],
        [0, 64700],
        [0, 64501],
        [64700, 64502],
        [65512, 64503],
        [3356, 100],
      ],
      [
        [64700, 1000, 1],
        [64700, 1101, 13],
        [64700, 0, 4200000001],
        [64700, 103, 0],
        [64701, 1101, 13],
      ],
    );
    expect(meanings).toEqual([
      { community: '65535:666', meaning: 'blackhole (RFC 7999)' },
      { community: '65535:0', meaning: 'graceful shutdown (RFC 8326)' },
      { community: '0:64700', meaning: 'do not announce to any peer' },
      { community: '0:64501', meaning: 'do not announce to AS64501' },
      { community: '64700:64502', meaning: 'announce to AS64502' },
      { community: '65512:64503', meaning: 'prepend 2× to AS64503' },
      { community: '64700:1000:1', meaning: 'RPKI valid' },
      { community: '64700:1101:13', meaning: 'RPKI origin validation: invalid' },
      { community: '64700:0:4200000001', meaning: 'do not announce to AS4200000001' },
      { community: '64700:103:0', meaning: 'prepend 3× to any peer' },
    ]);
  });

  it('has no standard announcement control for a 32-bit route-server ASN', () => {
    expect(describeCommunities(4200000000, [[0, 64501]], [])).toEqual([]);
  });
});
