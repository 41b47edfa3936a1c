/**
 * Writes a phantom to a folder: bold.nii or bold.nii.gz (float32, or int16 with scl_slope),
 * rp_bold.txt (SPM realignment parameters, when motion is on) and truth.json (the planted answer).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Matrix } from '../../../shared/imaging/matrix';
import { writeNifti } from '../nifti/write-nifti';
import { generatePhantom, type Phantom, type PhantomOptions } from './generate-phantom';

export interface PhantomTruth {
  generator: 'krp-phantom';
  version: 1;
  plantedZ: number;
  plantedR: number;
  /** 0-based scans the engine should flag with intermediate scrubbing. */
  outlierScans: number[];
  spikeScans: number[];
  motionJumpScans: number[];
  volumes: number;
  trSeconds: number;
  gridMm: number;
  dims: [number, number, number, number];
  affine: number[];
  datatype: 'float32' | 'int16';
  sclSlope: number | null;
  band: { lowHz: number; highHz: number };
  scrub: string;
  rois: Phantom['rois'];
  /** Columns of the design matrix the planted signals are orthogonal to. */
  designColumns: string[];
  brainVoxels: number;
  seed: number;
  noise: number;
  signalAmplitude: number;
  files: { bold: string; motion: string | null };
  note: string;
}

export interface WrittenPhantom {
  boldPath: string;
  motionPath: string | null;
  truthPath: string;
  truth: PhantomTruth;
}

/** SPM's rp_*.txt layout: one line per scan, six values in %16.7e columns (mm, mm, mm, rad, rad, rad). */
export function formatRealignmentParameters(motion: Matrix): string {
  const lines: string[] = [];
  for (let t = 0; t < motion.rows; t++) {
    const cells: string[] = [];
    for (let j = 0; j < 6; j++) {
      // JavaScript writes 1.2000000e+0; SPM (C printf) writes 1.2000000e+00.
      const text = motion.data[t * 6 + j].toExponential(7).replace(/e([+-])(\d)$/, (_m, sign: string, digit: string) => `e${sign}0${digit}`);
      cells.push(text.padStart(16));
    }
    lines.push(cells.join(''));
  }
  return `${lines.join('\n')}\n`;
}

/** int16 storage: raw = round(value / slope), slope chosen so the largest |value| maps to 32000. */
function toInt16(data: Float32Array): { raw: Int16Array; slope: number } {
  let max = 0;
  for (let i = 0; i < data.length; i++) max = Math.max(max, Math.abs(data[i]));
  const slope = max > 0 ? max / 32000 : 1;
  const raw = new Int16Array(data.length);
  for (let i = 0; i < data.length; i++) raw[i] = Math.round(data[i] / slope);
  return { raw, slope };
}

/** Generates the phantom for `options` and writes it into `outDir` (created if needed). */
export async function writePhantom(options: PhantomOptions, outDir: string): Promise<WrittenPhantom> {
  const p = generatePhantom(options);
  const o = p.options;
  await mkdir(outDir, { recursive: true });
  const boldName = o.gzip ? 'bold.nii.gz' : 'bold.nii';
  const boldPath = join(outDir, boldName);
  const description = `KRP phantom z=${o.z} seed=${o.seed}`;
  let sclSlope: number | null = null;
  if (o.datatype === 'int16') {
    const { raw, slope } = toInt16(p.image.data);
    sclSlope = slope;
    await writeNifti(boldPath, { dims: [...p.image.dims], affine: p.image.affine, datatype: 'int16', data: raw, sclSlope: slope, sclInter: 0, trSeconds: o.trSeconds, sformCode: o.sformCode, description }, { gzip: o.gzip });
  } else {
    await writeNifti(boldPath, { dims: [...p.image.dims], affine: p.image.affine, datatype: 'float32', data: p.image.data, trSeconds: o.trSeconds, sformCode: o.sformCode, description }, { gzip: o.gzip });
  }
  let motionPath: string | null = null;
  if (p.motion) {
    motionPath = join(outDir, 'rp_bold.txt');
    await writeFile(motionPath, formatRealignmentParameters(p.motion));
  }
  const truth: PhantomTruth = {
    generator: 'krp-phantom',
    version: 1,
    plantedZ: p.plantedZ,
    plantedR: p.plantedR,
    outlierScans: p.outlierScans,
    spikeScans: p.spikeScans,
    motionJumpScans: p.motionJumpScans,
    volumes: o.volumes,
    trSeconds: o.trSeconds,
    gridMm: o.gridMm,
    dims: p.image.dims,
    affine: p.image.affine,
    datatype: o.datatype,
    sclSlope,
    band: p.band,
    scrub: p.scrub,
    rois: p.rois,
    designColumns: p.design.names,
    brainVoxels: p.brainVoxels,
    seed: o.seed,
    noise: o.noise,
    signalAmplitude: o.signalAmplitude,
    files: { bold: boldName, motion: motionPath ? 'rp_bold.txt' : null },
    note: 'Analyse bold with rp_bold.txt as confounds, default settings (CONN band 0.008–0.09 Hz, intermediate scrubbing, no tissue masks): z should equal plantedZ within 0.01 for ROI spheres of radius ≤ the planted radius.',
  };
  const truthPath = join(outDir, 'truth.json');
  await writeFile(truthPath, `${JSON.stringify(truth, null, 2)}\n`);
  return { boldPath, motionPath, truthPath, truth };
}
