/**
 * Test and bench support: a Part 10 DICOM file (explicit VR little endian) as an editable tree of
 * elements and sequence items, and back to bytes. Used to write longer runs from a real scanner
 * file (dicom-run-builder.ts): every element is kept as the scanner wrote it except those edited.
 * Sequences and items are written with undefined length, so edits never leave a stale length;
 * the file meta group's length (0002,0000) is recomputed. Not a general DICOM library (implicit
 * VR, big endian and encapsulated pixel data are refused): the app reads DICOM with dicom-tags.ts
 * and dcm2niix only.
 */

/** Group and element as one number: 0xGGGGEEEE. */
export type Tag = number;

export interface DicomElement {
  tag: Tag;
  vr: string;
  /** The raw value bytes (not for SQ). */
  value: Buffer;
  /** The items of a sequence (SQ only). */
  items: DicomElement[][] | null;
}

export interface DicomFile {
  preamble: Buffer;
  meta: DicomElement[];
  dataset: DicomElement[];
}

const LONG_LENGTH_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;
const UNDEFINED = 0xffffffff;
const EXPLICIT_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

class Reader {
  constructor(readonly bytes: Buffer) {}

  tag(at: number): Tag {
    return ((this.bytes.readUInt16LE(at) << 16) | this.bytes.readUInt16LE(at + 2)) >>> 0;
  }

  /** Elements from `at` until `end` or a delimiter (then `stoppedAt` is past it). */
  elements(at: number, end: number | null, stopAtGroup: number | null): { elements: DicomElement[]; stoppedAt: number } {
    const out: DicomElement[] = [];
    while (end === null || at < end) {
      if (at + 8 > this.bytes.length) throw new Error(`DICOM truncated at byte ${at}`);
      const tag = this.tag(at);
      if (tag === ITEM_END || tag === SEQUENCE_END) return { elements: out, stoppedAt: at + 8 };
      if (stopAtGroup !== null && tag >>> 16 !== stopAtGroup) return { elements: out, stoppedAt: at };
      const vr = this.bytes.toString('latin1', at + 4, at + 6);
      if (!/^[A-Z]{2}$/.test(vr)) throw new Error(`element ${tag.toString(16)} at byte ${at} has no explicit VR`);
      const long = LONG_LENGTH_VRS.has(vr);
      const length = long ? this.bytes.readUInt32LE(at + 8) : this.bytes.readUInt16LE(at + 6);
      const valueAt = at + (long ? 12 : 8);
      if (vr === 'SQ') {
        const { items, stoppedAt } = this.items(valueAt, length === UNDEFINED ? null : valueAt + length);
        out.push({ tag, vr, value: Buffer.alloc(0), items });
        at = stoppedAt;
        continue;
      }
      if (length === UNDEFINED) throw new Error(`element ${tag.toString(16)} has undefined length (encapsulated data is not supported)`);
      if (valueAt + length > this.bytes.length) throw new Error(`element ${tag.toString(16)} runs past the end of the file`);
      out.push({ tag, vr, value: this.bytes.subarray(valueAt, valueAt + length), items: null });
      at = valueAt + length;
    }
    return { elements: out, stoppedAt: at };
  }

  items(at: number, end: number | null): { items: DicomElement[][]; stoppedAt: number } {
    const items: DicomElement[][] = [];
    while (end === null || at < end) {
      const tag = this.tag(at);
      const length = this.bytes.readUInt32LE(at + 4);
      if (tag === SEQUENCE_END) return { items, stoppedAt: at + 8 };
      if (tag !== ITEM) throw new Error(`a sequence holds ${tag.toString(16)} instead of an item`);
      if (length === UNDEFINED) {
        const { elements, stoppedAt } = this.elements(at + 8, null, null);
        items.push(elements);
        at = stoppedAt;
      } else {
        items.push(this.elements(at + 8, at + 8 + length, null).elements);
        at += 8 + length;
      }
    }
    return { items, stoppedAt: at };
  }
}

/** Parses a Part 10 file written in explicit VR little endian. */
export function parseDicomFile(bytes: Buffer): DicomFile {
  if (bytes.length < 132 || bytes.toString('latin1', 128, 132) !== 'DICM') throw new Error('not a DICOM Part 10 file');
  const reader = new Reader(bytes);
  const meta = reader.elements(132, null, 0x0002);
  const syntax = textOf(meta.elements, 0x00020010);
  if (syntax !== EXPLICIT_LITTLE_ENDIAN) throw new Error(`transfer syntax ${syntax} is not supported (explicit VR little endian only)`);
  return { preamble: bytes.subarray(0, 128), meta: meta.elements, dataset: reader.elements(meta.stoppedAt, bytes.length, null).elements };
}

