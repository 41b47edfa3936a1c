/**
 * The connectivity analysis, composed from its steps in the order docs/denoising.md describes:
 * read header → decide space → build ROIs → stream voxels → voxel stats → build confounds and
 * detect outliers → regress + band-pass (one operator) → correlate → seed map → QC → provenance.
 * Writes nothing: the caller stores the outcome (writeAnalysisOutputs) only when it succeeded.
 * The worker and the CLI are two thin callers of this function.
 */
import { basename } from 'node:path';
import { createHash } from 'node:crypto';
import type {
  AnalysisProgress, AnalysisResult, AnalysisSettings, AnalysisStage,
} from '../../shared/imaging/analysis-types';
import { bandEdgeAboveNyquist } from '../../shared/imaging/bandpass';
import { cleanCoefficients, cleaningOperator, seriesFromCoefficients } from '../../shared/imaging/cleaning-operator';
import { checkDegreesOfFreedom, residualDegreesOfFreedom } from '../../shared/imaging/degrees-of-freedom';
import { pearson, fisherZ } from '../../shared/imaging/correlate';
import { parseConfounds } from '../../shared/imaging/confounds';
import { fromRows } from '../../shared/imaging/matrix';
import { decideSpace } from '../../shared/imaging/space';
import { settingsKeyText } from '../../shared/imaging/settings-key';
import { validateBoldHeader } from '../../shared/imaging/validate-bold';
import { KrpError } from '../../shared/errors';
import { APP_VERSION } from '../../shared/version';
import { sha256File } from './file-hash';
import { readNiftiHeader } from './nifti/read-header';
import { validateAnalysisRequest } from './input/validate-request';
import { readFmriprepContext } from './input/fmriprep-context';
import { MAX_CONFOUNDS_BYTES, readBoundedText } from './input/bounded-text';
import { decideTissueMasks, maskOnGrid } from './steps/tissue-masks';
import { buildConfounds } from './steps/build-confounds';
import { loadBold } from './steps/load-bold';
import { placeRoi, type Grid } from './steps/place-rois';
import { qcWarnings } from './steps/qc-warnings';
import { WasmSeedMap } from './kernels/seed-map-wasm';
import { SEED_TO_VOXEL_FWHM_MM, seedToVoxel } from './steps/seed-to-voxel';
import { meanSignal, meanSignalFromSums, selectKept, voxelStatsFromSums } from './steps/voxel-stats';
import { tissueComponentsFromData } from './steps/tissue-gram';
import { AnalysisHelper } from './parallel/analysis-helper';
import { roiMembers, roiQcOf } from './steps/roi-members';
import { carpetGroups, dvarsFromDiffSquares, dvarsPercent, greyMatterOnGrid, qcSeries, tsnrImage } from './qc-series';
import { buildCarpet, type Carpet } from './qc-carpet';

export interface AnalyzeRequest {
  boldPath: string;
  confoundsPath: string | null;
  wmMaskPath: string | null;
  csfMaskPath: string | null;
  /** A brain mask (any MNI grid, ≥ 0.5 inside) instead of the one derived from the first volume; preprocessing passes the MNI brain mask. */
  brainMaskPath?: string | null;
  settings: AnalysisSettings;
  /**
   * Motion parameters from in-app preprocessing (one row per volume: mm, mm, mm, rad, rad, rad,
   * SPM order), used when no confounds file is given. Optional.
   */
  motionParameters?: number[][] | null;
}

export interface AnalyzeHooks {
  signal?: AbortSignal;
  onProgress?: (progress: AnalysisProgress) => void;
  /**
   * Threads for the work after the read (same result either way): 'auto' (default) starts a helper
   * thread for large images (AnalysisHelper.startFor); 1 never; 2 always (where WebAssembly is).
   */
  threads?: 'auto' | 1 | 2;
}

export interface AnalyzeOutcome {
  result: AnalysisResult;
  grid: Grid;
  /** Fisher z of the mPFC seed with every in-brain voxel's 8 mm-smoothed series (NaN elsewhere), full BOLD grid. */
  seedMap: Float32Array;
  /** Mean BOLD image, full grid. */
  meanImage: Float32Array;
  /** Grid indices of the voxels each ROI signal was averaged over (for outlines). */
  roiVoxels: { mpfc: Int32Array; precuneus: Int32Array };
  /** tSNR (mean / SD over the retained scans) of every in-brain usable voxel (NaN elsewhere), full grid. */
  tsnrImage: Float32Array;
  /** The carpet plot's grey levels (before and after denoising), null when no voxel group had a voxel. */
  carpet: Carpet | null;
}

