import assert from 'node:assert/strict';
import { test } from 'node:test';
import { criteriaCounts } from './chart-header';

test('the criteria summary counts met, not met and not recorded, in that order, leaving out zeros', () => {
  const c = (status: 'met' | 'not-met' | 'unknown') => ({ status });
  assert.deepEqual(criteriaCounts([c('unknown'), c('met'), c('met'), c('met'), c('met')]), [{ status: 'met', count: 4 }, { status: 'unknown', count: 1 }]);
  assert.deepEqual(criteriaCounts([c('not-met'), c('met')]), [{ status: 'met', count: 1 }, { status: 'not-met', count: 1 }]);
  assert.deepEqual(criteriaCounts([]), []);
});
