import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MNI_TEMPLATE_FILES, mniTemplateDir, mniTemplatePath } from './mni-templates';

test('every bundled MNI template is found from the source tree', () => {
  for (const which of Object.keys(MNI_TEMPLATE_FILES) as (keyof typeof MNI_TEMPLATE_FILES)[]) {
    assert.ok(existsSync(mniTemplatePath(which)), which);
  }
});

test('an explicit folder without the templates is passed over, not trusted', () => {
  const empty = mkdtempSync(join(tmpdir(), 'krp-mni-'));
  try {
    assert.notEqual(mniTemplateDir(empty), empty);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
