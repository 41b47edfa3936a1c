/**
 * Spherical regions of interest on a voxel grid: the voxels whose centres lie within a radius
 * (mm) of a world-space centre (mm), found by searching only the sphere's bounding box.
 */
import { KrpError } from '../errors';
import { applyAffine, invertAffine } from './affine';

/** Most lattice points a sphere's bounding box may hold (a 10 mm sphere on a 0.25 mm grid: 5e5). */
export const MAX_SPHERE_BOX_POINTS = 2e7;

export interface SphereVoxels {
  /** Linear indices (x fastest, then y, z) of voxels inside the grid and the sphere, ascending. */
  indices: Int32Array;
  /** How many voxels of the same grid would be inside the sphere if the grid had no edge. */
  nominal: number;
}

/**
 * Voxels of the grid `dims` (with voxel→mm `affine`, row-major 4×4) whose centre is within
 * `radiusMm` (≤, in mm) of `centreMm`. `nominal` counts the same lattice points without the grid's
 * bounds, so indices.length < nominal means the sphere is partly outside the field of view.
 */
export function sphereVoxels(
  dims: readonly number[],
  affine: readonly number[],
  centreMm: readonly [number, number, number] | readonly number[],
  radiusMm: number,
): SphereVoxels {
  const [nx, ny, nz] = dims;
  const inv = invertAffine(affine);
  const c = applyAffine(inv, [centreMm[0], centreMm[1], centreMm[2]]);
  // A sphere of radius r maps to an ellipsoid whose half-extent along voxel axis i is r·‖row i of A⁻¹‖.
  const half = [0, 1, 2].map((i) => radiusMm * Math.hypot(inv[i * 4], inv[i * 4 + 1], inv[i * 4 + 2]));
  const lo = [0, 1, 2].map((i) => Math.floor(c[i] - half[i]) - 1);
  const hi = [0, 1, 2].map((i) => Math.ceil(c[i] + half[i]) + 1);
  const boxPoints = (hi[0] - lo[0] + 1) * (hi[1] - lo[1] + 1) * (hi[2] - lo[2] + 1);
  if (!(boxPoints <= MAX_SPHERE_BOX_POINTS)) {
    throw new KrpError('analysis.roi-geometry',
      `A ${radiusMm} mm sphere covers ${Number.isFinite(boxPoints) ? boxPoints.toExponential(1) : 'infinitely many'} voxels of this image's grid (at most ${MAX_SPHERE_BOX_POINTS.toExponential(0)}): the image's voxel sizes or orientation are implausible, or the radius is too large. Check the image header and the ROI radius.`,
      { radiusMm });
  }
  const r2 = radiusMm * radiusMm * (1 + 1e-12);
  const found: number[] = [];
  let nominal = 0;
  for (let k = lo[2]; k <= hi[2]; k++) {
    for (let j = lo[1]; j <= hi[1]; j++) {
      for (let i = lo[0]; i <= hi[0]; i++) {
        const p = applyAffine(affine, [i, j, k]);
        const d2 = (p[0] - centreMm[0]) ** 2 + (p[1] - centreMm[1]) ** 2 + (p[2] - centreMm[2]) ** 2;
        if (d2 > r2) continue;
        nominal++;
        if (i >= 0 && i < nx && j >= 0 && j < ny && k >= 0 && k < nz) found.push(i + nx * (j + ny * k));
      }
    }
  }
  return { indices: Int32Array.from(found), nominal };
}
