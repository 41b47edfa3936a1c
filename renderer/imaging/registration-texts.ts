/**
 * The registration and motion figures of a preprocessing summary as the physician reads them, in
 * one place for the registration check of a stored analysis and for the findings of a refused run.
 */
import type { PreprocessingSummary } from '../../shared/imaging/preprocessing-types';
import type { I18n } from '../i18n/i18n';
import type { NumberFormat } from '../number-format';

export interface RegistrationTexts {
  agreement: string;
  /** Null when the summary has no tissue agreement (made before it existed, or not computable). */
  tissueAgreement: string | null;
  roiCoverage: string;
  brainCoverage: string;
  via: string;
  motion: string;
}

export function registrationTexts(summary: PreprocessingSummary, t: I18n['t'], f: NumberFormat): RegistrationTexts {
  const reg = summary.registration;
  const motion = summary.realignment;
  const pct = (v: number) => f.percent(v * 100);
  return {
    agreement: t('reg.agreementValue', { value: f.fixed(reg.agreement, 2), threshold: f.fixed(reg.agreementThreshold, 2) }),
    tissueAgreement: reg.tissueAgreement === undefined || reg.tissueAgreement === null ? null
      : t('reg.tissueAgreementValue', { value: f.fixed(reg.tissueAgreement, 2), threshold: f.fixed(reg.tissueAgreementThreshold ?? 0, 2) }),
    roiCoverage: t('reg.roiCoverageValue', { mpfc: pct(reg.roiCoverage.mpfc), precuneus: pct(reg.roiCoverage.precuneus), threshold: pct(reg.roiCoverageThreshold) }),
    brainCoverage: pct(reg.brainCoverage),
    via: t(reg.via === 't1' ? 'reg.via.t1' : 'reg.via.epi'),
    motion: t('motion.summary', {
      trans: f.fixed(motion.maxTranslationMm, 2), rot: f.fixed(motion.maxRotationDeg, 2),
      fd: f.fixed(motion.meanFdMm, 2), maxFd: f.fixed(motion.maxFdMm, 2),
    }),
  };
}
