/** One measured quantity of a benchmark. Ratios are to a baseline measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

/** Median wall time of `fn` over `runs` runs, after `warmups` unmeasured runs, in ms. */
export function medianMs(runs: number, fn: (i: number) => unknown, warmups = 3): number {
  for (let i = 0; i < warmups; i++) fn(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
