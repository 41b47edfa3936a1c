/**
 * The MNI ICBM 2009c references registration uses, read once from resources/mni: the T1 (with
 * skull), its brain mask, a dilated brain mask, the T1 brain, and an EPI-contrast reference made
 * from the tissue maps (CSF bright > grey > white matter, dark outside the brain, smoothed to EPI
 * resolution) — SPM's EPI template is GPL and not bundled.
 */
import { smoothVolume } from './smooth';
import { readTemplate } from './volume-ops';
import type { Volume } from './volume';

/** Relative EPI intensities of the tissues (T2*-weighted: CSF brightest, then grey, then white matter). */
export const EPI_TISSUE_WEIGHTS = { csf: 1, grey: 0.65, white: 0.4 } as const;
/** Smoothing (FWHM mm) that brings the reference to about an EPI's resolution. */
export const EPI_REFERENCE_FWHM_MM = 5;

export interface MniReferences {
  t1: Volume;
  brainMask: Volume;
  /** The brain mask grown by a few mm (smoothed by 8 mm, > 0.1). */
  dilatedMask: Volume;
  t1Brain: Volume;
  epi: Volume;
  grey: Volume;
  white: Volume;
  csf: Volume;
}

let cached: Promise<MniReferences> | null = null;

/** Reads the templates once per thread. */
export function mniReferences(): Promise<MniReferences> {
  cached ??= build();
  return cached;
}

async function build(): Promise<MniReferences> {
  const [t1, brainMask, grey, white, csf] = await Promise.all([
    readTemplate('t1'), readTemplate('brainMask'), readTemplate('grey'), readTemplate('white'), readTemplate('csf'),
  ]);
  const n = t1.data.length;
  const smoothMask = smoothVolume(brainMask.data, brainMask.dims, brainMask.affine, 8);
  const dilated = new Float32Array(n);
  for (let i = 0; i < n; i++) dilated[i] = smoothMask[i] > 0.1 ? 1 : 0;
  const t1Brain = new Float32Array(n);
  for (let i = 0; i < n; i++) t1Brain[i] = brainMask.data[i] > 0.5 ? t1.data[i] : 0;
  const epiRaw = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    epiRaw[i] = EPI_TISSUE_WEIGHTS.csf * csf.data[i] + EPI_TISSUE_WEIGHTS.grey * grey.data[i] + EPI_TISSUE_WEIGHTS.white * white.data[i];
  }
  const epi = smoothVolume(epiRaw, t1.dims, t1.affine, EPI_REFERENCE_FWHM_MM);
  return {
    t1, brainMask, grey, white, csf,
    dilatedMask: { dims: t1.dims, affine: t1.affine, data: dilated },
    t1Brain: { dims: t1.dims, affine: t1.affine, data: t1Brain },
    epi: { dims: t1.dims, affine: t1.affine, data: epi },
  };
}
