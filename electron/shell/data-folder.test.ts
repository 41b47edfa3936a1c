/** Where the record lives: --data-dir, then KRP_DATA_DIR, then <userData>/data. */
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { resolveDataFolder } from './data-folder';

const base = { argv: ['electron', '.'], env: {}, userDataPath: join('/home', 'dr', '.config', 'KRP'), cwd: '/work' };

test('default: the data folder under the user-data path', () => {
  assert.deepEqual(resolveDataFolder(base), { dir: join('/home', 'dr', '.config', 'KRP', 'data'), source: 'default' });
});

test('environment overrides the default; the argument overrides both; relative paths from cwd', () => {
  assert.deepEqual(resolveDataFolder({ ...base, env: { KRP_DATA_DIR: '/srv/krp' } }), { dir: resolve('/srv/krp'), source: 'environment' });
  assert.deepEqual(resolveDataFolder({ ...base, env: { KRP_DATA_DIR: '/srv/krp' }, argv: ['e', '.', '--data-dir=records'] }), { dir: resolve('/work', 'records'), source: 'argument' });
  assert.deepEqual(resolveDataFolder({ ...base, env: { KRP_DATA_DIR: '   ' } }).source, 'default');
  assert.deepEqual(resolveDataFolder({ ...base, argv: ['e', '--data-dir='] }).source, 'default');
});
