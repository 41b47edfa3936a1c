/**
 * What makes two analyses comparable: the canonical text of every setting that changes the number
 * (ROIs, band, scrubbing, aCompCor size, nonlinear normalization when on, pipeline version). Its SHA-256 is the `settingsHash`
 * used to pool a site's patients for calibration. The TR, dropped volumes and the space override
 * describe the scan, not the method, and are left out; a mask ROI counts by its content hash.
 */
import type { AnalysisSettings, RoiSpec } from './analysis-types';
import { canonicalJson } from '../canonical-json';
import { PIPELINE_VERSION } from '../version';

export function settingsKeyText(settings: AnalysisSettings): string {
  const roi = (spec: RoiSpec) => spec.kind === 'sphere'
    ? { kind: 'sphere', centreMm: spec.centreMm.map(round6), radiusMm: round6(spec.radiusMm) }
    : { kind: 'mask', sha256: spec.sha256 ?? null };
  return canonicalJson({
    pipeline: PIPELINE_VERSION,
    rois: { mpfc: roi(settings.rois.mpfc), precuneus: roi(settings.rois.precuneus) },
    band: settings.band === null ? null : { lowHz: round6(settings.band.lowHz), highHz: round6(settings.band.highHz) },
    scrub: settings.scrub,
    acompcorComponents: settings.acompcorComponents,
    acompcorDefaultMasks: settings.acompcorDefaultMasks ?? 'none',
    // Only when on, so that the hashes of analyses without it stay what they were.
    ...(settings.nonlinearNormalization === true ? { nonlinearNormalization: true } : {}),
  });
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
