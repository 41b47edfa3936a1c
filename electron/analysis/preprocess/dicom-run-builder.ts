/**
 * Test and bench support: a Siemens DICOM folder holding a resting-state run long enough to be
 * analysed, built from the real Siemens XA30 session in ../shared/data/dicom (dicom-test-data.ts).
 *
 * The BOLD run: the mean of the real 20 volumes, moved by planted rigid motion (realign-test-
 * support.ts: Catmull-Rom resampling, seeded noise), written as enhanced MR files made from the
 * real first volume's file (dicom-dataset-tree.ts): every element as the scanner wrote it except
 * the per-volume ones (SOP Instance UID, instance, acquisition and temporal position numbers, the
 * acquisition and frame times shifted by t·TR, the pixel data) and, for another slice count, the
 * per-frame groups (position extended along the slice normal, in-stack position, slice times
 * repeating the real pattern). Slices beyond the real field of view are zero-filled. The real T1
 * is copied unchanged, so the folder is a two-series session as a clinic receives it, with the
 * real file's patient identity.
 *
 * Test data only, written to a temporary folder at test time; never committed.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { applyAffine, invertAffine, type Vec3Tuple } from '../../../shared/imaging/affine';
import { seededRng } from '../phantom/rng';
import { convertDicomSeries } from './convert-dicom';
import {
  cloneElements, parseDicomFile, requireElement, serializeDicomFile, setText, setUint32, soleItem, textOf, uint32Of,
  type DicomElement, type DicomFile,
} from './dicom-dataset-tree';
import { BOLD_SERIES, T1_SERIES, xa30Files } from './dicom-test-data';
import { gentleMotion, meanIntensity, plantedVolume, type MotionProfile } from './realign-test-support';
import type { RigidParameters, Volume } from './volume';

export interface PlantedDicomRunOptions {
  volumes: number;
  /** Slices per volume; default the real 33. */
  slices?: number;
  /** Motion per volume (default gentleMotion: drift, small jitter, two jumps). */
  motion?: MotionProfile;
  /** Noise SD as a fraction of the base's mean intensity (default 0.01). */
  noise?: number;
  seed?: number;
  /** Called after each volume is written (volumes written, total). */
  onVolume?: (written: number, total: number) => void;
}

export interface PlantedDicomRun {
  /** The session folder (BOLD and T1 series folders inside). */
  folder: string;
  boldFolder: string;
  t1Folder: string;
  /** The planted motion of each volume (SPM rp: mm, radians; volume 0 the reference). */
  truth: RigidParameters[];
  dims: [number, number, number, number];
  trSeconds: number;
  /** Acquisition time of each slice within the TR (s), as written into the files. */
  sliceTiming: number[];
}

const T = {
  mediaSopInstance: 0x00020003, instanceCreationTime: 0x00080013, sopInstance: 0x00080018, acquisitionDateTime: 0x0008002a,
  contentTime: 0x00080033, acquisitionNumber: 0x00200012, instanceNumber: 0x00200013, temporalPositions: 0x00200105,
  numberOfFrames: 0x00280008, rows: 0x00280010, columns: 0x00280011, largestPixel: 0x00280107, pixelData: 0x7fe00010,
  perFrame: 0x52009230, frameContent: 0x00209111, frameAcquisitionDateTime: 0x00189074, frameReferenceDateTime: 0x00189151,
  frameAcquisitionNumber: 0x00209156, inStackPosition: 0x00209057, temporalPositionIndex: 0x00209128, dimensionIndexValues: 0x00209157,
  planePosition: 0x00209113, imagePosition: 0x00200032, planeOrientation: 0x00209116, imageOrientation: 0x00200037,
  pixelMeasures: 0x00289110, pixelSpacing: 0x00280030, dimensionIndex: 0x00209222, dimensionIndexPointer: 0x00209165,
  siemensFrame: 0x002111fe, siemensSliceTime: 0x00211104, siemensImageIndex: 0x0021118a,
} as const;
const MAX_STORED = 4095; // BitsStored 12, unsigned

/** "YYYYMMDDhhmmss.ffffff" or "hhmmss.ffffff" shifted by `seconds`, same form. */
export function shiftDicomTime(text: string, seconds: number): string {
  const withDate = text.length > 14 && /^\d{14}/.test(text);
  const date = withDate ? text.slice(0, 8) : '20000101';
  const time = withDate ? text.slice(8) : text;
  const [hms, fraction = ''] = time.split('.');
  const micro = Number(fraction.padEnd(6, '0').slice(0, 6)) + Math.round(seconds * 1e6);
  const carry = Math.floor(micro / 1e6);
  const d = new Date(Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8), +hms.slice(0, 2), +hms.slice(2, 4), +hms.slice(4, 6)) + carry * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const out = `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}.${p(micro - carry * 1e6, 6)}`;
  return withDate ? `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${out}` : out;
}

