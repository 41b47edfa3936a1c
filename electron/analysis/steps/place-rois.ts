/**
 * Step "build ROI": where each ROI falls on the BOLD grid — a sphere around an MNI centre (a voxel
 * belongs when its centre is within the radius) or a mask image on any MNI grid, resampled by
 * nearest neighbour through the affines (probabilistic masks thresholded at 0.5).
 */
import type { RoiSpec, Vec3 } from '../../../shared/imaging/analysis-types';
import { applyAffine } from '../../../shared/imaging/affine';
import { resampleNearest } from '../../../shared/imaging/resample';
import { sphereVoxels } from '../../../shared/imaging/sphere';
import { KrpError } from '../../../shared/errors';
import { readNiftiImage } from '../nifti/read-image';

export interface RoiPlacement {
  label: string;
  /** Linear indices on the BOLD grid (x fastest), ascending. */
  gridIndices: Int32Array;
  /** Size of the whole ROI in BOLD voxels, as if the grid had no edge. */
  nominal: number;
  centreMm: Vec3 | null;
}

export interface Grid {
  dims: [number, number, number];
  affine: readonly number[];
}

export async function placeRoi(label: string, spec: RoiSpec, grid: Grid): Promise<RoiPlacement> {
  if (spec.kind === 'sphere') {
    const { indices, nominal } = sphereVoxels(grid.dims, grid.affine, spec.centreMm, spec.radiusMm);
    const sorted = Int32Array.from(indices).sort();
    checkInside(label, sorted, nominal);
    return { label, gridIndices: sorted, nominal, centreMm: spec.centreMm };
  }
  const mask = await readNiftiImage(spec.path);
  if (mask.header.affine === null) {
    throw new KrpError('analysis.roi-mask-orientation', `The ${label} mask ${spec.path} has no orientation (sform and qform codes are 0), so it cannot be placed on the scan. Use a mask saved in MNI space.`);
  }
  const [mx, my, mz] = mask.header.dims;
  const onGrid = resampleNearest({ dims: [mx, my, mz], affine: mask.header.affine, data: mask.data }, grid, 0.5);
  const list: number[] = [];
  for (let i = 0; i < onGrid.length; i++) if (onGrid[i]) list.push(i);
  const nominal = nominalMaskSize(mask.data, [mx, my, mz], mask.header.affine, grid);
  const gridIndices = Int32Array.from(list);
  checkInside(label, gridIndices, nominal);
  return { label, gridIndices, nominal: Math.max(nominal, gridIndices.length), centreMm: null };
}

/** The mask's volume (≥ 0.5) expressed in BOLD voxels, counting the parts outside the BOLD grid too. */
function nominalMaskSize(data: Float32Array, dims: [number, number, number], affine: readonly number[], grid: Grid): number {
  const volume = (a: readonly number[]) => Math.abs(
    a[0] * (a[5] * a[10] - a[6] * a[9]) - a[1] * (a[4] * a[10] - a[6] * a[8]) + a[2] * (a[4] * a[9] - a[5] * a[8]));
  let count = 0;
  for (let i = 0; i < data.length; i++) if (data[i] >= 0.5) count++;
  return Math.round(count * volume(affine) / volume(grid.affine));
}

function checkInside(label: string, indices: Int32Array, nominal: number): void {
  if (indices.length === 0) {
    throw new KrpError('analysis.roi-outside-fov', `The ${label} ROI lies entirely outside the image's field of view, so its signal cannot be measured. Check that the scan covers the whole brain and is in MNI space, or adjust the ROI.`,
      { roi: label, nominal });
  }
}

/** MNI coordinates of a voxel, for messages. */
export function voxelToMm(grid: Grid, index: number): Vec3 {
  const [nx, ny] = grid.dims;
  const i = index % nx;
  const j = Math.floor(index / nx) % ny;
  const k = Math.floor(index / (nx * ny));
  return applyAffine(grid.affine, [i, j, k]);
}

