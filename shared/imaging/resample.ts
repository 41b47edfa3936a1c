/**
 * resampleNearest: puts a mask (binary or probabilistic) onto another voxel grid through the two
 * affines. Pure (no Node, no DOM).
 */
import type { Affine } from './nifti-header';
import { invertAffine, multiplyAffine } from './affine';

export interface GridWithData {
  /** [nx, ny, nz] (further entries ignored: the first volume is used). */
  dims: readonly number[];
  /** Row-major 4×4 voxel→world, mm. */
  affine: Affine;
  /** nx·ny·nz values, x fastest. */
  data: ArrayLike<number>;
}

export interface Grid {
  dims: readonly number[];
  affine: Affine;
}

/** Added before flooring so that exact half-voxel ties (e.g. grids offset by half a voxel) round up consistently despite float error. */
const TIE_EPSILON = 1e-6;

/**
 * A 0/1 mask on the target grid: each target voxel centre → world → source voxel (rounded to the
 * nearest voxel, ties rounding up); 1 when that source value is ≥ threshold (so a 0.5 probability
 * counts as inside), 0 when it is below, NaN, or the point falls outside the source grid.
 */
export function resampleNearest(source: GridWithData, target: Grid, threshold = 0.5): Uint8Array {
  const [sx, sy, sz] = source.dims;
  const [tx, ty, tz] = target.dims;
  // Target voxel (i, j, k) → source voxel coordinates: inv(source) · target.
  const m = multiplyAffine(invertAffine(source.affine), target.affine);
  const out = new Uint8Array(tx * ty * tz);
  const data = source.data;
  let o = 0;
  for (let k = 0; k < tz; k++) {
    for (let j = 0; j < ty; j++) {
      // Source coordinates of (0, j, k); each step in i adds the first column.
      let x = m[1] * j + m[2] * k + m[3] + 0.5 + TIE_EPSILON;
      let y = m[5] * j + m[6] * k + m[7] + 0.5 + TIE_EPSILON;
      let z = m[9] * j + m[10] * k + m[11] + 0.5 + TIE_EPSILON;
      for (let i = 0; i < tx; i++, o++) {
        const si = Math.floor(x);
        const sj = Math.floor(y);
        const sk = Math.floor(z);
        x += m[0];
        y += m[4];
        z += m[8];
        if (si < 0 || sj < 0 || sk < 0 || si >= sx || sj >= sy || sk >= sz) continue;
        if (data[si + sx * (sj + sy * sk)] >= threshold) out[o] = 1;
      }
    }
  }
  return out;
}
