/** File-type filters of the open dialog for each imaging input (pure; used by main.ts). */
import type { ImagingFilePurpose } from '../../shared/api-imaging';

export interface DialogFilter {
  name: string;
  extensions: string[];
}

/** NIfTI for images and masks; the confound formats the engine reads (SPM rp, FSL .par, fMRIPrep TSV). */
export function openDialogFilters(purpose: ImagingFilePurpose): DialogFilter[] {
  const any = { name: 'All files', extensions: ['*'] };
  if (purpose === 'dicom-zip') return [{ name: 'DICOM (.zip)', extensions: ['zip'] }, any];
  if (purpose === 'confounds') return [{ name: 'Confounds (rp_*.txt, *.par, *.tsv)', extensions: ['txt', 'par', 'tsv'] }, any];
  return [{ name: 'NIfTI (*.nii, *.nii.gz)', extensions: ['nii', 'gz'] }, any];
}