export { MIN_ROI_VOXELS } from './steps/roi-members';

const STEPS = [
  'read-header', 'decide-space', 'build-rois', 'stream-voxels', 'voxel-stats', 'build-confounds',
  'detect-outliers', 'regress+band-pass', 'correlate', 'smooth-8mm-voxel-data', 'seed-map', 'seed-to-voxel-mean', 'qc', 'provenance',
];

export async function analyze(request: AnalyzeRequest, hooks: AnalyzeHooks = {}): Promise<AnalyzeOutcome> {
  const threads: { helper: AnalysisHelper | null } = { helper: null };
  try {
    return await analyzeWith(request, hooks, threads);
  } finally {
    threads.helper?.stop();
  }
}

async function analyzeWith(request: AnalyzeRequest, hooks: AnalyzeHooks, threads: { helper: AnalysisHelper | null }): Promise<AnalyzeOutcome> {
  const startedAt = new Date().toISOString();
  const report = (stage: AnalysisStage, fraction: number) => hooks.onProgress?.({ stage, fraction });
  const checkCancel = () => {
    if (hooks.signal?.aborted) throw new KrpError('analysis.cancelled', 'The analysis was cancelled.');
  };
  const { settings } = request;

  // Check the request (every path a regular local file, usable settings), read header, validate, decide space.
  report('reading', 0);
  await validateAnalysisRequest(request);
  const header = await readNiftiHeader(request.boldPath);
  const trSeconds = validateBoldHeader(header, { trOverride: settings.trSecondsOverride });
  const space = decideSpace(header, { assumeMni: settings.assumeMni });
  if (header.affine === null) throw new KrpError('nifti.no-orientation', 'The image has no orientation.');
  const [nx, ny, nz, nt] = header.dims;
  const dropped = settings.dropInitialVolumes;
  if (!Number.isInteger(dropped) || dropped < 0 || nt - dropped < 20) {
    throw new KrpError('analysis.drop-volumes', `Removing ${dropped} initial volumes leaves ${nt - dropped} of ${nt}; at least 20 must remain. Remove fewer volumes.`);
  }
  const grid: Grid = { dims: [nx, ny, nz], affine: header.affine };

  // Inputs beside the image: confounds text, tissue masks, ROIs — all read before the long pass.
  const confoundsText = request.confoundsPath === null ? null : await readConfoundsText(request.confoundsPath);
  const parsedConfounds = confoundsText === null || request.confoundsPath === null ? null : parseConfounds(confoundsText, basename(request.confoundsPath), {
    acompcorComponents: settings.acompcorComponents, fmriprep: await readFmriprepContext(request.confoundsPath),
  });
  const tissueMasks = await decideTissueMasks({
    wmMaskPath: request.wmMaskPath, csfMaskPath: request.csfMaskPath,
    fileColumns: parsedConfounds?.acompcor ?? null, fileSkipped: parsedConfounds?.acompcorSkipped ?? null,
    components: settings.acompcorComponents, mniDefault: settings.acompcorDefaultMasks === 'mni',
  }, grid);
  const roiSpecs = {
    mpfc: await withMaskHash(settings.rois.mpfc),
    precuneus: await withMaskHash(settings.rois.precuneus),
  };
  const rois = {
    mpfc: await placeRoi('mPFC', roiSpecs.mpfc, grid),
    precuneus: await placeRoi('precuneus', roiSpecs.precuneus, grid),
  };
  const greyMatter = await greyMatterOnGrid(grid);
  const alsoKeep = new Uint8Array(nx * ny * nz);
  for (const roi of [rois.mpfc, rois.precuneus]) for (const i of roi.gridIndices) alsoKeep[i] = 1;
  for (const mask of [tissueMasks.wm, tissueMasks.csf]) if (mask) for (let i = 0; i < mask.length; i++) if (mask[i]) alsoKeep[i] = 1;
  checkCancel();

  report('hashing', 0.01);
  const confoundsSha = request.confoundsPath === null ? null : await sha256File(request.confoundsPath, hooks.signal);
  const wmSha = request.wmMaskPath === null ? null : await sha256File(request.wmMaskPath, hooks.signal);
  const csfSha = request.csfMaskPath === null ? null : await sha256File(request.csfMaskPath, hooks.signal);

  // Stream voxels (into the analysis's shared WebAssembly memory when SIMD is there: the per-volume
  // work runs there and the seed map reads the series in place), and hash the file meanwhile: the
  // hash runs in this thread's idle time while the inflate thread works (and its read brings the
  // file into the page cache for the inflate thread's read). A large image gets a helper thread,
  // which boots during the read and takes half of the work after it (parallel/).
  const wasm = WasmSeedMap.create(nt - dropped);
  const threadsWanted = hooks.threads ?? 'auto';
  threads.helper = AnalysisHelper.startFor(wasm?.heap ?? null, nx * ny * nz * (nt - dropped), threadsWanted, hooks.signal);
  const brainMask = request.brainMaskPath ? await maskOnGrid(request.brainMaskPath, grid, 'brain') : null;
  const hashing = new AbortController(); // stops the hash when the load fails
  const inputShaPromise = sha256File(request.boldPath, hooks.signal ? AbortSignal.any([hooks.signal, hashing.signal]) : hashing.signal);
  inputShaPromise.catch(() => undefined); // awaited below, after a successful load
  let loaded: Awaited<ReturnType<typeof loadBold>>;
  try {
    loaded = await loadBold(request.boldPath, header, {
      dropInitialVolumes: dropped,
      alsoKeep,
      brainMask,
      wasm,
      signal: hooks.signal,
      onProgress: (f) => report('reading', 0.05 + 0.65 * f),
    });
  } catch (error) {
    hashing.abort();
    throw error;
  }
  const inputSha = await inputShaPromise;
  if (threadsWanted === 2) await threads.helper?.whenReady(); // asked for: used even when it booted late
  const { scans, kept, data, offset } = loaded;
  const V = kept.length;
  checkCancel();

  // Voxel stats, ROI membership, global signal.
  report('denoising', 0.72);
  const stats = voxelStatsFromSums(loaded.sums, scans, offset, loaded.nonFinite);
  const brainUsable = selectKept(V, (j) => loaded.inBrain[j] === 1 && stats.usable[j] === 1);
  // Global signal and (below) DVARS from the sums taken during the read when they are exact (no
  // NaN/Inf in the brain), else by a pass over the data.
  const globalSignal = loaded.brainScanSums
    ? meanSignalFromSums(loaded.brainScanSums.sums, offset, brainUsable)
    : meanSignal(data, scans, offset, brainUsable);
  const mpfc = roiMembers(rois.mpfc, kept, loaded.inBrain, stats);
  const precuneus = roiMembers(rois.precuneus, kept, loaded.inBrain, stats);

  // Confounds and outliers.
  report('confounds', 0.74);
  // aCompCor of the two tissues, the white matter's in the helper thread when there is one.
  const tissueMembers = (mask: Uint8Array | null) => (mask === null ? null : selectKept(V, (j) => mask[kept[j]] === 1 && stats.usable[j] === 1));
  const [wmMembers, csfMembers] = [tissueMembers(tissueMasks.wm), tissueMembers(tissueMasks.csf)];
  const helper = threads.helper?.usable ? threads.helper : null;
  const n = settings.acompcorComponents;
  const wmHelped = helper !== null && wasm !== null && wmMembers !== null
    ? helper.run({ type: 'tissue', layout: wasm.layout(), V, members: wmMembers, components: n }) : null;
  const csfTissue = csfMembers === null ? null : tissueComponentsFromData(data, scans, V, csfMembers, n);
  const wmTissue = wmHelped !== null ? (await wmHelped) ?? null : wmMembers === null ? null : tissueComponentsFromData(data, scans, V, wmMembers, n);
  const confounds = buildConfounds({
    scans,
    dropped,
    totalVolumes: nt,
    confounds: parsedConfounds === null || request.confoundsPath === null ? null : { parsed: parsedConfounds, fileName: basename(request.confoundsPath) },
    tissue: { wm: wmTissue, csf: csfTissue },
    globalSignal,
    scrub: settings.scrub,
    acompcorComponents: settings.acompcorComponents,
    motionRotationUnits: settings.motionRotationUnits ?? 'auto',
    motionParameters: request.motionParameters ? fromRows(request.motionParameters) : null,
  });
  report('outliers', 0.76);
  checkCancel();

  // Regress + band-pass, correlate.
  report('denoising', 0.78);
  const operator = cleaningOperator(confounds.X, trSeconds, settings.band);
  const dof = {
    regressors: confounds.X.cols, confoundRank: operator.confoundRank, scrubbed: confounds.outliers.scans.length,
    scans, inBand: operator.G.rows, residual: residualDegreesOfFreedom(operator.G),
  };
  checkDegreesOfFreedom(dof);
  const mpfcSignal = meanSignal(data, scans, offset, mpfc.members);
  const precuneusSignal = meanSignal(data, scans, offset, precuneus.members);
  const mpfcCoef = cleanCoefficients(operator, mpfcSignal);
  const precuneusCoef = cleanCoefficients(operator, precuneusSignal);
  const mpfcClean = seriesFromCoefficients(operator, mpfcCoef);
  const precuneusClean = seriesFromCoefficients(operator, precuneusCoef);
  const r = pearson(mpfcClean, precuneusClean);
  const z = fisherZ(r);

  // QC series and carpet plot (bounded: at most CARPET_MAX_ROWS voxels are cleaned), from the
  // series themselves: before the seed map, which overwrites them.
  const carpet = buildCarpet({
    data, scans, V, operator, signal: hooks.signal,
    groups: carpetGroups({
      kept, usable: stats.usable, inBrain: loaded.inBrain, roiMembers: { mpfc: mpfc.members, precuneus: precuneus.members },
      grey: greyMatter, white: tissueMasks.wm, csf: tissueMasks.csf,
    }),
  });
  checkCancel();
  let grandMean = 0;
  for (const g of globalSignal) grandMean += g;
  grandMean /= scans;
  const series = qcSeries({
    scans, globalSignal, fdMm: confounds.fd, detection: confounds.detection, flaggedFromFile: confounds.outliers.fromFile,
    dvarsPct: loaded.brainScanSums
      ? dvarsFromDiffSquares(loaded.brainScanSums.diffSquares, brainUsable.length, grandMean)
      : dvarsPercent(data, scans, V, brainUsable, grandMean),
    carpet: carpet?.layout ?? null,
  });

  // Seed map and the study's metric (CONN seed-to-voxel): voxel series smoothed 8 mm FWHM, seed
  // from the unsmoothed data above. This turns `data` into smoothed coefficients: nothing after it reads the series.
  report('seed-map', 0.8);
  const include = new Uint8Array(V);
  for (const j of brainUsable) include[j] = 1;
  const voxelLevel = await seedToVoxel({
    data, scans, kept, grid, G: operator.G, seedCoefficients: mpfcCoef, usable: stats.usable, include,
    precuneus: precuneus.members, fwhmMm: SEED_TO_VOXEL_FWHM_MM, wasm, helper: threads.helper?.usable ? threads.helper : null, signal: hooks.signal,
    onProgress: (f: number) => report('seed-map', 0.8 + 0.18 * f),
  });
  const zKept = voxelLevel.zKept;
  const seedMap = new Float32Array(nx * ny * nz).fill(NaN);
  for (let j = 0; j < V; j++) seedMap[kept[j]] = zKept[j];

  // QC and provenance.
  const flagged = confounds.outliers.scans.length;
  const usableSeconds = (scans - flagged) * trSeconds;
  const roiQc = {
    mpfc: roiQcOf(rois.mpfc, mpfc, stats),
    precuneus: roiQcOf(rois.precuneus, precuneus, stats),
  };
  const nonFiniteVoxels = countOnes(loaded.nonFinite, loaded.inBrain);
  const warnings = qcWarnings({
    usableSeconds,
    scans,
    flagged,
    rois: roiQc,
    bandAboveNyquist: settings.band !== null && bandEdgeAboveNyquist(trSeconds, settings.band),
    trSeconds,
    motionModelled: confounds.motion !== null,
    nonFiniteVoxels,
    space,
    residualDof: dof.residual,
    acompcorOff: tissueMasks.qc.source === 'off' ? tissueMasks.qc.message : null,
    motionInDegrees: confounds.motionUnits?.basis === 'detected' && confounds.motionUnits.rotations === 'degrees' ? confounds.motionUnits.message : null,
  });
  const fd = confounds.fd;
  const effectiveSettings: AnalysisSettings = { ...settings, rois: roiSpecs };
  const settingsHash = createHash('sha256').update(settingsKeyText(effectiveSettings)).digest('hex');

  report('writing', 0.99);
  const result: AnalysisResult = {
    r,
    z,
    seedToVoxel: voxelLevel.mean,
    signals: { mpfc: Array.from(mpfcClean), precuneus: Array.from(precuneusClean), trSeconds },
    qc: {
      volumes: { total: nt, dropped, used: scans - flagged, flagged, usableSeconds },
      trSeconds,
      trSource: settings.trSecondsOverride !== null ? 'override' : 'header',
      motion: {
        modelled: confounds.motion !== null,
        source: confounds.parsed === null || confounds.motion === null ? null : confounds.parsed.format,
        meanFdMm: fd === null ? null : mean(fd),
        maxFdMm: fd === null ? null : Math.max(...fd),
      },
      outlierScans: confounds.outliers.scans,
      outlierSources: {
        globalSignal: confounds.outliers.byGlobalSignal.length,
        motion: confounds.outliers.byMotion.length,
        confoundsFile: confounds.outliers.fromFile.length,
      },
      rois: roiQc,
      brainVoxels: loaded.brainVoxels,
      nonFiniteVoxels,
      space,
      confoundColumns: confounds.names,
      warnings,
      degreesOfFreedom: dof,
      acompcor: tissueMasks.qc,
      ...(confounds.motionUnits === null ? {} : { motionUnits: confounds.motionUnits }),
      extremeVoxels: loaded.extremeVoxels,
      series,
    },
    provenance: {
      appVersion: APP_VERSION,
      startedAt,
      finishedAt: new Date().toISOString(),
      input: { path: request.boldPath, sha256: inputSha, header },
      confounds: request.confoundsPath === null || confoundsSha === null || confounds.parsed === null
        ? null : { path: request.confoundsPath, sha256: confoundsSha, format: confounds.parsed.format },
      masks: {
        wm: request.wmMaskPath === null || wmSha === null ? null : { path: request.wmMaskPath, sha256: wmSha },
        csf: request.csfMaskPath === null || csfSha === null ? null : { path: request.csfMaskPath, sha256: csfSha },
      },
      settings: effectiveSettings,
      settingsHash,
      steps: STEPS,
    },
  };
  report('writing', 1);
  return {
    result,
    grid,
    seedMap,
    meanImage: loaded.meanImage,
    roiVoxels: { mpfc: gridIndicesOf(mpfc.members, kept), precuneus: gridIndicesOf(precuneus.members, kept) },
    tsnrImage: tsnrImage(nx * ny * nz, kept, stats.mean, stats.sd, include),
    carpet,
  };
}

