/** The confounds file is checked against the scan's volumes before Analyse, within a size bound. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { confoundsRefusal, MAX_CONFOUNDS_BYTES } from './confounds-preview';

test('rows ≠ volumes, too large, missing or a folder: refused with the code the app translates; rows = volumes: none', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-confounds-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const rp = join(dir, 'rp_bold.txt');
  writeFileSync(rp, Array.from({ length: 12 }, (_, i) => `0 0 ${(i * 0.01).toFixed(2)} 0 0 0`).join('\n') + '\n');

  assert.equal(await confoundsRefusal(rp, 12), null);
  const mismatch = await confoundsRefusal(rp, 10);
  assert.deepEqual([mismatch?.code, mismatch?.details], ['confounds.row-count', { rows: 12, volumes: 10 }]);

  const huge = join(dir, 'huge.tsv');
  writeFileSync(huge, '');
  truncateSync(huge, MAX_CONFOUNDS_BYTES + 1); // sparse: nothing is read before the size check refuses it
  assert.equal((await confoundsRefusal(huge, 12))?.code, 'confounds.too-large');

  assert.equal((await confoundsRefusal(join(dir, 'missing.txt'), 12))?.code, 'confounds.unreadable');
  assert.equal((await confoundsRefusal(dir, 12))?.code, 'confounds.unreadable');
  writeFileSync(join(dir, 'words.txt'), 'not a confounds file\n');
  assert.equal((await confoundsRefusal(join(dir, 'words.txt'), 12))?.code, 'confounds.unknown-format');
});
