/**
 * Which aCompCor columns of an fMRIPrep confounds table belong to which noise mask, so the engine
 * regresses CONN's set (white matter and CSF, the first n components of each) or, where fMRIPrep
 * computed only that, the combined WM+CSF mask. Pure (text in the caller, data here).
 *
 * Facts (see docs/denoising.md, "Confound files"):
 *  - the JSON sidecar (`*_desc-confounds_timeseries.json`, older `*_regressors.json`) gives each
 *    `a_comp_cor_NN` (and `c_`/`w_comp_cor_NN`) a "Mask": "CSF", "WM" or "combined": read first;
 *  - without it, by fMRIPrep version: < 1.4 only the combined mask; 1.4–20.1 `mask_names =
 *    ['combined', 'CSF', 'WM']` numbered in that order; 20.2.x `['CSF', 'WM', 'combined']`;
 *    ≥ 21 separate names: `c_comp_cor_*` (CSF), `w_comp_cor_*` (WM), `a_comp_cor_*` (combined).
 *    How many components each mask kept (50 % variance rule) is only in the sidecar, so without
 *    it only the first mask's leading columns are known: 1.4–20.1 → the combined mask's; 20.2.x →
 *    the CSF mask's only (the WM set's start is unknown) — not used, the engine computes aCompCor
 *    from the MNI tissue maps instead (stated in QC); unknown version → the same.
 */

export type FmriprepAcompcorSet = 'wm-csf' | 'combined';
export type FmriprepAcompcorBasis = 'sidecar' | 'version' | 'column-names';

export interface FmriprepAcompcorChoice {
  /** Columns to regress, WM first then CSF (or the combined mask's). */
  names: string[];
  set: FmriprepAcompcorSet;
  basis: FmriprepAcompcorBasis;
  /** fMRIPrep version the choice rests on (null when from the sidecar or column names). */
  version: string | null;
}

/** Why a table's aCompCor columns were not used although it has some. */
export type FmriprepAcompcorSkip = 'version-unknown' | 'version-20.2-no-sidecar';

export type FmriprepAcompcorDecision =
  | { choice: FmriprepAcompcorChoice; skipped: null }
  | { choice: null; skipped: FmriprepAcompcorSkip | null };

export interface FmriprepContext {
  /** The table's JSON sidecar, parsed (null when absent or unreadable). */
  sidecar: unknown;
  /** fMRIPrep version from dataset_description.json (GeneratedBy / PipelineDescription), or null. */
  version: string | null;
}

const COMPCOR = /^(a|c|w)_comp_cor_(\d+)$/;
const LEGACY = /^aCompCor(\d+)$/;

interface Column { name: string; prefix: string; index: number }

function compcorColumns(header: readonly string[]): Column[] {
  const out: Column[] = [];
  for (const name of header) {
    const m = COMPCOR.exec(name);
    if (m) out.push({ name, prefix: m[1], index: Number(m[2]) });
    const legacy = LEGACY.exec(name);
    if (legacy) out.push({ name, prefix: 'legacy', index: Number(legacy[1]) });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** [major, minor] of a version text such as "20.2.7", "1.5.0rc1", "v21.0.2"; null if none. */
export function parseVersion(text: string | null): [number, number] | null {
  const m = text === null ? null : /(\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function maskOf(sidecar: unknown, column: string): string | null {
  if (typeof sidecar !== 'object' || sidecar === null) return null;
  const entry = (sidecar as Record<string, unknown>)[column];
  if (typeof entry !== 'object' || entry === null) return null;
  const mask = (entry as Record<string, unknown>).Mask;
  return typeof mask === 'string' ? mask.toLowerCase() : null;
}

function wmCsf(wm: Column[], csf: Column[], n: number): string[] {
  return [...wm.slice(0, n), ...csf.slice(0, n)].map((c) => c.name);
}

/** The aCompCor columns to use from a table with `header`, `n` per mask (CONN: 5). */
export function chooseFmriprepAcompcor(header: readonly string[], n: number, context: FmriprepContext): FmriprepAcompcorDecision {
  const columns = compcorColumns(header);
  if (columns.length === 0 || n <= 0) return { choice: null, skipped: null };

  // 1. The sidecar names each column's mask.
  const masked = columns.map((c) => ({ ...c, mask: maskOf(context.sidecar, c.name) }));
  if (masked.some((c) => c.mask !== null)) {
    const wm = masked.filter((c) => c.mask === 'wm');
    const csf = masked.filter((c) => c.mask === 'csf');
    if (wm.length > 0 && csf.length > 0) return { choice: { names: wmCsf(wm, csf, n), set: 'wm-csf', basis: 'sidecar', version: null }, skipped: null };
    const combined = masked.filter((c) => c.mask === 'combined');
    if (combined.length > 0) return { choice: { names: combined.slice(0, n).map((c) => c.name), set: 'combined', basis: 'sidecar', version: null }, skipped: null };
  }

  // 2. fMRIPrep ≥ 21 names the masks in the columns themselves.
  const c = columns.filter((col) => col.prefix === 'c');
  const w = columns.filter((col) => col.prefix === 'w');
  if (c.length > 0 && w.length > 0) return { choice: { names: wmCsf(w, c, n), set: 'wm-csf', basis: 'column-names', version: context.version }, skipped: null };

  // 3. By version: the first mask's leading columns.
  const a = columns.filter((col) => col.prefix === 'a' || col.prefix === 'legacy');
  if (a.length === 0) return { choice: null, skipped: null };
  const version = parseVersion(context.version);
  if (version === null) return { choice: null, skipped: 'version-unknown' };
  const [major, minor] = version;
  const atLeast = (M: number, m: number) => major > M || (major === M && minor >= m);
  if (atLeast(21, 0)) return { choice: { names: a.slice(0, n).map((col) => col.name), set: 'combined', basis: 'version', version: context.version }, skipped: null };
  if (major === 20 && minor === 2) return { choice: null, skipped: 'version-20.2-no-sidecar' };
  return { choice: { names: a.slice(0, n).map((col) => col.name), set: 'combined', basis: 'version', version: context.version }, skipped: null };
}

/** fMRIPrep's version from a dataset_description.json (BIDS GeneratedBy, or the older PipelineDescription); null if not fMRIPrep. */
export function fmriprepVersionOf(description: unknown): string | null {
  if (typeof description !== 'object' || description === null) return null;
  const d = description as Record<string, unknown>;
  const candidates: unknown[] = [];
  if (Array.isArray(d.GeneratedBy)) candidates.push(...d.GeneratedBy);
  if (d.PipelineDescription) candidates.push(d.PipelineDescription);
  for (const c of candidates) {
    if (typeof c !== 'object' || c === null) continue;
    const { Name, Version } = c as Record<string, unknown>;
    if (typeof Name === 'string' && /fmriprep/i.test(Name) && typeof Version === 'string') return Version;
  }
  return null;
}
