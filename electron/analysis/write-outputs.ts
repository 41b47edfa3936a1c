/**
 * Writes an analysis's images: the seed-to-voxel z map and the mean BOLD image as float32 NIfTI on
 * the BOLD grid (MNI, sform code 4). Each file is written atomically by writeNifti; when the second
 * fails the first is removed, so a failed write leaves nothing behind.
 */
import { rm } from 'node:fs/promises';
import { writeNifti } from './nifti/write-nifti';
import type { AnalyzeOutcome } from './analyze';

export interface OutputPaths {
  seedMapPath?: string | null;
  meanImagePath?: string | null;
}

export async function writeAnalysisOutputs(outcome: AnalyzeOutcome, paths: OutputPaths): Promise<void> {
  const written: string[] = [];
  const dims = [...outcome.grid.dims];
  const affine = [...outcome.grid.affine];
  try {
    if (paths.seedMapPath) {
      await writeNifti(paths.seedMapPath, {
        dims, affine, datatype: 'float32', data: outcome.seedMap, sformCode: 4, qformCode: 4,
        description: `KRP seed map: Fisher z with mPFC, r=${outcome.result.r.toFixed(4)}`,
        intentCode: 1001, // NIFTI_INTENT_ESTIMATE: a parameter estimate (Fisher z of a correlation)
        intentName: 'fisher_z',
      }, { gzip: paths.seedMapPath.endsWith('.gz') });
      written.push(paths.seedMapPath);
    }
    if (paths.meanImagePath) {
      await writeNifti(paths.meanImagePath, {
        dims, affine, datatype: 'float32', data: outcome.meanImage, sformCode: 4, qformCode: 4,
        description: 'KRP mean BOLD image',
      }, { gzip: paths.meanImagePath.endsWith('.gz') });
      written.push(paths.meanImagePath);
    }
  } catch (error) {
    await Promise.all(written.map((p) => rm(p, { force: true })));
    throw error;
  }
}
