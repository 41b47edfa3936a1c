/**
 * A small, bounded DICOM header reader for the few tags needed to group files into series and
 * describe them (not a general parser: conversion itself is dcm2niix). Part 10 files (preamble +
 * "DICM") and bare datasets; explicit and implicit VR little endian; nested sequences walked
 * (enhanced multi-frame functional groups included) up to a fixed depth; stops at Pixel Data.
 * Every length is checked against the bytes at hand, so a hostile file cannot make it read or
 * allocate past them.
 */

/** Tags collected (group+element as 8 upper-case hex digits). */
export const TAGS = {
  transferSyntax: '00020010', imageType: '00080008', sopClass: '00080016', sopInstance: '00080018',
  modality: '00080060', seriesDescription: '0008103E', protocolName: '00181030',
  patientName: '00100010', patientId: '00100020', patientBirthDate: '00100030',
  scanningSequence: '00180020', sequenceName: '00180024', mrAcquisitionType: '00180023',
  sliceThickness: '00180050', repetitionTime: '00180080', spacingBetweenSlices: '00180088',
  studyUid: '0020000D', seriesUid: '0020000E', seriesNumber: '00200011', acquisitionNumber: '00200012',
  instanceNumber: '00200013', imagePosition: '00200032', imageOrientation: '00200037',
  temporalPosition: '00200100', numberOfTemporalPositions: '00200105',
  numberOfFrames: '00280008', rows: '00280010', columns: '00280011', pixelSpacing: '00280030',
  siemensMosaicImages: '0019100A', directoryRecords: '00041220',
} as const;

const WANTED = new Set<string>(Object.values(TAGS));
const PIXEL_DATA = 0x7fe00010;
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;
const UNDEFINED = 0xffffffff;
const MAX_DEPTH = 8;
const MAX_ELEMENTS = 500_000;
const LONG_LENGTH_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
/** VRs of the wanted tags and of the sequences walked, for implicit-VR files. */
const IMPLICIT_VR: Record<string, string> = {
  '00280010': 'US', '00280011': 'US', '0019100A': 'US', '00041220': 'SQ',
  '52009229': 'SQ', '52009230': 'SQ', '00289110': 'SQ', '00209113': 'SQ', '00209116': 'SQ', '00189112': 'SQ', '00209111': 'SQ',
};

export const IMPLICIT_LITTLE_ENDIAN = '1.2.840.10008.1.2';
export const EXPLICIT_BIG_ENDIAN = '1.2.840.10008.1.2.2';
export const DEFLATED = '1.2.840.10008.1.2.1.99';

export interface DicomHeader {
  /** First value found (at any depth) of each wanted tag, as text; numbers as decimal text. */
  values: Map<string, string>;
  /** Every Image Position (Patient) found: one per classic file, one per frame in enhanced files. */
  positions: number[][];
  transferSyntax: string;
  /** False when the bytes ended before Pixel Data or the end of the dataset: read more. */
  complete: boolean;
  /** Why the dataset could not be walked (big endian, deflated, damaged), or null. */
  unreadable: string | null;
}

class NeedMoreBytes extends Error {}
class Damaged extends Error {}

