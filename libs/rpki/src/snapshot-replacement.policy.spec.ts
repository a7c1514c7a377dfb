import { decideSnapshotReplacement, MIN_SNAPSHOT_SIZE_RATIO } from './snapshot-replacement.policy.js';

describe('decideSnapshotReplacement', () => {
  it('uses a 50% threshold', () => {
    expect(MIN_SNAPSHOT_SIZE_RATIO).toBe(0.5);
  });

  it.each([
    [null, 1],
    [null, 500_000],
    [0, 10],
    [500_000, 500_000],
    [500_000, 480_000],
    [500_000, 250_000],
    [500_000, 900_000],
    [3, 2],
  ])('accepts %p -> %p', (previous, next) => {
    expect(decideSnapshotReplacement(previous, next, false)).toEqual({ accept: true });
  });

  it.each([
    [null, 0, 'the new VRP set is empty; use --force to load it anyway'],
    [500_000, 0, 'the new VRP set is empty; use --force to load it anyway'],
    [0, 0, 'the new VRP set is empty; use --force to load it anyway'],
    [
      500_000,
      249_999,
      'the new VRP set is smaller than 50% of the current one (249999 against 500000); use --force to load it anyway',
    ],
    [
      4,
      1,
      'the new VRP set is smaller than 50% of the current one (1 against 4); use --force to load it anyway',
    ],
  ])('refuses %p -> %p', (previous, next, reason) => {
    expect(decideSnapshotReplacement(previous, next, false)).toEqual({ accept: false, reason });
  });

  it('accepts anything with force, saying what it overrode', () => {
    expect(decideSnapshotReplacement(500_000, 0, true)).toEqual({
      accept: true,
      reason: 'forced although the new VRP set is empty',
    });
    expect(decideSnapshotReplacement(500_000, 1000, true)).toEqual({
      accept: true,
      reason: 'forced although the new VRP set is smaller than 50% of the current one (1000 against 500000)',
    });
    expect(decideSnapshotReplacement(500_000, 500_000, true)).toEqual({ accept: true });
  });
});
