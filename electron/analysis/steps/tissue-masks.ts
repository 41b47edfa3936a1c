/**
 * Step "tissue masks": the white-matter and CSF masks aCompCor reads, on the BOLD grid. The user's
 * masks when given; else — aCompCor being part of CONN's default denoising — the bundled MNI
 * ICBM 2009c tissue probability maps (resources/mni), thresholded above 0.5 and eroded by one voxel
 * as CONN does; none when a confounds table brings its own identified aCompCor columns or aCompCor
 * is off. QC says which, in English and as code + params for the app's languages.
 * A default mask that erosion leaves smaller than the component count is used uneroded, and left
 * out if even that is too small (stated in QC).
 */
import type { AcompcorQc, AcompcorQcCode, QcParams } from '../../../shared/imaging/analysis-types';
import type { FmriprepAcompcorChoice, FmriprepAcompcorSkip } from '../../../shared/imaging/fmriprep-acompcor';
import { KrpError } from '../../../shared/errors';
import { erodeMask } from '../../../shared/imaging/morphology';
import { resampleNearest } from '../../../shared/imaging/resample';
import { mniTemplatePath } from '../mni-templates';
import { readNiftiImage } from '../nifti/read-image';
import type { Grid } from './place-rois';

export interface TissueMasks {
  wm: Uint8Array | null;
  csf: Uint8Array | null;
  qc: AcompcorQc;
}

export interface TissueMaskRequest {
  wmMaskPath: string | null;
  csfMaskPath: string | null;
  /** The aCompCor columns a confounds table brings (none: null). */
  fileColumns: FmriprepAcompcorChoice | null;
  /** Why a table's aCompCor columns were not used although it has some. */
  fileSkipped?: FmriprepAcompcorSkip | null;
  components: number;
  /** Use the bundled MNI tissue maps when no masks or table columns are given. */
  mniDefault: boolean;
}

/** The bundled templates never change: their thresholded form per BOLD grid is kept (a few grids). */
const templateCache = new Map<string, Uint8Array>();

/** CONN thresholds tissue probability strictly above 0.5. */
const ABOVE_HALF = 0.5 + 1e-6;

function count(m: Uint8Array | null): number | null {
  if (m === null) return null;
  let n = 0;
  for (let i = 0; i < m.length; i++) n += m[i];
  return n;
}

function qc(source: AcompcorQc['source'], code: AcompcorQcCode, params: QcParams, message: string, extra: Partial<AcompcorQc> = {}): AcompcorQc {
  return { source, code, params, message, wmVoxels: null, csfVoxels: null, columns: [], ...extra };
}

