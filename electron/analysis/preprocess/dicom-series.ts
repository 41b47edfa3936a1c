/**
 * Series discovery: every file under a folder (nested, DICOMDIR trees) or in a .zip is probed with
 * the bounded header reader, DICOM images are grouped by Series Instance UID (duplicates by SOP
 * Instance UID dropped), and each series is summarised for the picker: description, volumes, TR,
 * voxel size, matrix, slices, a kind guess, and any problem (mixed geometry, missing slices).
 * Patient identity is collected separately, only to be shown beside the chart's identity.
 */
import { basename } from 'node:path';
import { KrpError } from '../../../shared/errors';
import { cancelledError } from '../nifti/byte-source';
import { DICOM_LIMITS } from './dicom-limits';
import { guessKind } from './dicom-series-kind';
import type { DicomIdentity, DicomListing, DicomSeriesSummary } from './dicom-series-types';
import { listCandidateFiles, readDicomRef, type DicomFileRef } from './dicom-source';
import { readDicomHeader, TAGS, type DicomHeader } from './dicom-tags';

export { pickDefaultSeries, checkBoldSeries, checkT1Series, severalBoldError } from './dicom-series-kind';
export type { DicomSeriesSummary, DicomIdentity, DicomListing, DefaultSeries } from './dicom-series-types';

export interface ListOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

const DICOMDIR_CLASS = '1.2.840.10008.1.3.10';

interface ProbedFile {
  ref: string;
  bytes: number;
  header: DicomHeader;
}

/** The header of one file, reading more of it while the header runs past the bytes read. */
async function probe(file: DicomFileRef): Promise<DicomHeader | null> {
  let length = Math.min(file.bytes, DICOM_LIMITS.headerProbeBytes);
  for (;;) {
    const header = readDicomHeader(await readDicomRef(file.ref, length));
    if (!header || header.complete || length >= file.bytes || length >= DICOM_LIMITS.maxHeaderBytes) return header;
    length = Math.min(file.bytes, length * 4, DICOM_LIMITS.maxHeaderBytes);
  }
}

const get = (h: DicomHeader, tag: string) => h.values.get(tag) ?? '';
const numberOf = (h: DicomHeader, tag: string) => {
  const v = Number.parseFloat(get(h, tag));
  return Number.isFinite(v) ? v : null;
};
const listOf = (h: DicomHeader, tag: string) => get(h, tag).split('\\').map((s) => s.trim()).filter(Boolean);

