/**
 * The seeded fuzz corpus: 500 mutated images, each analysed with a per-case watchdog (a hang
 * counts as a failure) in a heap-limited worker: every outcome must be a coded refusal or a
 * correct result — 0 crashes, 0 hangs, 0 wrongly accepted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runFuzz } from './fuzz-runner';

test('fuzz: 500 hostile images → only coded refusals or correct results', { timeout: 1_800_000 }, async () => {
  const outcome = await runFuzz({ count: 500, seed: 20261202, caseTimeoutMs: 60_000 });
  assert.equal(outcome.cases, 500);
  assert.deepEqual(outcome.crashes, [], 'crashes');
  assert.deepEqual(outcome.hangs, [], 'hangs');
  assert.deepEqual(outcome.wrongAccepted, [], 'wrongly accepted');
  // Every kind of mutation was exercised, and both refusals and results occurred.
  assert.ok(outcome.refused > 200 && outcome.accepted > 50, JSON.stringify(outcome.codes));
});
