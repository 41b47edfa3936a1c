/**
 * Step "ROI signals": which voxels each ROI's mean signal is taken over, and the ROI's QC line.
 */
import type { RoiQc } from '../../../shared/imaging/analysis-types';
import { KrpError } from '../../../shared/errors';
import type { RoiPlacement } from './place-rois';
import { keptPosition, type VoxelStats } from './voxel-stats';

/** Fewest usable voxels an ROI may have. */
export const MIN_ROI_VOXELS = 10;

export interface RoiMembership {
  members: Int32Array;
  inGrid: number;
  inBrain: number;
  nonFinite: number;
  constant: number;
}

/**
 * The kept voxels an ROI signal averages, as CONN does: every ROI voxel whose series is finite and
 * not constant — inside the data-derived brain mask or not (the mask only counts, for QC).
 */
export function roiMembers(roi: RoiPlacement, kept: Int32Array, inBrain: Uint8Array, stats: VoxelStats): RoiMembership {
  const members: number[] = [];
  let nInBrain = 0;
  let nonFinite = 0;
  let constant = 0;
  for (const gridIndex of roi.gridIndices) {
    const j = keptPosition(kept, gridIndex);
    if (j < 0) continue;
    if (inBrain[j]) nInBrain++;
    if (stats.constant[j]) constant++;
    else if (!stats.usable[j]) nonFinite++;
    else members.push(j);
  }
  if (members.length < MIN_ROI_VOXELS) {
    throw new KrpError('analysis.roi-too-few-voxels',
      `The ${roi.label} ROI has only ${members.length} usable voxels (of ${roi.gridIndices.length} in the image: ${nonFinite} with NaN/Inf values, ${constant} constant); at least ${MIN_ROI_VOXELS} are needed. Check that the scan covers this region and is in MNI space.`,
      { roi: roi.label, usable: members.length, inImage: roi.gridIndices.length, nonFinite, constant });
  }
  return { members: Int32Array.from(members), inGrid: roi.gridIndices.length, inBrain: nInBrain, nonFinite, constant };
}

export function roiQcOf(roi: RoiPlacement, m: RoiMembership, stats: VoxelStats): RoiQc {
  let tsnr = 0;
  for (const j of m.members) tsnr += stats.sd[j] > 0 ? stats.mean[j] / stats.sd[j] : 0;
  return {
    voxelsInRoi: m.inGrid,
    voxels: m.members.length,
    excludedNonFinite: m.nonFinite,
    excludedConstant: m.constant,
    coverageFov: roi.nominal > 0 ? Math.min(1, m.inGrid / roi.nominal) : 0,
    coverageBrain: m.inGrid > 0 ? m.inBrain / m.inGrid : 0,
    tsnr: tsnr / m.members.length,
    centreMm: roi.centreMm,
  };
}

