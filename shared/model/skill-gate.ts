/**
 * The skill gate (issue 12): counting patients is not enough. An individual number is given only
 * when the site's own data have shown that z predicts relief in the published direction and that
 * the predictions are calibrated out of sample. Thresholds live in SKILL_GATE; the rule and why are
 * in docs/response-model.md.
 */
import type { EstimateReason } from './gating';
import { PUBLISHED_STUDY } from './published-study';

export const SKILL_GATE = {
  /** The 95 % CI of the site r must lie entirely on the published side of 0 (the study's r is negative). */
  direction: Math.sign(PUBLISHED_STUDY.r) as -1 | 1,
  /** Leave-one-out calibration slope (observed on predicted) must lie in this closed range. */
  calibrationSlopeMin: 0.5,
  calibrationSlopeMax: 2,
} as const;

/** What the skill gate looks at: the site r's CI and the LOO calibration slope (null when not computable). */
export type SkillEvidence = {
  r: number | null;
  rCi95: [number, number] | null;
  looCalibrationSlope: number | null;
};

/** The failed skill conditions, as gate reasons; empty when the model has shown skill. */
export function skillGateReasons(evidence: SkillEvidence): EstimateReason[] {
  const reasons: EstimateReason[] = [];
  const { r, rCi95, looCalibrationSlope: slope } = evidence;
  const dir = SKILL_GATE.direction;
  const ci = rCi95 ? `r = ${fix(r, 2)}, 95 % CI ${fix(rCi95[0], 2)} to ${fix(rCi95[1], 2)}` : `r = ${fix(r, 2)}, no CI`;
  if (r === null || rCi95 === null || !(dir < 0 ? rCi95[1] < 0 : rCi95[0] > 0)) {
    const opposite = rCi95 !== null && (dir < 0 ? rCi95[0] > 0 : rCi95[1] < 0);
    reasons.push(opposite
      ? { code: 'skill-r-opposite-direction', kind: 'gate',
          message: `At this site connectivity went with relief in the direction opposite to the published study (${ci}): the model has no skill in the published direction, so no individual number is given.` }
      : { code: 'skill-r-includes-zero', kind: 'gate',
          message: `The site's correlation does not exclude zero (${ci}): the site data have not shown that connectivity predicts relief, so no individual number is given.` });
  }
  if (slope === null) {
    reasons.push({ code: 'skill-validation-unavailable', kind: 'gate',
      message: 'The leave-one-out calibration slope could not be computed: the model has not been validated out of sample, so no individual number is given.' });
  } else if (!(slope >= SKILL_GATE.calibrationSlopeMin && slope <= SKILL_GATE.calibrationSlopeMax)) {
    reasons.push({ code: 'skill-calibration-out-of-range', kind: 'gate',
      message: `The leave-one-out calibration slope is ${fix(slope, 2)} (acceptable ${SKILL_GATE.calibrationSlopeMin} to ${SKILL_GATE.calibrationSlopeMax}; ideal 1): out-of-sample predictions are not calibrated, so no individual number is given.` });
  }
  return reasons;
}

function fix(value: number | null, digits: number): string {
  return value === null ? '—' : value.toFixed(digits);
}