async function withMaskHash(spec: AnalysisSettings['rois']['mpfc']): Promise<AnalysisSettings['rois']['mpfc']> {
  return spec.kind === 'mask' ? { ...spec, sha256: await sha256File(spec.path) } : spec;
}

/** The confounds text, read only when it is a regular file of at most MAX_CONFOUNDS_BYTES. */
async function readConfoundsText(path: string): Promise<string> {
  let read;
  try {
    read = await readBoundedText(path, MAX_CONFOUNDS_BYTES);
  } catch (error) {
    throw new KrpError('confounds.unreadable', `The confounds file ${path} cannot be read (${(error as Error).message}). Check the path.`);
  }
  if (read.kind === 'not-regular') throw new KrpError('confounds.unreadable', `The confounds file ${path} is not a regular file. Choose the file itself.`);
  if (read.kind === 'too-large') {
    throw new KrpError('confounds.too-large',
      `The confounds file ${basename(path)} is ${read.bytes} bytes or more, more than any motion or confounds file (limit ${MAX_CONFOUNDS_BYTES}). Choose the file that belongs to this scan.`,
      { file: basename(path) });
  }
  return read.text;
}

function gridIndicesOf(members: Int32Array, kept: Int32Array): Int32Array {
  return members.map((j) => kept[j]);
}

function countOnes(flags: Uint8Array, within: Uint8Array): number {
  let n = 0;
  for (let j = 0; j < flags.length; j++) if (flags[j] && within[j]) n++;
  return n;
}

function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length === 0 ? 0 : s / values.length;
}