const numbers = (text: string) => text.split('\\').map(Number);
const ds = (values: number[]) => values.map((v) => String(Number(v.toFixed(5)))).join('\\');

interface FrameGeometry { position: Vec3Tuple; rowDir: Vec3Tuple; colDir: Vec3Tuple; spacing: [number, number] }

function frameGeometry(frame: DicomElement[]): FrameGeometry {
  const position = numbers(textOf(soleItem(frame, T.planePosition), T.imagePosition)) as Vec3Tuple;
  const o = numbers(textOf(soleItem(frame, T.planeOrientation), T.imageOrientation));
  const spacing = numbers(textOf(soleItem(frame, T.pixelMeasures), T.pixelSpacing)) as [number, number];
  return { position, rowDir: [o[0], o[1], o[2]], colDir: [o[3], o[4], o[5]], spacing };
}

/** Grid voxel index (x fastest) shown by each pixel of a frame at `position`, or throws when off the grid. */
function pixelToVoxel(g: FrameGeometry, position: Vec3Tuple, rows: number, columns: number, grid: { dims: Vec3Tuple; affine: number[] }): Int32Array {
  const toVoxel = invertAffine(grid.affine);
  const [nx, ny, nz] = grid.dims;
  const map = new Int32Array(rows * columns);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) {
    // DICOM pixel (row r, column c) in LPS, then RAS+.
    const lps = [0, 1, 2].map((a) => position[a] + c * g.spacing[1] * g.rowDir[a] + r * g.spacing[0] * g.colDir[a]);
    const v = applyAffine(toVoxel, [-lps[0], -lps[1], lps[2]]);
    const idx = v.map(Math.round);
    if (v.some((x, a) => Math.abs(x - idx[a]) > 0.05) || idx[0] < 0 || idx[1] < 0 || idx[2] < 0 || idx[0] >= nx || idx[1] >= ny || idx[2] >= nz) {
      throw new Error(`DICOM pixel (${r}, ${c}) of the slice at ${position.join(', ')} falls at voxel ${v.map((x) => x.toFixed(2)).join(', ')}, not on the converted grid`);
    }
    map[r * columns + c] = idx[0] + nx * (idx[1] + ny * idx[2]);
  }
  return map;
}

interface FrameTemplate { items: DicomElement[][]; maps: Int32Array[]; offsets: number[]; sliceTimes: number[] }

/**
 * The per-frame groups for `slices` slices: the real ones, or clones of them moved along the slice
 * normal (k of the converted grid), each frame's pixels mapped to the grid.
 */
function planFrames(template: DicomFile, slices: number, grid: { dims: Vec3Tuple; affine: number[] }, tr: number): FrameTemplate {
  const real = requireElement(template.dataset, T.perFrame).items!;
  const rows = requireElement(template.dataset, T.rows).value.readUInt16LE(0);
  const columns = requireElement(template.dataset, T.columns).value.readUInt16LE(0);
  const geometry = real.map(frameGeometry);
  const step = [0, 1, 2].map((a) => (geometry[real.length - 1].position[a] - geometry[0].position[a]) / (real.length - 1)) as Vec3Tuple;
  const realTimes = real.map((f) => Number(textOf(soleItem(f, T.siemensFrame), T.siemensSliceTime)));
  const volumeStart = Math.min(...realTimes);
  const items: DicomElement[][] = [];
  const maps: Int32Array[] = [];
  const offsets: number[] = [];
  for (let f = 0; f < slices; f++) {
    const source = real[f % real.length];
    const position = [0, 1, 2].map((a) => geometry[0].position[a] + f * step[a]) as Vec3Tuple;
    const item = cloneElements(source);
    setText(soleItem(item, T.planePosition), T.imagePosition, ds(position));
    setUint32(soleItem(item, T.frameContent), T.inStackPosition, [f + 1]);
    items.push(item);
    maps.push(pixelToVoxel(geometry[0], position, rows, columns, grid));
    offsets.push(Math.round((realTimes[f % real.length] - volumeStart) * 1e4) / 1e4);
  }
  if (offsets.some((o) => o < 0 || o >= tr)) throw new Error('the real slice times do not fit in one TR');
  return { items, maps, offsets, sliceTimes: offsets };
}

