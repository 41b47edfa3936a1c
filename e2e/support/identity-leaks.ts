/**
 * Where a patient's identity (as the DICOM files state it) appears in what the app wrote: every
 * file below a folder (gzip members inflated first, so a NIfTI header inside .nii.gz is read too),
 * searched as Latin-1/UTF-8 and as UTF-16LE text, plus any log lines given.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** The identity strings to look for: name, ID, birth date as written and as YYYY-MM-DD. */
export function identityNeedles(identity: { name: string | null; id: string | null; birthDate: string | null }): string[] {
  const needles = new Set<string>();
  for (const value of [identity.name, identity.id, identity.birthDate]) {
    if (value === null || value.trim().length < 4) continue;
    needles.add(value.trim());
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) needles.add(value.replace(/-/g, ''));
  }
  for (const part of (identity.name ?? '').split(/[\^ ]+/)) if (part.length >= 4) needles.add(part);
  return [...needles];
}

function filesBelow(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesBelow(path)); else out.push(path);
  }
  return out;
}

function contents(path: string): Buffer {
  const bytes = readFileSync(path);
  if (bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try { return gunzipSync(bytes, { maxOutputLength: 512 * 1024 * 1024 }); } catch { return bytes; }
  }
  return bytes;
}

/** "file: needle" for every needle found in a file below `dir` or in a log line (empty when none). */
export function identityLeaks(dir: string, needles: string[], logLines: string[] = []): string[] {
  const found: string[] = [];
  const lowered = needles.map((n) => n.toLowerCase());
  for (const path of filesBelow(dir)) {
    const bytes = contents(path);
    const latin = bytes.toString('latin1').toLowerCase();
    const utf16 = bytes.toString('utf16le').toLowerCase() + '\n' + bytes.subarray(1).toString('utf16le').toLowerCase();
    lowered.forEach((n, i) => { if (latin.includes(n) || utf16.includes(n)) found.push(`${relative(dir, path)}: ${needles[i]}`); });
  }
  const log = logLines.join('\n').toLowerCase();
  lowered.forEach((n, i) => { if (log.includes(n)) found.push(`log: ${needles[i]}`); });
  return found;
}
