/**
 * Test support: minimal synthetic DICOM files (Part 10, explicit VR little endian, one slice per
 * file) and ZIP archives (with the option to lie about sizes), to plant series layouts — localizer,
 * missing slices, mixed geometry, several BOLD runs — and hostile archives.
 */
import { crc32, deflateRawSync } from 'node:zlib';

type Element = [group: number, element: number, vr: string, value: string | Uint8Array | number];

function encodeElement([group, element, vr, value]: Element): Buffer {
  let body: Buffer;
  if (typeof value === 'number') { body = Buffer.alloc(2); body.writeUInt16LE(value); }
  else if (typeof value === 'string') { body = Buffer.from(value.length % 2 ? value + (vr === 'UI' ? '\0' : ' ') : value, 'latin1'); }
  else body = Buffer.from(value);
  const long = ['OB', 'OW', 'SQ', 'UN', 'UT'].includes(vr);
  const head = Buffer.alloc(long ? 12 : 8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(element, 2);
  head.write(vr, 4, 'latin1');
  if (long) head.writeUInt32LE(body.length, 8); else head.writeUInt16LE(body.length, 6);
  return Buffer.concat([head, body]);
}

export interface SliceSpec {
  seriesUid: string;
  seriesNumber: number;
  description: string;
  instance: number;
  /** Slice position along z (mm). */
  z: number;
  rows?: number;
  columns?: number;
  imageType?: string;
  patientName?: string;
  repetitionTimeMs?: number;
}

/** One classic single-slice MR image file. */
export function syntheticSlice(spec: SliceSpec): Buffer {
  const rows = spec.rows ?? 8, columns = spec.columns ?? 8;
  const meta = encodeElement([0x0002, 0x0010, 'UI', '1.2.840.10008.1.2.1']);
  const elements: Element[] = [
    [0x0008, 0x0008, 'CS', spec.imageType ?? 'ORIGINAL\\PRIMARY\\M\\ND'],
    [0x0008, 0x0016, 'UI', '1.2.840.10008.5.1.4.1.1.4'],
    [0x0008, 0x0018, 'UI', `${spec.seriesUid}.${spec.instance}`],
    [0x0008, 0x0060, 'CS', 'MR'],
    [0x0008, 0x103e, 'LO', spec.description],
    [0x0010, 0x0010, 'PN', spec.patientName ?? 'TEST^PATIENT'],
    [0x0010, 0x0020, 'LO', 'ID-0001'],
    [0x0018, 0x0080, 'DS', String(spec.repetitionTimeMs ?? 2000)],
    [0x0020, 0x000e, 'UI', spec.seriesUid],
    [0x0020, 0x0011, 'IS', String(spec.seriesNumber)],
    [0x0020, 0x0013, 'IS', String(spec.instance)],
    [0x0020, 0x0032, 'DS', `-12\\-12\\${spec.z}`],
    [0x0020, 0x0037, 'DS', '1\\0\\0\\0\\1\\0'],
    [0x0028, 0x0010, 'US', rows],
    [0x0028, 0x0011, 'US', columns],
    [0x0028, 0x0030, 'DS', '3\\3'],
    [0x7fe0, 0x0010, 'OW', new Uint8Array(rows * columns * 2)],
  ];
  const dataset = Buffer.concat(elements.map(encodeElement));
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), meta, dataset]);
}

/** The files of a classic series: `volumes` × `slices` images, named by instance. */
export function syntheticSeries(base: Omit<SliceSpec, 'instance' | 'z'>, volumes: number, slices: number): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let instance = 1;
  for (let t = 0; t < volumes; t++) for (let s = 0; s < slices; s++, instance++) {
    files.set(`IM${String(instance).padStart(5, '0')}`, syntheticSlice({ ...base, instance, z: 4 * s }));
  }
  return files;
}

export interface ZipInput {
  name: string;
  data: Uint8Array;
  /** Declared inflated size instead of the true one (to plant a lying archive). */
  declaredBytes?: number;
}

/** A ZIP archive (deflate) of the given entries. */
export function buildZip(entries: ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data);
    const size = entry.declaredBytes ?? entry.data.length;
    const crc = crc32(entry.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x800, 6); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(compressed.length, 18); local.writeUInt32LE(size, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(0x800, 8); central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16); central.writeUInt32LE(compressed.length, 20); central.writeUInt32LE(size, 24); central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
