import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ageInYears, compareInstants, isInFuture, minutesBetween, parseInstant, shiftIsoByDays } from './dates';

test('parses dates and date-times, refusing impossible calendar days', () => {
  assert.equal(parseInstant('2024-02-29')?.kind, 'date');
  assert.equal(parseInstant('2023-02-29'), null);
  assert.equal(parseInstant('2025-13-01'), null);
  assert.equal(parseInstant('2025-03-01T24:00'), null);
  assert.equal(parseInstant('01/03/2025'), null);
  assert.equal(parseInstant('2025-03-01T10:15')?.kind, 'datetime');
  assert.equal(parseInstant('2025-03-01T10:15:30Z')?.ms, Date.UTC(2025, 2, 1, 10, 15, 30));
  assert.equal(parseInstant('2025-03-01T10:15+09:00')?.ms, Date.UTC(2025, 2, 1, 1, 15));
});

test('future: a date after today, a date-time after now', () => {
  const now = new Date(2025, 5, 1, 12, 0).getTime(); // local 2025-06-01 12:00
  assert.equal(isInFuture(parseInstant('2025-06-01')!, now), false);
  assert.equal(isInFuture(parseInstant('2025-06-02')!, now), true);
  assert.equal(isInFuture(parseInstant('2025-06-01T11:59')!, now), false);
  assert.equal(isInFuture(parseInstant('2025-06-01T12:01')!, now), true);
});

test('ordering and minutes between', () => {
  const a = parseInstant('2025-03-01T09:00')!;
  const b = parseInstant('2025-03-01T10:30')!;
  assert.equal(compareInstants(a, b), -1);
  assert.equal(minutesBetween(a, b), 90);
  assert.equal(compareInstants(parseInstant('2025-03-01')!, b), null);
  assert.equal(compareInstants(parseInstant('2025-02-28')!, b), -1);
  assert.equal(minutesBetween(parseInstant('2025-03-01')!, b), null);
});

test('age: exact from a birth date, by calendar year from a birth year', () => {
  assert.equal(ageInYears(null, '1970-06-15', '2025-06-14'), 54);
  assert.equal(ageInYears(null, '1970-06-15', '2025-06-15'), 55);
  assert.equal(ageInYears(1970, null, '2025-01-01'), 55);
  assert.equal(ageInYears(null, null, '2025-01-01'), null);
});

test('date shift keeps form and crosses month and year ends', () => {
  assert.equal(shiftIsoByDays('2024-12-31T10:00', 1), '2025-01-01T10:00');
  assert.equal(shiftIsoByDays('2024-03-01', -1), '2024-02-29');
  assert.equal(shiftIsoByDays('2025-03-01T10:00:00Z', -365), '2024-03-01T10:00:00Z');
});
