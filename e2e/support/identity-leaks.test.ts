import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { identityLeaks, identityNeedles } from './identity-leaks';

test('identity needles: name, its parts, ID and the birth date in both forms', () => {
  assert.deepEqual(identityNeedles({ name: 'DOE^JANE', id: 'P-1234', birthDate: '1991-01-01' }).sort(),
    ['1991-01-01', '19910101', 'DOE^JANE', 'JANE', 'P-1234'].sort());
  assert.deepEqual(identityNeedles({ name: null, id: null, birthDate: null }), []);
});

test('identity found in plain, gzip-compressed, UTF-16 and nested files and in log lines; not where absent', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-leaks-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'analyses', 'a1'), { recursive: true });
  writeFileSync(join(dir, 'clean.txt'), 'nothing to see');
  writeFileSync(join(dir, 'analyses', 'a1', 'seed.nii.gz'), gzipSync(Buffer.from('header descrip doe^jane')));
  writeFileSync(join(dir, 'analyses', 'a1', 'wide.bin'), Buffer.concat([Buffer.from([0]), Buffer.from('id P-1234', 'utf16le')]));
  const needles = ['DOE^JANE', 'P-1234', '19910101'];
  assert.deepEqual(identityLeaks(dir, needles, ['ok', 'born 19910101']).sort(),
    ['analyses/a1/seed.nii.gz: DOE^JANE', 'analyses/a1/wide.bin: P-1234', 'log: 19910101'].sort());
  rmSync(join(dir, 'analyses'), { recursive: true });
  assert.deepEqual(identityLeaks(dir, needles, ['ok']), []);
});
