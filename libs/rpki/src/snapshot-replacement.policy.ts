/**
 * A new VRP set smaller than this share of the current one is refused without `--force`. Real VRP
 * counts move by a few percent a day; losing half of them at once means a validator that lost a
 * trust anchor or its cache, and loading that would turn most valid routes into unknown ones.
 */
export const MIN_SNAPSHOT_SIZE_RATIO = 0.5;

export interface SnapshotReplacementDecision {
  readonly accept: boolean;
  /** Why it was refused, or which safety check `force` overrode. */
  readonly reason?: string;
}

/**
 * Whether a freshly loaded VRP set of `nextCount` entries may replace the stored snapshot of
 * `previousCount` entries (null: there is none yet). An empty set, or one below
 * {@link MIN_SNAPSHOT_SIZE_RATIO} of the previous, is refused unless `force`.
 */
export function decideSnapshotReplacement(
  previousCount: number | null,
  nextCount: number,
  force: boolean,
): SnapshotReplacementDecision {
  const problem = findProblem(previousCount, nextCount);
  if (problem === undefined) return { accept: true };
  if (force) return { accept: true, reason: `forced although ${problem}` };
  return { accept: false, reason: `${problem}; use --force to load it anyway` };
}

function findProblem(previousCount: number | null, nextCount: number): string | undefined {
  if (nextCount <= 0) return 'the new VRP set is empty';
  if (previousCount !== null && nextCount < previousCount * MIN_SNAPSHOT_SIZE_RATIO) {
    return `the new VRP set is smaller than ${MIN_SNAPSHOT_SIZE_RATIO * 100}% of the current one (${nextCount} against ${previousCount})`;
  }
  return undefined;
}
