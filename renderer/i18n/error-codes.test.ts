/**
 * The refusals a user can meet on the settings and start screens have catalogue texts: every
 * restore refusal (record.restore-*) and every account refusal (auth.*, session.*) the services
 * throw, found in their sources, so a new code without a text fails here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { en } from './catalog-en';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

test('every restore, account and session refusal has a catalogue text', () => {
  const record = ['backup.ts', 'backup-validate.ts', 'backup-manifest.ts'].map((f) => read(join('electron/services/record', f))).join('\n');
  const restore = new Set([...record.matchAll(/'(?:record\.)?(restore-[a-z-]+)'/g)].map((m) => `record.${m[1]}`));
  const accounts = read('electron/services/record/record-accounts.ts');
  const auth = new Set([...accounts.matchAll(/fail\('([a-z-]+)'/g)].map((m) => `auth.${m[1]}`));
  const session = new Set([...read('electron/services/record-session.ts').matchAll(/KrpError\('(session\.[a-z-]+)'/g)].map((m) => m[1]!));
  assert.ok(restore.size >= 15 && auth.size >= 10 && session.size >= 3, `found ${restore.size} restore, ${auth.size} auth, ${session.size} session codes`);
  const missing = [...restore, ...auth, ...session].filter((code) => !Object.prototype.hasOwnProperty.call(en, `error.${code}`));
  assert.deepEqual(missing, []);
});
