/** The one number formatter: fixed decimals, true minus, honest percentages and p-values. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MINUS, count, fixed, formatP, formatZ, percent, percentDecimalsFor, signed, trueMinus } from './numbers';

test('z values keep two decimals and use the true minus sign', () => {
  assert.equal(formatZ(0.4), '0.40');
  assert.equal(formatZ(-0.06), `${MINUS}0.06`);
  assert.equal(formatZ(0.125), '0.13'); // half away from zero as Intl rounds
  assert.equal(formatZ(1.5, 'ja'), '1.50');
  assert.ok(!formatZ(-0.3).includes('-'), 'no hyphen-minus');
});

test('a value that rounds to zero carries no sign; non-finite values show a dash', () => {
  assert.equal(fixed(-0.001, 2), '0.00');
  assert.equal(fixed(-0.004, 0), '0');
  assert.equal(fixed(Number.NaN, 2), '—');
  assert.equal(fixed(Number.POSITIVE_INFINITY, 1), '—');
});

test('fixed decimals and grouping follow the requested digits', () => {
  assert.equal(fixed(12345.678, 1), '12,345.7');
  assert.equal(fixed(12345.678, 1, 'ja', false), '12345.7');
  assert.equal(fixed(2, 3), '2.000');
  assert.equal(count(10000, 'ja'), '10,000');
});

test('signed values show + for positive, the true minus for negative, nothing for zero', () => {
  assert.equal(signed(3.2, 1), '+3.2');
  assert.equal(signed(-3.2, 1), `${MINUS}3.2`);
  assert.equal(signed(0.01, 1), '0.0');
});

test('percentages are rounded to what the number of patients supports', () => {
  assert.equal(percentDecimalsFor(14), 0);
  assert.equal(percentDecimalsFor(999), 0);
  assert.equal(percentDecimalsFor(1000), 1);
  assert.equal(percent(57.14, percentDecimalsFor(14)), '57%');
  assert.equal(percent(-12.34, 1), `${MINUS}12.3%`);
  assert.equal(percent(Number.NaN), '—');
});

test('p-values never read p = 0.0000', () => {
  assert.equal(formatP(0.00001), 'p < 0.001');
  assert.equal(formatP(0), 'p < 0.001');
  assert.equal(formatP(0.0042), 'p = 0.004');
  assert.equal(formatP(0.049), 'p = 0.05');
  assert.equal(formatP(0.25), 'p = 0.25');
  assert.equal(formatP(0.999), 'p > 0.99');
  assert.equal(formatP(Number.NaN), 'p = —');
  assert.equal(formatP(1.2), 'p = —');
});

test('trueMinus turns hyphen-like signs before digits into U+2212 and leaves words alone', () => {
  assert.equal(trueMinus('-0.06 to -1'), `${MINUS}0.06 to ${MINUS}1`);
  assert.equal(trueMinus('KET-200'), 'KET-200');
  assert.equal(trueMinus('(-2.5, 1)'), `(${MINUS}2.5, 1)`);
  assert.equal(trueMinus('well-known'), 'well-known');
  assert.equal(trueMinus('\uFF0D3'), `${MINUS}3`);
});
