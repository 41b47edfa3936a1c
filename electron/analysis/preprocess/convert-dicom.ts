/**
 * One DICOM series → an in-memory Series (and for a 3D series such as a T1 also a Volume), its
 * BIDS timing and its sidecar, with dcm2niix compiled to WASM run in-process (a fresh module per
 * series, files copied into its in-memory file system under neutral names). Identity is stripped:
 * dcm2niix anonymises the sidecar (-ba y) and the keys that could still name the patient or the
 * site are removed here. The NIfTI it writes is read with the project's own NIfTI header parser.
 */
import { KrpError } from '../../../shared/errors';
import { cancelledError } from '../nifti/byte-source';
import { volumeToFloat32 } from '../nifti/convert-voxels';
import { HEADER_BYTES_NEEDED, parseNiftiHeader } from '../nifti/parse-header';
import { createDcm2niix, type Dcm2niixModule } from './convert-dicom-module';
import { dcm2niixFailure } from './dicom-errors';
import { DICOM_LIMITS } from './dicom-limits';
import { dicomRefBytes, readDicomRef } from './dicom-source';
import type { BoldTiming, Series, Volume } from './volume';

export interface ConvertOptions {
  signal?: AbortSignal;
  /** Fraction done, 0…1. */
  onProgress?: (fraction: number) => void;
}

export interface ConvertedSeries {
  series: Series;
  timing: BoldTiming;
  /** The BIDS sidecar dcm2niix wrote, identity keys removed. */
  sidecar: Record<string, unknown>;
  /** The first (for a T1 the only) volume, for 3D use. */
  volume: Volume;
}

/** Sidecar keys that could identify the patient, the visit or the site: never returned. */
const IDENTIFYING_KEYS = /^(Patient(Name|ID|BirthDate|Sex|Age|Weight|Size|Comments)|OtherPatient.*|AccessionNumber|StudyID|StudyInstanceUID|SeriesInstanceUID|ReferringPhysicianName|PerformingPhysicianName|OperatorsName|InstitutionName|InstitutionAddress|InstitutionalDepartmentName|StationName|DeviceSerialNumber|AcquisitionDateTime|AcquisitionDate|StudyDate|SeriesDate|ContentDate|ImageComments|ProcedureStepDescription|StudyDescription)$/;

export function stripIdentity(sidecar: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(sidecar).filter(([key]) => !IDENTIFYING_KEYS.test(key)));
}

async function checkSizes(files: string[]): Promise<void> {
  if (files.length === 0) throw new KrpError('dicom.none-found', 'No DICOM file was given for conversion. Choose a series from the list.');
  let total = 0;
  for (const file of files) total += await dicomRefBytes(file);
  if (total > DICOM_LIMITS.maxSeriesBytes) {
    throw new KrpError('dicom.series-too-large',
      `The chosen series is ${Math.round(total / 1048576)} MB, more than the ${Math.round(DICOM_LIMITS.maxSeriesBytes / 1048576)} MB the converter can hold. Check that only one series was chosen.`,
      { bytes: total, limit: DICOM_LIMITS.maxSeriesBytes });
  }
}

function runDcm2niix(module: Dcm2niixModule): number {
  const exitCodeBefore = process.exitCode;
  try {
    return module.callMain(['-o', '/out', '-z', 'n', '-ba', 'y', '-f', 'series_%s', '/in']);
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number') return status;
    // An Emscripten abort (out of memory, a failed assertion) is a RuntimeError with no status.
    throw new KrpError('dicom.conversion-failed',
      `The DICOM converter stopped (${error instanceof Error ? error.message.slice(0, 120) : 'aborted'}). The series may be damaged or too large: export it again, or choose another series.`);
  } finally {
    process.exitCode = exitCodeBefore; // Emscripten's exit handler sets it for the whole process
  }
}

