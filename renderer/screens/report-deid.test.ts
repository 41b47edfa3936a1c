import assert from 'node:assert/strict';
import { test } from 'node:test';
import { daysFromScan, isOffProtocolDose } from './report-deid';

test('days from the scan count calendar days, across months and years', () => {
  assert.equal(daysFromScan('2025-05-01', '2025-05-01T10:00'), 0);
  assert.equal(daysFromScan('2025-05-01T08:00', '2025-05-03T07:00'), 2);
  assert.equal(daysFromScan('2024-12-31', '2025-03-01T09:00'), 60);
  assert.equal(daysFromScan('2025-05-10', '2025-05-01'), -9);
  assert.equal(daysFromScan('x', '2025-05-01'), null);
});

test('a UTC time the app recorded (e.g. when an estimate was shown) counts on its local day', () => {
  const shown = new Date(2025, 4, 3, 0, 30); // 00:30 local on 3 May
  assert.equal(daysFromScan('2025-05-01', shown.toISOString()), 2);
  const late = new Date(2025, 4, 2, 23, 30);
  assert.equal(daysFromScan('2025-05-01', late.toISOString()), 1);
});

test('a dose is off the protocol unless it is 0.3 mg/kg', () => {
  assert.equal(isOffProtocolDose(0.3), false);
  assert.equal(isOffProtocolDose(0.1 + 0.2), false, 'floating point noise is not a different dose');
  assert.equal(isOffProtocolDose(0.5), true);
  assert.equal(isOffProtocolDose(0.25), true);
});