function encode(elements: DicomElement[], out: Buffer[]): void {
  for (const e of elements) {
    const long = LONG_LENGTH_VRS.has(e.vr);
    const head = Buffer.alloc(long ? 12 : 8);
    head.writeUInt16LE(e.tag >>> 16, 0);
    head.writeUInt16LE(e.tag & 0xffff, 2);
    head.write(e.vr, 4, 'latin1');
    if (e.vr === 'SQ') {
      head.writeUInt32LE(UNDEFINED, 8);
      out.push(head);
      for (const item of e.items ?? []) {
        const itemHead = delimiter(ITEM);
        itemHead.writeUInt32LE(UNDEFINED, 4);
        out.push(itemHead);
        encode(item, out);
        out.push(delimiter(ITEM_END));
      }
      out.push(delimiter(SEQUENCE_END));
      continue;
    }
    if (!long && e.value.length > 0xffff) throw new Error(`element ${e.tag.toString(16)} is too long for its VR ${e.vr}`);
    if (long) head.writeUInt32LE(e.value.length, 8); else head.writeUInt16LE(e.value.length, 6);
    out.push(head, e.value);
  }
}

function delimiter(tag: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt16LE(tag >>> 16, 0);
  b.writeUInt16LE(tag & 0xffff, 2);
  return b;
}

/** The file's bytes, with the meta group length recomputed. */
export function serializeDicomFile(file: DicomFile): Buffer {
  const metaBody: Buffer[] = [];
  encode(file.meta.filter((e) => e.tag !== 0x00020000), metaBody);
  const metaLength = metaBody.reduce((n, b) => n + b.length, 0);
  const groupLength: DicomElement = { tag: 0x00020000, vr: 'UL', value: Buffer.alloc(4), items: null };
  groupLength.value.writeUInt32LE(metaLength);
  const head: Buffer[] = [];
  encode([groupLength], head);
  const body: Buffer[] = [];
  encode(file.dataset, body);
  return Buffer.concat([file.preamble, Buffer.from('DICM', 'latin1'), ...head, ...metaBody, ...body]);
}

/** The first element with `tag` in `elements` (not nested), or undefined. */
export function findElement(elements: DicomElement[], tag: Tag): DicomElement | undefined {
  return elements.find((e) => e.tag === tag);
}

/** The element with `tag`; throws when absent (the template file lacks something the builder needs). */
export function requireElement(elements: DicomElement[], tag: Tag): DicomElement {
  const found = findElement(elements, tag);
  if (!found) throw new Error(`DICOM element ${tag.toString(16).padStart(8, '0')} is missing`);
  return found;
}

/** The text of a string element, trailing padding removed ('' when absent). */
export function textOf(elements: DicomElement[], tag: Tag): string {
  const e = findElement(elements, tag);
  return e ? e.value.toString('latin1').replace(/[\0 ]+$/, '') : '';
}

/** Sets a string value, padded to even length as DICOM requires (UI with NUL, others with a space). */
export function setText(elements: DicomElement[], tag: Tag, text: string): void {
  const e = requireElement(elements, tag);
  e.value = Buffer.from(text.length % 2 ? text + (e.vr === 'UI' ? '\0' : ' ') : text, 'latin1');
}

/** Sets unsigned 32-bit values (UL). */
export function setUint32(elements: DicomElement[], tag: Tag, values: number[]): void {
  const e = requireElement(elements, tag);
  e.value = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => e.value.writeUInt32LE(v, 4 * i));
}

/** Reads unsigned 32-bit values (UL). */
export function uint32Of(elements: DicomElement[], tag: Tag): number[] {
  const e = requireElement(elements, tag);
  return Array.from({ length: e.value.length / 4 }, (_, i) => e.value.readUInt32LE(4 * i));
}

/** The only item of a sequence element (functional groups hold one). */
export function soleItem(elements: DicomElement[], tag: Tag): DicomElement[] {
  const items = requireElement(elements, tag).items;
  if (!items || items.length !== 1) throw new Error(`sequence ${tag.toString(16)} does not hold exactly one item`);
  return items[0];
}

/** A deep copy (values copied, so edits to the copy leave the original alone). */
export function cloneElements(elements: DicomElement[]): DicomElement[] {
  return elements.map((e) => ({ tag: e.tag, vr: e.vr, value: Buffer.from(e.value), items: e.items ? e.items.map(cloneElements) : null }));
}