/** Writes the session folder under `root` (created) and returns where and what was planted. */
export async function writePlantedDicomRun(root: string, options: PlantedDicomRunOptions): Promise<PlantedDicomRun> {
  const realFiles = xa30Files(BOLD_SERIES);
  const real = await convertDicomSeries(realFiles);
  const [nx, ny, nzReal] = real.series.dims;
  const n = nx * ny * nzReal;
  const mean = new Float32Array(n);
  for (const v of real.series.volumes) for (let i = 0; i < n; i++) mean[i] += v[i] / real.series.volumes.length;
  const base: Volume = { dims: real.series.dims, affine: real.series.affine, data: mean };
  const slices = options.slices ?? nzReal;
  const grid = { dims: [nx, ny, slices] as Vec3Tuple, affine: real.series.affine };
  const tr = real.timing.repetitionTime;
  const template = parseDicomFile(readFileSync(realFiles[0]));
  const frames = planFrames(template, slices, grid, tr);
  // The dimension index values are (StackID, InStackPositionNumber, TemporalPositionIndex) in the order the file declares.
  const pointers = requireElement(template.dataset, T.dimensionIndex).items!.map((item) => {
    const v = requireElement(item, T.dimensionIndexPointer).value;
    return ((v.readUInt16LE(0) << 16) | v.readUInt16LE(2)) >>> 0;
  });
  const stackIds = uint32Of(soleItem(frames.items[0], T.frameContent), T.dimensionIndexValues);

  const boldFolder = join(root, BOLD_SERIES);
  const t1Folder = join(root, T1_SERIES);
  mkdirSync(boldFolder, { recursive: true });
  mkdirSync(t1Folder, { recursive: true });
  for (const file of xa30Files(T1_SERIES)) copyFileSync(file, join(t1Folder, basename(file)));

  const motion = options.motion ?? gentleMotion;
  const sd = (options.noise ?? 0.01) * meanIntensity(base);
  const rng = seededRng(options.seed ?? 11);
  const sopRoot = textOf(template.dataset, T.sopInstance);
  const truth: RigidParameters[] = [];
  const frameBytes = nx * ny * 2;
  for (let t = 0; t < options.volumes; t++) {
    const rp = motion(t, options.volumes, options.seed ?? 7);
    truth.push(rp);
    const volume = plantedVolume(base, grid, rp, sd, rng);
    const file: DicomFile = { preamble: template.preamble, meta: cloneElements(template.meta), dataset: cloneElements(template.dataset.filter((e) => e.tag !== T.perFrame && e.tag !== T.pixelData)) };
    const uid = `${sopRoot}.${t + 1}`;
    setText(file.meta, T.mediaSopInstance, uid);
    setText(file.dataset, T.sopInstance, uid);
    for (const tag of [T.instanceCreationTime, T.acquisitionDateTime, T.contentTime]) setText(file.dataset, tag, shiftDicomTime(textOf(template.dataset, tag), t * tr));
    setText(file.dataset, T.instanceNumber, String(t + 1));
    setText(file.dataset, T.acquisitionNumber, String(t + 1));
    setText(file.dataset, T.temporalPositions, String(options.volumes));
    setText(file.dataset, T.numberOfFrames, String(slices));
    const volumeStart = textOf(soleItem(template.dataset.find((e) => e.tag === T.perFrame)!.items![0], T.frameContent), T.frameAcquisitionDateTime);
    const pixels = Buffer.alloc(frameBytes * slices);
    let largest = 0;
    const perFrame = frames.items.map((source, f) => {
      const item = cloneElements(source);
      const content = soleItem(item, T.frameContent);
      const time = shiftDicomTime(volumeStart, t * tr + frames.offsets[f]);
      setText(content, T.frameAcquisitionDateTime, time);
      setText(content, T.frameReferenceDateTime, time);
      requireElement(content, T.frameAcquisitionNumber).value.writeUInt16LE(t + 1, 0);
      setUint32(content, T.temporalPositionIndex, [t + 1]);
      setUint32(content, T.dimensionIndexValues, pointers.map((p, i) => (p === T.inStackPosition ? f + 1 : p === T.temporalPositionIndex ? t + 1 : stackIds[i])));
      const siemens = soleItem(item, T.siemensFrame);
      setText(siemens, T.siemensSliceTime, String(Number((7 + t * tr + frames.offsets[f]).toFixed(4))));
      setText(siemens, T.siemensImageIndex, String(t * slices + f + 1));
      const map = frames.maps[f];
      for (let p = 0; p < map.length; p++) {
        const value = Math.min(MAX_STORED, Math.max(0, Math.round(volume[map[p]])));
        if (value > largest) largest = value;
        pixels.writeUInt16LE(value, f * frameBytes + 2 * p);
      }
      return item;
    });
    requireElement(file.dataset, T.largestPixel).value.writeUInt16LE(largest, 0);
    file.dataset = template.dataset.map((e) => (e.tag === T.perFrame ? { tag: T.perFrame, vr: 'SQ', value: Buffer.alloc(0), items: perFrame }
      : e.tag === T.pixelData ? { tag: T.pixelData, vr: 'OW', value: pixels, items: null } : file.dataset.find((c) => c.tag === e.tag)!));
    writeFileSync(join(boldFolder, `IM_${String(t + 1).padStart(4, '0')}.dcm`), serializeDicomFile(file));
    options.onVolume?.(t + 1, options.volumes);
  }
  return { folder: root, boldFolder, t1Folder, truth, dims: [nx, ny, slices, options.volumes], trSeconds: tr, sliceTiming: frames.sliceTimes };
}