function hex(tag: number): string {
  return (tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

function text(bytes: Uint8Array, start: number, length: number): string {
  let s = '';
  for (let i = start; i < start + length; i++) s += String.fromCharCode(bytes[i]);
  return s.replace(/[\0 ]+$/, '').trim();
}

function valueText(view: DataView, bytes: Uint8Array, at: number, length: number, vr: string): string {
  if (vr === 'US') return length >= 2 ? String(view.getUint16(at, true)) : '';
  if (vr === 'UL') return length >= 4 ? String(view.getUint32(at, true)) : '';
  if (vr === 'SS') return length >= 2 ? String(view.getInt16(at, true)) : '';
  if (vr === 'FD') return length >= 8 ? String(view.getFloat64(at, true)) : '';
  if (vr === 'FL') return length >= 4 ? String(view.getFloat32(at, true)) : '';
  return text(bytes, at, Math.min(length, 1024));
}

/** Where a dataset starts and whether it is Part 10; null when the bytes are not DICOM. */
function locateDataset(bytes: Uint8Array): { metaStart: number | null; datasetStart: number } | null {
  if (bytes.length >= 132 && text(bytes, 128, 4) === 'DICM') return { metaStart: 132, datasetStart: 132 };
  if (bytes.length < 8) return null;
  // A bare dataset starts with a group 0002 or 0008 element (little endian).
  const group = bytes[0] | (bytes[1] << 8);
  if (group === 0x0002 || group === 0x0008) return { metaStart: null, datasetStart: 0 };
  return null;
}

/**
 * Reads the wanted tags from the start of a file. Returns null when the bytes are not DICOM; a
 * header with complete = false when they end before the dataset's image data (read more).
 */
export function readDicomHeader(bytes: Uint8Array): DicomHeader | null {
  const located = locateDataset(bytes);
  if (!located) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header: DicomHeader = { values: new Map(), positions: [], transferSyntax: IMPLICIT_LITTLE_ENDIAN, complete: true, unreadable: null };
  let elements = 0;
  let explicit = true;

  /** Walks elements from `at` to `end` (or to a delimiter when end is null); returns where it stopped. */
  const walk = (start: number, end: number | null, depth: number, metaOnly: boolean): number => {
    let at = start;
    while (end === null || at < end) {
      if (at + 8 > bytes.length) throw new NeedMoreBytes();
      const tag = ((view.getUint16(at, true) << 16) | view.getUint16(at + 2, true)) >>> 0;
      if (metaOnly && tag >>> 16 !== 0x0002) return at;
      if (++elements > MAX_ELEMENTS) throw new Damaged('too many elements');
      if (tag === ITEM_END || tag === SEQUENCE_END) return at + 8;
      if (tag === ITEM) throw new Damaged('an item outside a sequence');
      const key = hex(tag);
      let vr: string;
      let length: number;
      let valueAt: number;
      const isExplicit = metaOnly || explicit;
      const vrText = String.fromCharCode(bytes[at + 4], bytes[at + 5]);
      if (isExplicit && /^[A-Z]{2}$/.test(vrText)) {
        vr = vrText;
        if (LONG_LENGTH_VRS.has(vr)) {
          if (at + 12 > bytes.length) throw new NeedMoreBytes();
          length = view.getUint32(at + 8, true);
          valueAt = at + 12;
        } else {
          length = view.getUint16(at + 6, true);
          valueAt = at + 8;
        }
      } else {
        if (isExplicit) throw new Damaged(`element ${key} has no value representation`);
        vr = IMPLICIT_VR[key] ?? 'UN';
        length = view.getUint32(at + 4, true);
        valueAt = at + 8;
      }
      if (tag === PIXEL_DATA || (depth === 0 && tag >>> 16 >= 0x7fe0)) return -1; // image data: the header is complete
      if (length === UNDEFINED || vr === 'SQ') {
        if (length !== UNDEFINED && valueAt + length > bytes.length) throw new NeedMoreBytes();
        if (depth >= MAX_DEPTH) throw new Damaged('sequences nested too deeply');
        at = walkSequence(valueAt, length === UNDEFINED ? null : valueAt + length, depth + 1);
        if (at < 0) return -1;
        continue;
      }
      if (valueAt + length > bytes.length) throw new NeedMoreBytes();
      if (WANTED.has(key)) {
        const value = valueText(view, bytes, valueAt, length, vr);
        if (key === TAGS.imagePosition) {
          const position = value.split('\\').map(Number);
          if (position.length === 3 && position.every(Number.isFinite)) header.positions.push(position);
        }
        if (!header.values.has(key)) header.values.set(key, value);
      }
      at = valueAt + length;
    }
    return at;
  };

  const walkSequence = (start: number, end: number | null, depth: number): number => {
    let at = start;
    while (end === null || at < end) {
      if (at + 8 > bytes.length) throw new NeedMoreBytes();
      const tag = ((view.getUint16(at, true) << 16) | view.getUint16(at + 2, true)) >>> 0;
      const length = view.getUint32(at + 4, true);
      if (tag === SEQUENCE_END) return at + 8;
      if (tag !== ITEM) throw new Damaged('a sequence without items');
      if (length === UNDEFINED) {
        at = walk(at + 8, null, depth, false);
        if (at < 0) return -1;
      } else {
        if (at + 8 + length > bytes.length) throw new NeedMoreBytes();
        const stop = walk(at + 8, at + 8 + length, depth, false);
        if (stop < 0) return -1;
        at = at + 8 + length;
      }
    }
    return at;
  };

  try {
    let at = located.datasetStart;
    if (located.metaStart !== null) {
      at = walk(located.metaStart, null, 0, true);
      header.transferSyntax = header.values.get(TAGS.transferSyntax) ?? IMPLICIT_LITTLE_ENDIAN;
    } else {
      explicit = /^[A-Z]{2}$/.test(String.fromCharCode(bytes[4], bytes[5]));
      header.transferSyntax = explicit ? '1.2.840.10008.1.2.1' : IMPLICIT_LITTLE_ENDIAN;
    }
    if (header.transferSyntax === EXPLICIT_BIG_ENDIAN) { header.unreadable = 'big-endian'; return header; }
    if (header.transferSyntax === DEFLATED) { header.unreadable = 'deflated'; return header; }
    explicit = header.transferSyntax !== IMPLICIT_LITTLE_ENDIAN;
    if (at >= 0 && at < bytes.length) walk(at, bytes.length, 0, false);
  } catch (error) {
    if (error instanceof NeedMoreBytes) header.complete = false;
    else if (error instanceof Damaged) header.unreadable = error.message;
    else throw error;
  }
  return header;
}
