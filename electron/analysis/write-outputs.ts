/**
 * Writes an analysis's images on the BOLD grid (MNI, sform code 4): the seed-to-voxel Fisher z map
 * and the mean BOLD image as float32, the ROI labels (1 = mPFC, 2 = precuneus voxels actually
 * averaged) as uint8, the tSNR image as float32, and the carpet plot as an 8-bit grey PNG
 * (qc-carpet.ts). Each file is written atomically by writeNifti and hashed; when a later one
 * fails the earlier ones are removed, so a failed write leaves nothing behind.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { sha256File } from './file-hash';
import { writeNifti } from './nifti/write-nifti';
import type { AnalyzeOutcome } from './analyze';
import { encodePngGrey } from './preprocess/png-encode';

export interface OutputPaths {
  seedMapPath?: string | null;
  meanImagePath?: string | null;
  roiLabelsPath?: string | null;
  tsnrPath?: string | null;
  carpetPath?: string | null;
}

export interface WrittenOutput {
  path: string;
  sha256: string;
}

export interface WrittenOutputs {
  seedMap: WrittenOutput | null;
  meanImage: WrittenOutput | null;
  roiLabels: WrittenOutput | null;
  /** Absent (not null) from workers of older builds; null when not asked for or not made. */
  tsnr?: WrittenOutput | null;
  carpet?: WrittenOutput | null;
}

export async function writeAnalysisOutputs(outcome: AnalyzeOutcome, paths: OutputPaths): Promise<WrittenOutputs> {
  const written: string[] = [];
  const dims = [...outcome.grid.dims];
  const affine = [...outcome.grid.affine];
  const record = async (path: string): Promise<WrittenOutput> => {
    written.push(path);
    return { path, sha256: await sha256File(path) };
  };
  /** One image on the BOLD grid (MNI: sform and qform code 4), gzipped when the name ends in .gz. */
  const writeOnGrid = async (path: string, image: { datatype: 'float32' | 'uint8'; data: ArrayLike<number>; description: string; intentCode?: number; intentName?: string }) => {
    await writeNifti(path, { dims, affine, sformCode: 4, qformCode: 4, ...image }, { gzip: path.endsWith('.gz') });
    return record(path);
  };
  try {
    const out: WrittenOutputs = { seedMap: null, meanImage: null, roiLabels: null, tsnr: null, carpet: null };
    if (paths.seedMapPath) {
      out.seedMap = await writeOnGrid(paths.seedMapPath, {
        datatype: 'float32', data: outcome.seedMap,
        description: `KRP seed map: Fisher z with mPFC, r=${outcome.result.r.toFixed(4)}`,
        intentCode: 1001, // NIFTI_INTENT_ESTIMATE: a parameter estimate (Fisher z of a correlation)
        intentName: 'fisher_z',
      });
    }
    if (paths.meanImagePath) {
      out.meanImage = await writeOnGrid(paths.meanImagePath, { datatype: 'float32', data: outcome.meanImage, description: 'KRP mean BOLD image' });
    }
    if (paths.roiLabelsPath) {
      const labels = new Uint8Array(outcome.seedMap.length);
      for (const i of outcome.roiVoxels.mpfc) labels[i] = 1;
      for (const i of outcome.roiVoxels.precuneus) labels[i] = 2;
      out.roiLabels = await writeOnGrid(paths.roiLabelsPath, {
        datatype: 'uint8', data: labels,
        description: 'KRP ROI labels: 1 mPFC, 2 precuneus', intentCode: 1002, intentName: 'labels', // NIFTI_INTENT_LABEL
      });
    }
    if (paths.tsnrPath) {
      out.tsnr = await writeOnGrid(paths.tsnrPath, { datatype: 'float32', data: outcome.tsnrImage, description: 'KRP tSNR: mean/SD over time of the data as analysed' });
    }
    if (paths.carpetPath && outcome.carpet !== null) {
      const { layout, pixels } = outcome.carpet;
      const partial = `${paths.carpetPath}.partial`;
      written.push(partial);
      await writeFile(partial, encodePngGrey(layout.scans, 2 * layout.rows, pixels));
      await rename(partial, paths.carpetPath);
      out.carpet = await record(paths.carpetPath);
    }
    return out;
  } catch (error) {
    await Promise.all(written.map((p) => rm(p, { force: true })));
    throw error;
  }
}
