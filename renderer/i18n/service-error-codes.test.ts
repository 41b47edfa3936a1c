/**
 * Every refusal the services can throw has a catalogue text (so the Japanese UI never falls back
 * to the service's English sentence or a bare code): each `new KrpError('code', …)` in electron/ and
 * shared/, and each record refusal `refuse('kind', …)` (code `record.kind`), found in the sources.
 * The Japanese catalogue has the same keys (enforced by its type).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { en } from './catalog-en';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Source files (no tests, no test support) below `dir`. */
function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .filter((path) => !/[\\/](test-support|fuzz)[\\/]/.test(path));
}

test('every KrpError code and record refusal thrown by the services has a catalogue text', () => {
  const codes = new Set<string>();
  for (const file of [...sources('electron'), ...sources('shared')]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/KrpError\(\s*'([a-z0-9]+\.[a-z0-9.-]+)'/g)) codes.add(m[1]!);
    for (const m of text.matchAll(/\brefuse\(\s*'([a-z0-9-]+)'/g)) codes.add(`record.${m[1]!}`);
  }
  // The scan must find the codes it is meant to guard (a broken pattern would pass vacuously).
  for (const known of ['nifti.bad-voxel-size', 'confounds.not-numeric', 'record.out-of-range', 'record.unknown-scan']) {
    assert.ok(codes.has(known), `the scan found ${known}`);
  }
  assert.ok(codes.size >= 150, `found ${codes.size} codes`);
  const missing = [...codes].filter((code) => !Object.prototype.hasOwnProperty.call(en, `error.${code}`)).sort();
  assert.deepEqual(missing, []);
});
