import assert from 'node:assert/strict';
import { test } from 'node:test';
import { daysFromScan } from './report-deid';

test('days from the scan count calendar days, across months and years', () => {
  assert.equal(daysFromScan('2025-05-01', '2025-05-01T10:00'), 0);
  assert.equal(daysFromScan('2025-05-01T08:00', '2025-05-03T07:00'), 2);
  assert.equal(daysFromScan('2024-12-31', '2025-03-01T09:00'), 60);
  assert.equal(daysFromScan('2025-05-10', '2025-05-01'), -9);
  assert.equal(daysFromScan('x', '2025-05-01'), null);
});
