import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkEligibility, type EligibilityInput } from './eligibility';

const ALL_MET: EligibilityInput = {
  painDurationMonths: 12, psychiatricHistory: false, abnormalMri: false, baselineNrs: 7,
  scanAcquiredAt: '2025-03-01', infusionStartedAt: '2025-03-04T10:00', minutesFromScan: null,
};
const status = (input: EligibilityInput, id: string) => checkEligibility(input).criteria.find((c) => c.id === id)?.status;

test('every criterion met gives overall met', () => {
  const e = checkEligibility(ALL_MET);
  assert.equal(e.criteria.length, 5);
  assert.ok(e.criteria.every((c) => c.status === 'met'));
  assert.equal(e.overall, 'met');
});

test('pain duration edge: 3 months met, 2.9 not met', () => {
  assert.equal(status({ ...ALL_MET, painDurationMonths: 3 }, 'pain-duration'), 'met');
  assert.equal(status({ ...ALL_MET, painDurationMonths: 2.9 }, 'pain-duration'), 'not-met');
});

test('baseline NRS edge: 3 met, 2 not met', () => {
  assert.equal(status({ ...ALL_MET, baselineNrs: 3 }, 'baseline-nrs'), 'met');
  assert.equal(status({ ...ALL_MET, baselineNrs: 2 }, 'baseline-nrs'), 'not-met');
});

test('exclusion flags: true is not met, null is unknown', () => {
  const e = checkEligibility({ ...ALL_MET, psychiatricHistory: true });
  assert.equal(e.overall, 'not-met');
  const u = checkEligibility({ ...ALL_MET, abnormalMri: null });
  assert.equal(status({ ...ALL_MET, abnormalMri: null }, 'no-abnormal-mri'), 'unknown');
  assert.equal(u.overall, 'unknown');
});

test('fMRI before infusion: dates, times, same day without time, minutes from scan', () => {
  assert.equal(status({ ...ALL_MET, scanAcquiredAt: '2025-03-05' }, 'fmri-before-infusion'), 'not-met');
  assert.equal(status({ ...ALL_MET, scanAcquiredAt: '2025-03-04' }, 'fmri-before-infusion'), 'unknown');
  assert.equal(status({ ...ALL_MET, scanAcquiredAt: '2025-03-04T09:00' }, 'fmri-before-infusion'), 'met');
  assert.equal(status({ ...ALL_MET, scanAcquiredAt: '2025-03-04T11:00' }, 'fmri-before-infusion'), 'not-met');
  assert.equal(status({ ...ALL_MET, scanAcquiredAt: '2025-03-04', minutesFromScan: 90 }, 'fmri-before-infusion'), 'met');
  assert.equal(status({ ...ALL_MET, scanAcquiredAt: null }, 'fmri-before-infusion'), 'unknown');
});

test('any not-met wins over unknown', () => {
  assert.equal(checkEligibility({ ...ALL_MET, baselineNrs: null, painDurationMonths: 1 }).overall, 'not-met');
});
