import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isKrpError } from '../../shared/errors';
import { tempDir } from '../../test-support/nifti-fixtures';
import { sha256File } from './file-hash';

test('sha256File: known digests (FIPS 180-2 "abc", empty file)', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeFileSync(join(dir, 'abc'), 'abc');
    writeFileSync(join(dir, 'empty'), '');
    assert.equal(await sha256File(join(dir, 'abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(await sha256File(join(dir, 'empty')), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  } finally {
    cleanup();
  }
});

test('sha256File streams a multi-chunk file to the same digest as hashing it whole', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const bytes = Buffer.alloc(9 * 1024 * 1024 + 123);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + (i >> 12)) & 0xff;
    writeFileSync(join(dir, 'big.bin'), bytes);
    assert.equal(await sha256File(join(dir, 'big.bin')), createHash('sha256').update(bytes).digest('hex'));
  } finally {
    cleanup();
  }
});

test('sha256File: a missing file and a cancelled hash are KrpErrors', async () => {
  const { dir, cleanup } = tempDir();
  try {
    await assert.rejects(sha256File(join(dir, 'nope.nii.gz')), (e: unknown) => isKrpError(e) && e.code === 'nifti.not-found');
    writeFileSync(join(dir, 'x'), 'x');
    await assert.rejects(sha256File(join(dir, 'x'), AbortSignal.abort()), (e: unknown) => isKrpError(e) && e.code === 'analysis.cancelled');
  } finally {
    cleanup();
  }
});