function parseSidecar(bytes: Uint8Array | null): Record<string, unknown> {
  if (!bytes) return {};
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The timing from the sidecar, checked: TR > 0; SliceTiming one value per slice within [0, TR]. */
export function timingFromSidecar(sidecar: Record<string, unknown>, slices: number, headerTr: number | null): BoldTiming {
  const tr = typeof sidecar.RepetitionTime === 'number' && sidecar.RepetitionTime > 0 ? sidecar.RepetitionTime : headerTr ?? 0;
  const raw = sidecar.SliceTiming;
  const sliceTiming = Array.isArray(raw) && raw.length === slices && raw.every((t) => typeof t === 'number' && t >= 0 && t <= tr)
    ? (raw as number[]) : null;
  const pe = typeof sidecar.PhaseEncodingDirection === 'string' ? sidecar.PhaseEncodingDirection : null;
  return { repetitionTime: tr, sliceTiming, phaseEncodingDirection: pe };
}

function readOutput(module: Dcm2niixModule, log: string[]): { nifti: Uint8Array; sidecar: Record<string, unknown> } {
  const names = module.FS.readdir('/out').filter((n) => !n.startsWith('.'));
  const niftis = names.filter((n) => n.endsWith('.nii'));
  if (niftis.length === 0) throw dcm2niixFailure(1, log);
  if (niftis.length > 1) {
    throw new KrpError('dicom.mixed-series',
      `The chosen files make ${niftis.length} images, not one series (different echoes, phases or orientations). Choose one series from the list.`,
      { images: niftis.length });
  }
  const json = niftis[0].replace(/\.nii$/, '.json');
  return { nifti: module.FS.readFile('/out/' + niftis[0]), sidecar: parseSidecar(names.includes(json) ? module.FS.readFile('/out/' + json) : null) };
}

function niftiToSeries(bytes: Uint8Array, tr: number): Series {
  if (bytes.length < HEADER_BYTES_NEEDED) throw new KrpError('dicom.conversion-failed', 'The DICOM converter wrote an incomplete image. The series may be damaged: export it again from the scanner.');
  const header = parseNiftiHeader(bytes, { name: 'converted series', gzipped: false, fileBytes: bytes.length });
  if (header.voxOffset + header.dataBytes > bytes.length || !header.affine) {
    throw new KrpError('dicom.conversion-failed', 'The DICOM converter wrote an incomplete image. The series may be damaged: export it again from the scanner.');
  }
  const [nx, ny, nz, nt] = header.dims;
  const perVolume = nx * ny * nz;
  const volumeBytes = (header.dataBytes / nt) | 0;
  const volumes: Float32Array[] = [];
  for (let t = 0; t < nt; t++) {
    const start = header.voxOffset + t * volumeBytes;
    const out = new Float32Array(perVolume);
    volumeToFloat32(bytes.subarray(start, start + volumeBytes), header, out);
    volumes.push(out);
  }
  return { dims: [nx, ny, nz], affine: [...header.affine], volumes, tr: tr > 0 ? tr : header.trSeconds ?? 0 };
}

/** Converts the files of one series (paths or `archive.zip!/entry` references). */
export async function convertDicomSeries(files: string[], options: ConvertOptions = {}): Promise<ConvertedSeries> {
  const { signal, onProgress } = options;
  const check = () => { if (signal?.aborted) throw cancelledError(); };
  await checkSizes(files);
  check();
  const log: string[] = [];
  const module = await createDcm2niix((line) => { if (log.length < 200) log.push(line); });
  module.FS.mkdir('/in');
  module.FS.mkdir('/out');
  for (let i = 0; i < files.length; i++) {
    check();
    module.FS.writeFile(`/in/${String(i).padStart(6, '0')}.dcm`, await readDicomRef(files[i]));
    onProgress?.(0.5 * (i + 1) / files.length);
  }
  check();
  const status = runDcm2niix(module);
  if (status !== 0) throw dcm2niixFailure(status, log);
  check();
  onProgress?.(0.9);
  const output = readOutput(module, log);
  const sidecar = stripIdentity(output.sidecar);
  const firstGuess = typeof sidecar.RepetitionTime === 'number' ? sidecar.RepetitionTime : 0;
  const series = niftiToSeries(output.nifti, firstGuess);
  const timing = timingFromSidecar(sidecar, series.dims[2], series.tr || null);
  series.tr = timing.repetitionTime;
  onProgress?.(1);
  return { series, timing, sidecar, volume: { dims: series.dims, affine: series.affine, data: series.volumes[0] } };
}
