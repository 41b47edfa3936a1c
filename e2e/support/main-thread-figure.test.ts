import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeFigure, mainThreadFigure } from './main-thread-figure';

test('only long tasks that began during the analysis count; share is blocked time over its wall time', () => {
  const tasks = [{ start: 90, duration: 400 }, { start: 100, duration: 60 }, { start: 500, duration: 120 }, { start: 1100, duration: 80 }];
  const f = mainThreadFigure(tasks, 100, 1100);
  assert.deepEqual(f, { analysisMs: 1000, count: 2, longestMs: 120, blockedMs: 180, blockedShare: 0.18 });
  assert.equal(describeFigure(f), 'main-thread blocks during the analysis: 2 long task(s), longest 120 ms, 180 ms blocked of 1000 ms (18.0 %)');
  assert.deepEqual(mainThreadFigure([], 5, 5), { analysisMs: 0, count: 0, longestMs: 0, blockedMs: 0, blockedShare: 0 });
});
