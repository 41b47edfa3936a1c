/**
 * Per-voxel facts from the kept series (see load-bold.ts): which voxels are usable (finite and not
 * constant), their temporal SNR, the global signal and ROI mean signals.
 */
export interface VoxelStats {
  /** Per kept voxel: mean of the raw series (offset added back). */
  mean: Float64Array;
  /** Per kept voxel: standard deviation (n − 1). */
  sd: Float64Array;
  /** Per kept voxel: 1 when finite everywhere and not constant. */
  usable: Uint8Array;
  constant: Uint8Array;
}

/** Running sums over the retained scans of each kept voxel's stored (offset-removed) values. */
export interface VoxelSums {
  sum: Float64Array;
  sumSq: Float64Array;
  min: Float32Array;
  max: Float32Array;
}

export function newVoxelSums(V: number): VoxelSums {
  return { sum: new Float64Array(V), sumSq: new Float64Array(V), min: new Float32Array(V).fill(Infinity), max: new Float32Array(V).fill(-Infinity) };
}

/** Adds scan row `base` … base + V − 1 of `data` to the sums (load-bold.ts does this as each volume arrives). */
export function addScanToSums(sums: VoxelSums, data: Float32Array, base: number, V: number): void {
  const { sum, sumSq, min, max } = sums;
  for (let j = 0; j < V; j++) {
    const d = data[base + j];
    sum[j] += d;
    sumSq[j] += d * d;
    if (d < min[j]) min[j] = d;
    if (d > max[j]) max[j] = d;
  }
}

export function voxelStats(data: Float32Array, scans: number, offset: Float32Array, nonFinite: Uint8Array): VoxelStats {
  const V = offset.length;
  const sums = newVoxelSums(V);
  for (let t = 0; t < scans; t++) addScanToSums(sums, data, t * V, V);
  return voxelStatsFromSums(sums, scans, offset, nonFinite);
}

export function voxelStatsFromSums(sums: VoxelSums, scans: number, offset: Float32Array, nonFinite: Uint8Array): VoxelStats {
  const V = offset.length;
  const { sum, sumSq, min, max } = sums;
  const mean = new Float64Array(V);
  const sd = new Float64Array(V);
  const usable = new Uint8Array(V);
  const constant = new Uint8Array(V);
  for (let j = 0; j < V; j++) {
    const m = sum[j] / scans;
    mean[j] = m + offset[j];
    sd[j] = Math.sqrt(Math.max(0, (sumSq[j] - scans * m * m) / (scans - 1)));
    constant[j] = !nonFinite[j] && max[j] === min[j] ? 1 : 0;
    usable[j] = !nonFinite[j] && !constant[j] ? 1 : 0;
  }
  return { mean, sd, usable, constant };
}

/** Mean over the selected kept voxels of each scan (offsets added back): the global signal. */
export function meanSignal(data: Float32Array, scans: number, offset: Float32Array, members: ArrayLike<number>): Float64Array {
  const V = offset.length;
  const sums = new Float64Array(scans);
  for (let t = 0; t < scans; t++) {
    const base = t * V;
    let s = 0;
    for (let m = 0; m < members.length; m++) s += data[base + members[m]];
    sums[t] = s;
  }
  return meanSignalFromSums(sums, offset, members);
}

/** meanSignal from each scan's Σ over the members of the stored values (load-bold.ts sums them while reading). */
export function meanSignalFromSums(scanSums: Float64Array, offset: Float32Array, members: ArrayLike<number>): Float64Array {
  const out = new Float64Array(scanSums.length);
  if (members.length === 0) return out;
  let offsetSum = 0;
  for (let m = 0; m < members.length; m++) offsetSum += offset[members[m]];
  for (let t = 0; t < out.length; t++) out[t] = (scanSums[t] + offsetSum) / members.length;
  return out;
}

/** Kept positions of the voxels selected by `predicate`. */
export function selectKept(V: number, predicate: (j: number) => boolean): Int32Array {
  const list: number[] = [];
  for (let j = 0; j < V; j++) if (predicate(j)) list.push(j);
  return Int32Array.from(list);
}

/** Position in `kept` (ascending) of a grid index, or −1. */
export function keptPosition(kept: Int32Array, gridIndex: number): number {
  let lo = 0;
  let hi = kept.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = kept[mid];
    if (v === gridIndex) return mid;
    if (v < gridIndex) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}
