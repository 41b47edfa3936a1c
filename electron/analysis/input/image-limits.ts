/**
 * How big an image the analysis may take on, decided before anything is allocated. The analysis
 * holds the kept voxels' series as float32 (at most every voxel of every volume: 4 bytes per
 * voxel-volume) and a few full-grid arrays (≈ 24 bytes per voxel of one volume), so both are
 * bounded by a memory budget: a quarter of the machine's memory, at most 3 GiB, at least 256 MiB.
 * KRP_MAX_VOXEL_VOLUMES (a positive integer) overrides the voxel × volume maximum.
 * Typed arrays and Int32 voxel indices cap both at 2³¹ − 1 whatever the memory.
 */
import { totalmem } from 'node:os';

export interface ImageLimits {
  /** Largest nx·ny·nz·nt accepted. */
  maxVoxelVolumes: number;
  /** Largest nx·ny·nz (one volume) accepted. */
  maxVolumeVoxels: number;
  /** The memory budget the two were derived from, bytes. */
  budgetBytes: number;
}

const MIB = 1 << 20;
const TYPED_ARRAY_ELEMENTS = 2 ** 31 - 1;
/** Bytes the analysis allocates per voxel of the grid (volume buffer, mean sums, masks, seed map). */
export const BYTES_PER_GRID_VOXEL = 24;
/** Bytes the analysis keeps per voxel-volume at most (float32 series). */
export const BYTES_PER_VOXEL_VOLUME = 4;

/** The memory the analysis may use on a machine with `totalBytes` of memory. */
export function memoryBudgetBytes(totalBytes: number = totalmem()): number {
  return Math.max(256 * MIB, Math.min(3 * 1024 * MIB, Math.floor(totalBytes / 4)));
}

/** Limits for a budget; `env` supplies KRP_MAX_VOXEL_VOLUMES. */
export function imageLimits(budgetBytes: number = memoryBudgetBytes(), env: Record<string, string | undefined> = process.env): ImageLimits {
  let maxVoxelVolumes = Math.min(TYPED_ARRAY_ELEMENTS, Math.floor(budgetBytes / BYTES_PER_VOXEL_VOLUME));
  const override = env.KRP_MAX_VOXEL_VOLUMES;
  if (override !== undefined && /^\d+$/.test(override.trim()) && Number(override) > 0) {
    maxVoxelVolumes = Math.min(TYPED_ARRAY_ELEMENTS, Number(override));
  }
  const maxVolumeVoxels = Math.min(maxVoxelVolumes, Math.floor(budgetBytes / BYTES_PER_GRID_VOXEL));
  return { maxVoxelVolumes, maxVolumeVoxels, budgetBytes };
}

/** Old-generation heap for the analysis worker: the JS objects beside the typed arrays, MiB. */
export function workerHeapLimitMb(limits: ImageLimits): number {
  return Math.max(256, Math.min(2048, Math.round(limits.budgetBytes / 2 / MIB)));
}