function identityOf(h: DicomHeader): DicomIdentity {
  const name = get(h, TAGS.patientName).replace(/\^+/g, ' ').trim() || null;
  const id = get(h, TAGS.patientId) || null;
  const date = get(h, TAGS.patientBirthDate);
  const birthDate = /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` : date || null;
  return { name, id, birthDate };
}

function normal(orientation: number[]): [number, number, number] | null {
  if (orientation.length !== 6 || !orientation.every(Number.isFinite)) return null;
  const [a, b, c, d, e, f] = orientation;
  return [b * f - c * e, c * d - a * f, a * e - b * d];
}

/** One series' summary from its files (all sharing a Series Instance UID). */
function summarise(uid: string, files: ProbedFile[]): DicomSeriesSummary {
  const first = files[0].header;
  const geometry = new Set(files.map((f) => `${get(f.header, TAGS.rows)}x${get(f.header, TAGS.columns)}|${listOf(f.header, TAGS.imageOrientation).map((v) => Number(v).toFixed(3)).join(',')}`));
  const imageType = listOf(first, TAGS.imageType);
  const frames = files.reduce((sum, f) => sum + Math.max(1, numberOf(f.header, TAGS.numberOfFrames) ?? 1), 0);
  const mosaic = imageType.some((t) => t.toUpperCase() === 'MOSAIC');
  const counts = new Map<string, number>();
  const positions = new Map<string, number[]>();
  for (const f of files) for (const p of f.header.positions) {
    const key = p.map((v) => v.toFixed(2)).join(',');
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (!positions.has(key)) positions.set(key, p);
  }
  let slices: number;
  let volumes: number;
  let missing = false;
  if (mosaic) {
    slices = numberOf(first, TAGS.siemensMosaicImages) ?? 0;
    volumes = files.length;
  } else if (counts.size > 0) {
    slices = counts.size;
    const perPosition = [...counts.values()];
    volumes = Math.max(...perPosition);
    missing = perPosition.some((c) => c !== volumes) || frames !== slices * volumes;
  } else {
    slices = frames;
    volumes = 1;
  }
  // Slice spacing: the median step between distinct positions along the slice normal.
  const n = normal(listOf(first, TAGS.imageOrientation).map(Number));
  let sliceSpacing = numberOf(first, TAGS.spacingBetweenSlices) ?? numberOf(first, TAGS.sliceThickness);
  if (n && counts.size > 1) {
    const along = [...positions.values()].map((p) => p[0] * n[0] + p[1] * n[1] + p[2] * n[2]).sort((a, b) => a - b);
    const steps = along.slice(1).map((v, i) => v - along[i]).sort((a, b) => a - b);
    sliceSpacing = Math.round(steps[Math.floor(steps.length / 2)] * 1000) / 1000;
  }
  const spacing = listOf(first, TAGS.pixelSpacing).map(Number);
  const voxelSizeMm: [number, number, number] | null = spacing.length === 2 && spacing.every((v) => v > 0) && sliceSpacing
    ? [spacing[1], spacing[0], sliceSpacing] : null;
  const tr = numberOf(first, TAGS.repetitionTime);
  const description = get(first, TAGS.seriesDescription) || get(first, TAGS.protocolName);
  const seriesNumber = numberOf(first, TAGS.seriesNumber);
  const label = `Series ${seriesNumber ?? '?'} (${description || 'no description'})`;
  let problem: DicomSeriesSummary['problem'] = null;
  if (geometry.size > 1) {
    problem = { code: 'dicom.mixed-series', message: `${label} mixes images of different sizes or orientations, so it is not one series. Export the series again, or choose another.` };
  } else if (missing) {
    problem = { code: 'dicom.missing-slices', message: `${label} is incomplete: ${frames} images do not fill ${volumes} volumes of ${slices} slices. Export the complete series again from the scanner or PACS.` };
  }
  const kind = guessKind({
    description, protocolName: get(first, TAGS.protocolName), sequenceName: get(first, TAGS.sequenceName),
    scanningSequence: get(first, TAGS.scanningSequence), mrAcquisitionType: get(first, TAGS.mrAcquisitionType), imageType, volumes, slices,
  });
  return {
    seriesUid: uid, seriesNumber, description, modality: get(first, TAGS.modality), imageType, volumes, slices,
    repetitionTime: tr !== null && tr > 0 ? tr / 1000 : null, voxelSizeMm,
    matrix: [numberOf(first, TAGS.columns) ?? 0, numberOf(first, TAGS.rows) ?? 0], kind, problem,
    files: files.map((f) => f.ref).sort(), bytes: files.reduce((sum, f) => sum + f.bytes, 0),
  };
}

/** Series, identities and skipped files under `input` (a folder, a .zip, or one DICOM file). */
export async function listDicomSeriesWithIdentity(input: string, options: ListOptions = {}): Promise<DicomListing> {
  const files = await listCandidateFiles(input, options.signal);
  const groups = new Map<string, ProbedFile[]>();
  const seenInstances = new Set<string>();
  const identities = new Map<string, DicomIdentity>();
  let skippedFiles = 0;
  let unreadable = 0;
  for (let i = 0; i < files.length; i++) {
    if (options.signal?.aborted) throw cancelledError();
    const file = files[i];
    const header = file.bytes >= 8 && file.bytes <= DICOM_LIMITS.maxFileBytes ? await probe(file) : null;
    options.onProgress?.((i + 1) / files.length);
    if (!header) { skippedFiles++; continue; }
    if (header.unreadable) { unreadable++; skippedFiles++; continue; }
    const isImage = get(header, TAGS.rows) !== '' && get(header, TAGS.columns) !== '' && get(header, TAGS.sopClass) !== DICOMDIR_CLASS;
    if (!isImage) { skippedFiles++; continue; }
    const instance = get(header, TAGS.sopInstance);
    if (instance && seenInstances.has(instance)) continue;
    if (instance) seenInstances.add(instance);
    const identity = identityOf(header);
    identities.set(JSON.stringify(identity), identity);
    const uid = get(header, TAGS.seriesUid) || `number-${get(header, TAGS.seriesNumber)}-${get(header, TAGS.seriesDescription)}`;
    const group = groups.get(uid) ?? [];
    group.push({ ref: file.ref, bytes: file.bytes, header });
    groups.set(uid, group);
  }
  if (groups.size === 0) {
    if (unreadable > 0) {
      throw new KrpError('dicom.unsupported-encoding',
        `The DICOM files in ${basename(input)} use an encoding this app cannot read (big endian or deflated). Export them again from the PACS as explicit VR little endian.`,
        { files: unreadable });
    }
    throw new KrpError('dicom.none-found',
      `No DICOM images were found in ${basename(input)} (${files.length} files looked at). Choose the folder or .zip the scanner or PACS exported, or a NIfTI file.`,
      { file: basename(input), files: files.length });
  }
  const series = [...groups].map(([uid, group]) => summarise(uid, group))
    .sort((a, b) => (a.seriesNumber ?? Infinity) - (b.seriesNumber ?? Infinity) || a.description.localeCompare(b.description));
  return { series, identities: [...identities.values()], skippedFiles };
}

/** The series found under `input` (identity left out; see listDicomSeriesWithIdentity). */
export async function listDicomSeries(input: string, options: ListOptions = {}): Promise<DicomSeriesSummary[]> {
  return (await listDicomSeriesWithIdentity(input, options)).series;
}
