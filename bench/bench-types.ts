/** One measured quantity of a benchmark. Ratios are to a baseline measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  note?: string;
}
