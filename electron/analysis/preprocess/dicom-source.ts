/**
 * Where DICOM files come from: a folder (walked, nested, DICOMDIR's tree included), a .zip
 * (entries named `archive.zip!/inner/path`), or single files. Every size is checked before a byte
 * is read, so nothing larger than the limits is ever allocated.
 */
import { lstat, open, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { KrpError } from '../../../shared/errors';
import { DICOM_LIMITS } from './dicom-limits';
import { listZipEntries, looksLikeZip, readZipEntry, type ZipEntry } from './zip-reader';

/** Separator between an archive's path and an entry inside it in a file reference. */
export const ZIP_ENTRY_SEPARATOR = '!/';

/** One candidate file: a path on disk or an entry of an archive. */
export interface DicomFileRef {
  /** Stable reference handed back to convertDicomSeries. */
  ref: string;
  bytes: number;
}

const zipDirectories = new Map<string, Promise<Map<string, ZipEntry>>>();

function zipDirectory(zipPath: string): Promise<Map<string, ZipEntry>> {
  let found = zipDirectories.get(zipPath);
  if (!found) {
    found = listZipEntries(zipPath).then((entries) => new Map(entries.map((e) => [e.name, e])));
    found.catch(() => zipDirectories.delete(zipPath));
    zipDirectories.set(zipPath, found);
    if (zipDirectories.size > 8) zipDirectories.delete(zipDirectories.keys().next().value as string);
  }
  return found;
}

/** Splits `a.zip!/b/c.dcm` into the archive path and entry name, or null for a plain path. */
export function splitZipRef(ref: string): { zipPath: string; entry: string } | null {
  const at = ref.toLowerCase().indexOf('.zip' + ZIP_ENTRY_SEPARATOR);
  if (at < 0) return null;
  return { zipPath: ref.slice(0, at + 4), entry: ref.slice(at + 4 + ZIP_ENTRY_SEPARATOR.length) };
}

function tooLarge(name: string, bytes: number, limit: number): KrpError {
  return new KrpError('dicom.file-too-large',
    `${name} is ${Math.round(bytes / 1048576)} MB, larger than the ${Math.round(limit / 1048576)} MB a DICOM file of an MRI series can be. Choose the folder of the resting-state series only.`,
    { file: name, bytes, limit });
}

function fileName(ref: string): string {
  const zip = splitZipRef(ref);
  return basename(zip ? zip.entry : ref);
}

/** Reads the first `maxBytes` (default: all) bytes of a file reference, its size checked first. */
export async function readDicomRef(ref: string, maxBytes = Infinity): Promise<Uint8Array> {
  const zip = splitZipRef(ref);
  if (zip) {
    const entry = (await zipDirectory(zip.zipPath)).get(zip.entry);
    if (!entry) throw new KrpError('dicom.not-found', `${zip.entry} is no longer in ${basename(zip.zipPath)}. Choose the archive again.`, { file: zip.entry });
    if (entry.uncompressedBytes > DICOM_LIMITS.maxFileBytes) throw tooLarge(zip.entry, entry.uncompressedBytes, DICOM_LIMITS.maxFileBytes);
    const bytes = await readZipEntry(zip.zipPath, entry);
    return bytes.length > maxBytes ? bytes.subarray(0, maxBytes) : bytes;
  }
  let size: number;
  try {
    size = (await stat(ref)).size;
  } catch {
    throw new KrpError('dicom.not-found', `${basename(ref)} was not found at ${ref}. Choose the DICOM folder again.`, { file: basename(ref) });
  }
  if (size > DICOM_LIMITS.maxFileBytes) throw tooLarge(basename(ref), size, DICOM_LIMITS.maxFileBytes);
  const length = Math.min(size, maxBytes);
  const fh = await open(ref, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await fh.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Size of a file reference without reading it. */
export async function dicomRefBytes(ref: string): Promise<number> {
  const zip = splitZipRef(ref);
  if (zip) return (await zipDirectory(zip.zipPath)).get(zip.entry)?.uncompressedBytes ?? 0;
  try {
    return (await stat(ref)).size;
  } catch {
    throw new KrpError('dicom.not-found', `${basename(ref)} was not found at ${ref}. Choose the DICOM folder again.`, { file: basename(ref) });
  }
}

export { fileName as dicomRefName };

function tooManyFiles(input: string): KrpError {
  return new KrpError('dicom.too-many-files',
    `${basename(input)} holds more than ${DICOM_LIMITS.maxFiles} files. Choose the folder of one examination.`,
    { file: basename(input), limit: DICOM_LIMITS.maxFiles });
}

async function walkFolder(root: string, out: DicomFileRef[], depth: number, signal?: AbortSignal): Promise<void> {
  if (depth > DICOM_LIMITS.maxDepth) return;
  signal?.throwIfAborted();
  const names = (await readdir(root)).sort();
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const path = join(root, name);
    const info = await lstat(path);
    if (info.isSymbolicLink()) continue;
    if (info.isDirectory()) await walkFolder(path, out, depth + 1, signal);
    else if (info.isFile()) {
      if (/\.zip$/i.test(name)) await addZip(path, out);
      else out.push({ ref: path, bytes: info.size });
    }
    if (out.length > DICOM_LIMITS.maxFiles) throw tooManyFiles(root);
  }
}

async function addZip(path: string, out: DicomFileRef[]): Promise<void> {
  for (const entry of (await zipDirectory(path)).values()) {
    if (basename(entry.name).startsWith('.') || entry.name.startsWith('__MACOSX/')) continue;
    out.push({ ref: path + ZIP_ENTRY_SEPARATOR + entry.name, bytes: entry.uncompressedBytes });
    if (out.length > DICOM_LIMITS.maxFiles) throw tooManyFiles(path);
  }
}

/** Every candidate file under `input` (a folder, a .zip, or one file), sorted by reference. */
export async function listCandidateFiles(input: string, signal?: AbortSignal): Promise<DicomFileRef[]> {
  let info;
  try {
    info = await stat(input);
  } catch {
    throw new KrpError('dicom.not-found', `${input} was not found. Check that the folder or archive still exists, or choose it again.`, { file: basename(input) });
  }
  const out: DicomFileRef[] = [];
  if (info.isDirectory()) await walkFolder(input, out, 0, signal);
  else if (await looksLikeZip(input)) await addZip(input, out);
  else out.push({ ref: input, bytes: info.size });
  return out;
}
