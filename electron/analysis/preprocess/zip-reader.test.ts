import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isKrpError } from '../../../shared/errors';
import { buildZip } from './dicom-test-writer';
import { listZipEntries, readZipEntry } from './zip-reader';

const root = mkdtempSync(join(tmpdir(), 'krp-zip-'));
after(() => rmSync(root, { recursive: true, force: true }));

function write(name: string, bytes: Uint8Array): string {
  const path = join(root, name);
  writeFileSync(path, bytes);
  return path;
}

const refused = (reason: RegExp) => (e: unknown) => isKrpError(e) && e.code === 'dicom.zip-unreadable' && reason.test(e.message);

test('entries are listed and read back byte for byte (folders left out)', async () => {
  const a = Buffer.from('first entry '.repeat(100));
  const b = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) & 255));
  const path = write('ok.zip', buildZip([{ name: 'dir/', data: new Uint8Array(0) }, { name: 'dir/a.dcm', data: a }, { name: 'b.dcm', data: b }]));
  const entries = await listZipEntries(path);
  assert.deepEqual(entries.map((e) => [e.name, e.uncompressedBytes]), [['dir/a.dcm', a.length], ['b.dcm', b.length]]);
  assert.deepEqual(Buffer.from(await readZipEntry(path, entries[0])), a);
  assert.deepEqual(Buffer.from(await readZipEntry(path, entries[1])), b);
});

test('a zip bomb is refused: one by its declared ratio before inflating, one that lies about its size', async () => {
  const zeros = new Uint8Array(8 * 1024 * 1024); // deflates about 1000-fold
  const ratio = write('ratio.zip', buildZip([{ name: 'bomb.dcm', data: zeros }]));
  await assert.rejects(listZipEntries(ratio), refused(/compressed \d+-fold/));
  const liar = write('liar.zip', buildZip([{ name: 'small.dcm', data: new Uint8Array(200_000), declaredBytes: 1000 }]));
  const [entry] = await listZipEntries(liar);
  await assert.rejects(readZipEntry(liar, entry), refused(/inflates past its declared size/));
});

test('declared sizes over the limits, truncated and non-zip files are refused with a reason', async () => {
  const big = write('big.zip', buildZip([{ name: 'huge.dcm', data: new Uint8Array(10), declaredBytes: 0xfffffff0 }]));
  await assert.rejects(listZipEntries(big), refused(/more than the \d+ accepted/));
  const whole = buildZip([{ name: 'a.dcm', data: Buffer.from('abc'.repeat(50)) }]);
  await assert.rejects(listZipEntries(write('cut.zip', whole.subarray(0, whole.length - 30))), refused(/table of contents/));
  await assert.rejects(listZipEntries(write('text.zip', Buffer.from('this is not an archive at all, just some text'))), refused(/table of contents/));
  const damaged = Buffer.from(whole);
  damaged[40] ^= 0xff; // inside the deflated data
  const path = write('damaged.zip', damaged);
  const [entry] = await listZipEntries(path);
  await assert.rejects(readZipEntry(path, entry), (e) => isKrpError(e) && e.code === 'dicom.zip-unreadable');
});
