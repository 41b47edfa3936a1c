/** On quit: analyses cancelled, pending writes finish, then the database closes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isKrpError } from '../../shared/errors';
import { QuitCoordinator } from './quit-coordinator';

test('pending writes finish before close; analyses are cancelled; new work is refused', async () => {
  const q = new QuitCoordinator();
  const events: string[] = [];
  let release!: () => void;
  const write = q.track(() => new Promise<string>((r) => { release = () => { events.push('write done'); r('saved'); }; }));
  const unregister = q.registerAnalysis({ cancel: () => { events.push('analysis cancelled'); setTimeout(() => release(), 20); } });
  assert.equal(q.pendingCount, 1);
  const settled = await q.shutdown(() => { events.push('closed'); });
  assert.equal(settled, true);
  assert.equal(await write, 'saved');
  assert.deepEqual(events, ['analysis cancelled', 'write done', 'closed']);
  unregister();
  await assert.rejects(q.track(() => 1), (e: unknown) => isKrpError(e) && (e as { code: string }).code === 'app.quitting');
});

test('a failed write still lets quit proceed; a stuck one times out and close still runs', async () => {
  const q = new QuitCoordinator();
  const failed = q.track(() => { throw new Error('disk full'); });
  await assert.rejects(failed, /disk full/);
  assert.equal(q.pendingCount, 0);
  q.track(() => new Promise(() => undefined)).catch(() => undefined);
  let closed = false;
  assert.equal(await q.shutdown(() => { closed = true; }, 50), false);
  assert.equal(closed, true);
});
