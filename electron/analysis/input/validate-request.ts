/**
 * Request-level checks run before the long pass: every file the analysis will read is a regular
 * local file (input/local-file.ts), and the settings are usable. A refusal here costs nothing.
 */
import type { AnalysisSettings } from '../../../shared/imaging/analysis-types';
import { KrpError } from '../../../shared/errors';
import { checkLocalRegularFile } from './local-file';

export interface RequestPaths {
  boldPath: string;
  confoundsPath: string | null;
  wmMaskPath: string | null;
  csfMaskPath: string | null;
  settings: AnalysisSettings;
}

export async function validateAnalysisRequest(request: RequestPaths): Promise<void> {
  await checkLocalRegularFile(request.boldPath, 'image');
  if (request.confoundsPath !== null) await checkLocalRegularFile(request.confoundsPath, 'confounds file');
  if (request.wmMaskPath !== null) await checkLocalRegularFile(request.wmMaskPath, 'white-matter mask');
  if (request.csfMaskPath !== null) await checkLocalRegularFile(request.csfMaskPath, 'CSF mask');
  for (const [label, spec] of [['mPFC', request.settings.rois.mpfc], ['precuneus', request.settings.rois.precuneus]] as const) {
    if (spec.kind === 'mask') await checkLocalRegularFile(spec.path, `${label} ROI mask`);
    else if (!(spec.radiusMm > 0 && spec.radiusMm <= 50) || !spec.centreMm.every((c) => Number.isFinite(c))) {
      throw new KrpError('analysis.bad-roi', `The ${label} ROI (centre ${spec.centreMm.join(', ')} mm, radius ${spec.radiusMm} mm) is not a usable sphere: use a finite centre in MNI millimetres and a radius above 0 and at most 50 mm.`, { roi: label });
    }
  }
  const c = request.settings.acompcorComponents;
  if (!Number.isInteger(c) || c < 0 || c > 20) {
    throw new KrpError('analysis.bad-acompcor', `aCompCor components per tissue must be a whole number from 0 (off) to 20, not ${c}.`, { components: c });
  }
}
