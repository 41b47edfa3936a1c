/** app:// URL paths map to files inside dist/renderer only. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { contentTypeFor, resolveStaticFile } from './static-files';

const root = join('/opt', 'krp', 'renderer');

test('pages and assets resolve inside the renderer folder', () => {
  assert.equal(resolveStaticFile(root, '/'), join(root, 'index.html'));
  assert.equal(resolveStaticFile(root, '/index.html'), join(root, 'index.html'));
  assert.equal(resolveStaticFile(root, '/app.js'), join(root, 'app.js'));
  assert.equal(resolveStaticFile(root, '/fonts/noto%20sans.woff2'), join(root, 'fonts', 'noto sans.woff2'));
});

test('traversal, encoded separators, NUL and unknown types are refused', () => {
  for (const path of ['/../main.cjs', '/..%2fmain.cjs', '/fonts/../../x.js', '/%2e%2e/x.js', '/a%5c..%5cx.js', '/x.js%00.png', '/%E0%A4%A', '/secret.sqlite', '/.env', '/app']) {
    assert.equal(resolveStaticFile(root, path), null, path);
  }
});

test('content types', () => {
  assert.equal(contentTypeFor('index.html'), 'text/html; charset=utf-8');
  assert.equal(contentTypeFor('app.JS'), 'text/javascript; charset=utf-8');
  assert.equal(contentTypeFor('a.woff2'), 'font/woff2');
  assert.equal(contentTypeFor('db.sqlite'), null);
});
