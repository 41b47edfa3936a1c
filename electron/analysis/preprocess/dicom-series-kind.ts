/**
 * What kind of series a DICOM series is (resting BOLD, T1, localizer, other), which BOLD and T1
 * to pre-select, and the specific refusal when a series cannot serve as the resting BOLD.
 */
import { KrpError } from '../../../shared/errors';
import { MIN_BOLD_VOLUMES } from '../../../shared/imaging/validate-bold';
import type { DefaultSeries, DicomSeriesKind, DicomSeriesSummary } from './dicom-series-types';

export interface KindClues {
  description: string;
  protocolName: string;
  sequenceName: string;
  scanningSequence: string;
  mrAcquisitionType: string;
  imageType: string[];
  volumes: number;
  slices: number;
}

const LOCALIZER_WORDS = /(localizer|localiser|scout|survey|aahead|aascout|\bloc\b|tripilot|3plane|3-plane)/i;
const BOLD_WORDS = /(bold|rest|fmri|\bfunc|ep2d|epfid|mbep|\bepi\b|rsfmri)/i;
const T1_WORDS = /(t1|mprage|tfl|spgr|bravo|mp2rage|ir-?fspgr|3d.?t1)/i;

export function guessKind(clues: KindClues): DicomSeriesKind {
  const words = `${clues.description} ${clues.protocolName} ${clues.sequenceName}`;
  const types = clues.imageType.map((t) => t.toUpperCase());
  if (types.includes('LOCALIZER') || LOCALIZER_WORDS.test(words)) return 'localizer';
  if (clues.volumes >= 2 && (types.includes('FMRI') || BOLD_WORDS.test(words) || (/EP/.test(clues.scanningSequence) && clues.volumes >= 10))) return 'bold';
  if (clues.volumes === 1 && clues.slices >= 20 && (T1_WORDS.test(words) || (clues.mrAcquisitionType === '3D' && /IR/.test(clues.scanningSequence)))) return 't1';
  return 'other';
}

const isOriginal = (s: DicomSeriesSummary) => !s.imageType.some((t) => t.toUpperCase() === 'DERIVED');

/** Pre-selects the resting BOLD (only when one candidate stands out) and the T1. */
export function pickDefaultSeries(series: readonly DicomSeriesSummary[]): DefaultSeries {
  const usable = series.filter((s) => s.kind === 'bold' && s.problem === null && s.volumes >= MIN_BOLD_VOLUMES);
  let candidates = usable;
  const resting = candidates.filter((s) => /rest/i.test(s.description));
  if (resting.length > 0) candidates = resting;
  const original = candidates.filter(isOriginal);
  if (original.length > 0) candidates = original;
  const t1s = series.filter((s) => s.kind === 't1' && s.problem === null)
    .sort((a, b) => Number(isOriginal(b)) - Number(isOriginal(a)) ||
      b.matrix[0] * b.matrix[1] * b.slices - a.matrix[0] * a.matrix[1] * a.slices ||
      (b.seriesNumber ?? 0) - (a.seriesNumber ?? 0));
  return {
    bold: candidates.length === 1 ? candidates[0] : null,
    t1: t1s[0] ?? null,
    boldCandidates: candidates.length === 1 ? [] : candidates,
  };
}

function describe(s: DicomSeriesSummary): string {
  return `Series ${s.seriesNumber ?? '?'} (${s.description || 'no description'})`;
}

/** Throws the specific KrpError when `s` cannot be the resting-state BOLD; returns quietly otherwise. */
export function checkBoldSeries(s: DicomSeriesSummary): void {
  const details = { series: s.seriesNumber ?? -1, volumes: s.volumes };
  if (s.problem) throw new KrpError(s.problem.code, s.problem.message, details);
  if (s.kind === 'localizer') {
    throw new KrpError('dicom.localizer', `${describe(s)} is a localizer (scout), not a resting-state series. Choose the resting-state BOLD series.`, details);
  }
  if (s.volumes <= 1) {
    throw new KrpError('dicom.single-volume', `${describe(s)} holds a single volume, not a time series. Choose the resting-state BOLD series (many volumes).`, details);
  }
  if (s.volumes < MIN_BOLD_VOLUMES) {
    throw new KrpError('dicom.too-few-volumes', `${describe(s)} has only ${s.volumes} volumes; at least ${MIN_BOLD_VOLUMES} are needed to estimate connectivity. Choose the complete resting-state run.`, { ...details, minimum: MIN_BOLD_VOLUMES });
  }
}

/**
 * Throws the specific KrpError when `s` cannot serve as the structural image of coregistration and
 * normalization (any single-volume 3D series that covers the head: T1 guessed or chosen by hand).
 */
export function checkT1Series(s: DicomSeriesSummary): void {
  const details = { series: s.seriesNumber ?? -1, volumes: s.volumes };
  if (s.problem) throw new KrpError(s.problem.code, s.problem.message, details);
  if (s.kind === 'localizer' || s.volumes !== 1 || s.slices < 20) {
    const what = s.kind === 'localizer' ? 'is a localizer (scout)' : s.volumes !== 1 ? `holds ${s.volumes} volumes (a functional run)` : `has only ${s.slices} slices`;
    throw new KrpError('dicom.not-structural', `${describe(s)} ${what}, not a structural image of the whole head. Choose the T1-weighted series, or analyse without a T1.`, details);
  }
}

/** The refusal when several BOLD series qualify and none was chosen. */
export function severalBoldError(candidates: readonly DicomSeriesSummary[]): KrpError {
  return new KrpError('dicom.several-bold',
    `The folder holds ${candidates.length} possible resting-state series (${candidates.map(describe).join(', ')}). Choose one in the series list.`,
    { candidates: candidates.length });
}
