import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../../shared/imaging/analysis-types';
import { isKrpError } from '../../../shared/errors';
import { analyze } from '../analyze';
import { writeCoarseBold } from '../test-support/coarse-bold';
import { MAX_CONFOUNDS_BYTES, readBoundedText } from './bounded-text';

test('readBoundedText: the text of a file within the bound; a file one byte over is too large, unread', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-bounded-'));
  try {
    const path = join(dir, 'rp.txt');
    writeFileSync(path, '0 0 0 0 0 0\n1 2 3 4 5 6\n');
    assert.deepEqual(await readBoundedText(path, 24), { kind: 'text', text: '0 0 0 0 0 0\n1 2 3 4 5 6\n' });
    assert.deepEqual(await readBoundedText(path, 23), { kind: 'too-large', bytes: 24 });
    assert.deepEqual(await readBoundedText(dir, 100), { kind: 'not-regular' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('readBoundedText: a named pipe is refused at once (no wait for a writer)', { skip: process.platform === 'win32' ? 'no FIFOs on Windows' : false }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-bounded-'));
  try {
    const fifo = join(dir, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    assert.deepEqual(await readBoundedText(fifo, 100), { kind: 'not-regular' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('analyze refuses a confounds file over 64 MiB before reading it (confounds.too-large, naming the file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-bounded-'));
  try {
    const bold = await writeCoarseBold(dir, { volumes: 30 });
    const huge = join(dir, 'rp_huge.txt');
    writeFileSync(huge, '');
    truncateSync(huge, MAX_CONFOUNDS_BYTES + 1); // sparse: no disk used
    const before = process.memoryUsage().rss;
    await assert.rejects(
      analyze({ boldPath: bold, confoundsPath: huge, wmMaskPath: null, csfMaskPath: null, settings: structuredClone(DEFAULT_ANALYSIS_SETTINGS) }),
      (e) => isKrpError(e) && e.code === 'confounds.too-large' && (e as { details?: { file?: string } }).details?.file === 'rp_huge.txt',
    );
    assert.ok(process.memoryUsage().rss - before < MAX_CONFOUNDS_BYTES / 2, 'the file was not read into memory');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
