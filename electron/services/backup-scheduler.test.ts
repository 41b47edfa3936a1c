/**
 * Scheduled backups on an injected clock: nothing without a folder; the first check backs up,
 * the next only after the interval; the newest K automatic backups are kept; a missing folder is a
 * failure shown in the settings and recorded in the audit trail, retried within the hour.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readAppSettings, updateAppSettings } from './app-settings';
import { AUTO_PREFIX, BackupScheduler } from './backup-scheduler';
import { seedCompletePatient, TEST_ACTOR } from './record/record-fixtures';
import { RecordStore } from './record/record-store';

test('automatic backups: due by the schedule, recorded, pruned to the newest K; a failure is shown and logged', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-auto-backup-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const clock = { now: Date.parse('2025-06-01T09:00:00Z') };
  mkdirSync(join(dir, 'data'));
  const store = RecordStore.open(join(dir, 'data', 'krp.sqlite3'), { actor: TEST_ACTOR, now: () => clock.now });
  t.after(() => store.close());
  seedCompletePatient(store, 1);
  const settingsPath = join(dir, 'data', 'settings.json');
  const seen: boolean[] = [];
  const scheduler = new BackupScheduler({ settingsPath, target: () => store, now: () => clock.now, onStatus: (s) => seen.push(s.ok) });

  assert.equal(await scheduler.tick(), null, 'no folder: automatic backups are off');
  const folder = join(dir, 'backups');
  mkdirSync(folder);
  updateAppSettings(settingsPath, { autoBackup: { folder, intervalHours: 24, keep: 2 } });

  const first = await scheduler.tick();
  assert.equal(first?.ok, true, first?.message ?? '');
  assert.ok(existsSync(join(first!.path, 'manifest.json')));
  assert.deepEqual(readAppSettings(settingsPath).lastAutoBackup, first);
  const entry = store.listAudit({ limit: 1 })[0]!;
  assert.deepEqual([entry.action, (entry.after as { scheduled?: boolean }).scheduled], ['backup', true]);

  clock.now += 23 * 3_600_000;
  assert.equal(await scheduler.tick(), null, 'not yet due');
  for (let i = 0; i < 3; i++) {
    clock.now += 24 * 3_600_000;
    assert.equal((await scheduler.tick())?.ok, true);
  }
  const kept = readdirSync(folder).filter((n) => n.startsWith(AUTO_PREFIX)).sort();
  assert.equal(kept.length, 2, `kept: ${kept.join(', ')}`);
  assert.equal(kept[1], 'krp-auto-20250605T080000Z', 'the newest: 09:00 + 23 h + 3 × 24 h, in UTC');
  assert.equal(kept[0], 'krp-auto-20250604T080000Z');

  // The drive is gone: a failure, recorded and shown; retried within the hour, not after a day.
  rmSync(folder, { recursive: true, force: true });
  clock.now += 24 * 3_600_000;
  const failed = await scheduler.tick();
  assert.equal(failed?.ok, false);
  assert.match(failed?.message ?? '', /does not exist/);
  assert.equal(readAppSettings(settingsPath).lastAutoBackup?.ok, false);
  assert.equal(store.listAudit({ limit: 1 })[0]!.action, 'backup-failed');
  clock.now += 30 * 60_000;
  assert.equal(await scheduler.tick(), null);
  mkdirSync(folder);
  clock.now += 31 * 60_000;
  assert.equal((await scheduler.tick())?.ok, true);
  assert.deepEqual(seen, [true, true, true, true, false, true]);
  assert.equal(store.verifyAudit().ok, true);
});
