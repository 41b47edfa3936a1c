/**
 * A bounded reader for the ZIP archives clinics export DICOM in: the central directory is parsed
 * here (no dependency), entries are read one at a time with node:zlib's inflateRaw capped at the
 * size the directory declares, so a zip bomb cannot grow past what was announced and what the
 * limits allow. Stored (0) and deflated (8) entries; no encryption, no ZIP64, no multi-disk.
 */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { KrpError } from '../../../shared/errors';

export interface ZipEntry {
  /** Path inside the archive, '/'-separated. */
  name: string;
  method: number;
  compressedBytes: number;
  uncompressedBytes: number;
  crc: number;
  localHeaderOffset: number;
  encrypted: boolean;
}

export interface ZipLimits {
  maxEntries: number;
  /** Largest single entry once inflated. */
  maxEntryBytes: number;
  /** Largest sum of the declared inflated sizes. */
  maxTotalBytes: number;
  /** Largest inflated/compressed ratio accepted for entries over 1 MiB (zip bombs reach 1000+). */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 100_000,
  maxEntryBytes: 700 * 1024 * 1024,
  maxTotalBytes: 16 * 1024 * 1024 * 1024,
  maxRatio: 500,
};

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN_BYTES = 22;
const MAX_COMMENT_BYTES = 0xffff;
const MAX_CENTRAL_DIRECTORY_BYTES = 64 * 1024 * 1024;

function badZip(path: string, why: string): KrpError {
  const name = basename(path);
  return new KrpError('dicom.zip-unreadable', `${name} cannot be read as a ZIP archive: ${why}. Unpack it with your system's archive tool and choose the folder instead.`, { file: name, reason: why });
}

async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** True when the file starts like a ZIP archive (local header or an empty archive's EOCD). */
export async function looksLikeZip(path: string): Promise<boolean> {
  const head = await readAt(path, 0, 4);
  if (head.length < 4) return false;
  const sig = head.readUInt32LE(0);
  return sig === LOCAL_SIGNATURE || sig === EOCD_SIGNATURE;
}

/** The archive's entries (files only, folders left out), every declared size checked against `limits`. */
export async function listZipEntries(path: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipEntry[]> {
  const fileBytes = (await stat(path)).size;
  if (fileBytes < EOCD_MIN_BYTES) throw badZip(path, 'the file is too short to be an archive');
  const tailBytes = Math.min(fileBytes, EOCD_MIN_BYTES + MAX_COMMENT_BYTES);
  const tail = await readAt(path, fileBytes - tailBytes, tailBytes);
  let eocd = -1;
  for (let i = tail.length - EOCD_MIN_BYTES; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE) { eocd = i; break; }
  }
  if (eocd < 0) throw badZip(path, 'its table of contents (end of central directory) is missing; the file is incomplete or not a ZIP');
  const disk = tail.readUInt16LE(eocd + 4);
  const entryCount = tail.readUInt16LE(eocd + 10);
  const directoryBytes = tail.readUInt32LE(eocd + 12);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  if (disk !== 0) throw badZip(path, 'it is one part of a split (multi-disk) archive');
  if (entryCount === 0xffff || directoryBytes === 0xffffffff || directoryOffset === 0xffffffff) {
    throw badZip(path, 'it is a ZIP64 archive (over 4 GB or 65535 files), which is not supported');
  }
  if (entryCount > limits.maxEntries) throw badZip(path, `it holds ${entryCount} entries, more than the ${limits.maxEntries} accepted`);
  if (directoryBytes > MAX_CENTRAL_DIRECTORY_BYTES || directoryOffset + directoryBytes > fileBytes) {
    throw badZip(path, 'its table of contents points outside the file');
  }
  const directory = await readAt(path, directoryOffset, directoryBytes);
  const entries: ZipEntry[] = [];
  let totalBytes = 0;
  let at = 0;
  for (let n = 0; n < entryCount; n++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      throw badZip(path, 'its table of contents is damaged');
    }
    const flags = directory.readUInt16LE(at + 8);
    const method = directory.readUInt16LE(at + 10);
    const crc = directory.readUInt32LE(at + 16);
    const compressedBytes = directory.readUInt32LE(at + 20);
    const uncompressedBytes = directory.readUInt32LE(at + 24);
    const nameBytes = directory.readUInt16LE(at + 28);
    const extraBytes = directory.readUInt16LE(at + 30);
    const commentBytes = directory.readUInt16LE(at + 32);
    const localHeaderOffset = directory.readUInt32LE(at + 42);
    if (at + 46 + nameBytes > directory.length) throw badZip(path, 'its table of contents is damaged');
    const name = directory.subarray(at + 46, at + 46 + nameBytes).toString((flags & 0x800) !== 0 ? 'utf8' : 'latin1');
    at += 46 + nameBytes + extraBytes + commentBytes;
    if (name.endsWith('/')) continue;
    if (uncompressedBytes > limits.maxEntryBytes) {
      throw badZip(path, `entry ${name} would inflate to ${uncompressedBytes} bytes, more than the ${limits.maxEntryBytes} accepted`);
    }
    if (uncompressedBytes > 1024 * 1024 && uncompressedBytes > limits.maxRatio * Math.max(1, compressedBytes)) {
      throw badZip(path, `entry ${name} is compressed ${Math.round(uncompressedBytes / Math.max(1, compressedBytes))}-fold, which only a zip bomb does`);
    }
    totalBytes += uncompressedBytes;
    if (totalBytes > limits.maxTotalBytes) throw badZip(path, `its contents would inflate to more than ${limits.maxTotalBytes} bytes`);
    if (localHeaderOffset + 30 + compressedBytes > fileBytes) throw badZip(path, `entry ${name} points outside the file`);
    entries.push({ name, method, compressedBytes, uncompressedBytes, crc, localHeaderOffset, encrypted: (flags & 1) !== 0 });
  }
  return entries;
}

/** The inflated bytes of one entry, never more than the size the directory declared; CRC checked. */
export async function readZipEntry(path: string, entry: ZipEntry): Promise<Uint8Array> {
  if (entry.encrypted) throw badZip(path, `entry ${entry.name} is encrypted`);
  if (entry.method !== 0 && entry.method !== 8) throw badZip(path, `entry ${entry.name} uses compression method ${entry.method}; only stored and deflate are supported`);
  const local = await readAt(path, entry.localHeaderOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_SIGNATURE) throw badZip(path, `entry ${entry.name} is damaged`);
  const dataOffset = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  let bytes: Buffer;
  if (entry.method === 0) {
    bytes = await readAt(path, dataOffset, entry.uncompressedBytes);
  } else {
    const compressed = await readAt(path, dataOffset, entry.compressedBytes);
    try {
      // One byte over the declared size makes zlib stop and throw: the declared size lied.
      bytes = inflateRawSync(compressed, { maxOutputLength: entry.uncompressedBytes + 1 });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') throw badZip(path, `entry ${entry.name} inflates past its declared size (a zip bomb or a damaged archive)`);
      throw badZip(path, `entry ${entry.name} is damaged (${code ?? 'inflate failed'})`);
    }
  }
  if (bytes.length !== entry.uncompressedBytes) throw badZip(path, `entry ${entry.name} is shorter than declared`);
  if (crc32(bytes) >>> 0 !== entry.crc >>> 0) throw badZip(path, `entry ${entry.name} fails its checksum`);
  return bytes;
}