export async function decideTissueMasks(request: TissueMaskRequest, grid: Grid): Promise<TissueMasks> {
  const n = request.components;
  if (n === 0) return { wm: null, csf: null, qc: qc('off', 'off-zero-components', {}, 'aCompCor off (0 components chosen).') };
  if (request.wmMaskPath !== null || request.csfMaskPath !== null) {
    const wm = request.wmMaskPath === null ? null : erodeMask(await maskOnGrid(request.wmMaskPath, grid), grid.dims, 1);
    const csf = request.csfMaskPath === null ? null : erodeMask(await maskOnGrid(request.csfMaskPath, grid), grid.dims, 1);
    return {
      wm, csf,
      qc: qc('user-masks', 'user-masks', { wm: count(wm) ?? -1, csf: count(csf) ?? -1, components: n },
        `aCompCor from the masks given (thresholded at 0.5, eroded by 1 voxel): ${[wm && `WM ${count(wm)} voxels`, csf && `CSF ${count(csf)} voxels`].filter(Boolean).join(', ')}; ${n} components each.`,
        { wmVoxels: count(wm), csfVoxels: count(csf) }),
    };
  }
  const file = request.fileColumns;
  if (file !== null && file.names.length > 0) {
    const setWords = file.set === 'wm-csf' ? 'white-matter and CSF sets' : 'combined WM+CSF mask';
    const basisWords = file.basis === 'sidecar' ? 'masks named in its JSON sidecar' : file.basis === 'column-names' ? 'fMRIPrep ≥ 21 column names' : `fMRIPrep ${file.version} column order`;
    return {
      wm: null, csf: null,
      qc: qc('confounds-file', 'confounds-file', { set: file.set, basis: file.basis, version: file.version ?? '', columns: file.names.length },
        `aCompCor from the confounds table, ${setWords} (${basisWords}): ${file.names.join(', ')}.`, { columns: file.names }),
    };
  }
  const skipped = request.fileSkipped ?? null;
  const skippedWords = skipped === 'version-20.2-no-sidecar'
    ? 'The table\'s aCompCor columns were not used: fMRIPrep 20.2 mixes the CSF, WM and combined masks in one numbering and without its JSON sidecar they cannot be told apart. '
    : skipped === 'version-unknown'
      ? 'The table\'s aCompCor columns were not used: without its JSON sidecar or the fMRIPrep version (dataset_description.json) their masks are unknown. '
      : '';
  if (!request.mniDefault) {
    return { wm: null, csf: null, qc: qc('off', 'off-disabled', { skipped: skipped ?? '' }, `${skippedWords}aCompCor not applied: no WM/CSF masks were given and the MNI tissue-map default is turned off.`) };
  }
  const notes: string[] = [];
  const notEroded: string[] = [];
  const pick = async (which: 'white' | 'csf', label: string): Promise<Uint8Array | null> => {
    const key = `${which} ${grid.dims.join('x')} ${grid.affine.join(',')}`;
    let onGrid = templateCache.get(key);
    if (!onGrid) {
      onGrid = await maskOnGrid(mniTemplatePath(which), grid, 'tissue', ABOVE_HALF);
      if (templateCache.size > 8) templateCache.clear();
      templateCache.set(key, onGrid);
    }
    const eroded = erodeMask(onGrid, grid.dims, 1);
    if ((count(eroded) ?? 0) >= n) { notes.push(`${label} ${count(eroded)} voxels`); return eroded; }
    if ((count(onGrid) ?? 0) >= n) { notes.push(`${label} ${count(onGrid)} voxels (not eroded: the grid is too coarse)`); notEroded.push(label); return onGrid; }
    notes.push(`${label} left out (fewer than ${n} voxels on this grid)`);
    return null;
  };
  const wm = await pick('white', 'WM');
  const csf = await pick('csf', 'CSF');
  const params = { wm: count(wm) ?? -1, csf: count(csf) ?? -1, components: n, notEroded: notEroded.join(','), skipped: skipped ?? '' };
  if (!wm && !csf) {
    return { wm, csf, qc: qc('off', 'off-masks-too-small', params, `${skippedWords}aCompCor not applied: the MNI white-matter and CSF masks have fewer than ${n} voxels on this grid.`) };
  }
  return {
    wm, csf,
    qc: qc('mni-tissue-maps', 'mni-tissue-maps', params,
      `${skippedWords}aCompCor from the bundled MNI ICBM 2009c tissue maps (probability > 0.5, eroded by 1 voxel as CONN): ${notes.join(', ')}; ${n} components each.`,
      { wmVoxels: count(wm), csfVoxels: count(csf) }),
  };
}

/** A mask image (or probability map, thresholded at `threshold`, default ≥ 0.5) on the BOLD grid, nearest neighbour; `kind` names it in the refusal. */
export async function maskOnGrid(path: string, grid: Grid, kind: 'tissue' | 'brain' = 'tissue', threshold = 0.5): Promise<Uint8Array> {
  const image = await readNiftiImage(path);
  if (image.header.affine === null) {
    throw new KrpError(`analysis.${kind}-mask-orientation`, `The ${kind} mask ${path} has no orientation (sform and qform codes are 0). Use a mask${kind === 'tissue' ? ' or tissue probability map' : ''} in MNI space.`);
  }
  const [mx, my, mz] = image.header.dims;
  return resampleNearest({ dims: [mx, my, mz], affine: image.header.affine, data: image.data }, grid, threshold);
}
