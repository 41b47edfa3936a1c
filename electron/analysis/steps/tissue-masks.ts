/**
 * Step "tissue masks": the white-matter and CSF masks aCompCor reads, on the BOLD grid. The user's
 * masks when given; else — aCompCor being part of CONN's default denoising — the bundled MNI
 * ICBM 2009c tissue probability maps (resources/mni), thresholded at 0.5 and eroded by one voxel
 * as CONN does; none when a confounds table brings its own aCompCor columns or aCompCor is off.
 * A default mask that erosion leaves smaller than the component count is used uneroded, and left
 * out if even that is too small (stated in QC).
 */
import type { AcompcorQc } from '../../../shared/imaging/analysis-types';
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
  /** Names of the aCompCor columns a confounds table brings (empty: none). */
  fileColumns: string[];
  components: number;
  /** Use the bundled MNI tissue maps when no masks or table columns are given. */
  mniDefault: boolean;
}

/** The bundled templates never change: their thresholded form per BOLD grid is kept (a few grids). */
const templateCache = new Map<string, Uint8Array>();

const count = (m: Uint8Array | null) => (m === null ? null : m.reduce((s, v) => s + v, 0));

export async function decideTissueMasks(request: TissueMaskRequest, grid: Grid): Promise<TissueMasks> {
  const n = request.components;
  if (n === 0) return { wm: null, csf: null, qc: { source: 'off', message: 'aCompCor off (0 components chosen).', wmVoxels: null, csfVoxels: null, columns: [] } };
  if (request.wmMaskPath !== null || request.csfMaskPath !== null) {
    const wm = request.wmMaskPath === null ? null : erodeMask(await maskOnGrid(request.wmMaskPath, grid), grid.dims, 1);
    const csf = request.csfMaskPath === null ? null : erodeMask(await maskOnGrid(request.csfMaskPath, grid), grid.dims, 1);
    return { wm, csf, qc: { source: 'user-masks', message: `aCompCor from the masks given (thresholded at 0.5, eroded by 1 voxel): ${[wm && `WM ${count(wm)} voxels`, csf && `CSF ${count(csf)} voxels`].filter(Boolean).join(', ')}; ${n} components each.`, wmVoxels: count(wm), csfVoxels: count(csf), columns: [] } };
  }
  if (request.fileColumns.length > 0) {
    return { wm: null, csf: null, qc: { source: 'confounds-file', message: `aCompCor from the confounds table: ${request.fileColumns.join(', ')}.`, wmVoxels: null, csfVoxels: null, columns: request.fileColumns } };
  }
  if (!request.mniDefault) {
    return { wm: null, csf: null, qc: { source: 'off', message: 'aCompCor not applied: no WM/CSF masks were given and the MNI tissue-map default is not enabled.', wmVoxels: null, csfVoxels: null, columns: [] } };
  }
  const notes: string[] = [];
  const pick = async (which: 'white' | 'csf', label: string): Promise<Uint8Array | null> => {
    const key = `${which} ${grid.dims.join('x')} ${grid.affine.join(',')}`;
    let onGrid = templateCache.get(key);
    if (!onGrid) {
      onGrid = await maskOnGrid(mniTemplatePath(which), grid);
      if (templateCache.size > 8) templateCache.clear();
      templateCache.set(key, onGrid);
    }
    const eroded = erodeMask(onGrid, grid.dims, 1);
    if ((count(eroded) ?? 0) >= n) { notes.push(`${label} ${count(eroded)} voxels`); return eroded; }
    if ((count(onGrid) ?? 0) >= n) { notes.push(`${label} ${count(onGrid)} voxels (not eroded: the grid is too coarse)`); return onGrid; }
    notes.push(`${label} left out (fewer than ${n} voxels on this grid)`);
    return null;
  };
  const wm = await pick('white', 'WM');
  const csf = await pick('csf', 'CSF');
  return {
    wm, csf,
    qc: { source: wm || csf ? 'mni-tissue-maps' : 'off', message: `aCompCor from the bundled MNI ICBM 2009c tissue maps (probability > 0.5, eroded by 1 voxel as CONN): ${notes.join(', ')}; ${n} components each.`, wmVoxels: count(wm), csfVoxels: count(csf), columns: [] },
  };
}

/** A mask or probability map resampled (nearest neighbour) to the BOLD grid and thresholded at 0.5. */
/** A mask image (or probability map, thresholded at 0.5) on the BOLD grid, nearest neighbour; `kind` names it in the refusal. */
export async function maskOnGrid(path: string, grid: Grid, kind: 'tissue' | 'brain' = 'tissue'): Promise<Uint8Array> {
  const image = await readNiftiImage(path);
  if (image.header.affine === null) {
    throw new KrpError(`analysis.${kind}-mask-orientation`, `The ${kind} mask ${path} has no orientation (sform and qform codes are 0). Use a mask${kind === 'tissue' ? ' or tissue probability map' : ''} in MNI space.`);
  }
  const [mx, my, mz] = image.header.dims;
  return resampleNearest({ dims: [mx, my, mz], affine: image.header.affine, data: image.data }, grid, 0.5);
}
