/** Where one value falls in a sample: the mid-rank percentile (ties count half). */

/** 100·(#below + ½·#equal)/n, in percent (0–100); null for an empty sample. */
export function percentileRank(sample: ArrayLike<number>, value: number): number | null {
  if (sample.length === 0) return null;
  let below = 0;
  let equal = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] < value) below++;
    else if (sample[i] === value) equal++;
  }
  return (100 * (below + 0.5 * equal)) / sample.length;
}
