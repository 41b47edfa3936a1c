/**
 * What preprocessing found when the analysis was then refused (too few degrees of freedom, a
 * registration below threshold, an ROI outside the field of view): the registration check image,
 * its metrics and the head motion, for the physician to read. Nothing of it is stored; it lives
 * only in the job's end event.
 */
import type { PreprocessingFindings } from '../../shared/api-imaging';
import { useI18n } from '../i18n/i18n';
import { useNumberFormat } from '../number-format';
import { MotionChart } from './motion-chart';

export function RefusalFindings({ findings }: { findings: PreprocessingFindings }) {
  const { t } = useI18n();
  const f = useNumberFormat();
  const summary = findings.summary;
  const pct = (v: number) => f.percent(v * 100);
  return (
    <section className="card registration-check refused" data-testid="refusal-findings" aria-labelledby="refused-title">
      <h2 id="refused-title">{t('reg.refusedTitle')}</h2>
      <p className="muted">{t('reg.refusedIntro')}</p>
      {findings.registrationImageBase64 ? (
        <img className="registration-image" src={`data:image/png;base64,${findings.registrationImageBase64}`} alt={t('reg.imageAlt')} data-testid="refusal-registration-image" />
      ) : null}
      {summary ? (
        <>
          <dl className="facts">
            <div><dt>{t('reg.agreement')}</dt><dd data-testid="refusal-agreement">{t('reg.agreementValue', { value: f.fixed(summary.registration.agreement, 2), threshold: f.fixed(summary.registration.agreementThreshold, 2) })}</dd></div>
            {summary.registration.tissueAgreement !== undefined && summary.registration.tissueAgreement !== null ? (
              <div><dt>{t('reg.tissueAgreement')}</dt><dd data-testid="refusal-tissue-agreement">{t('reg.tissueAgreementValue', { value: f.fixed(summary.registration.tissueAgreement, 2), threshold: f.fixed(summary.registration.tissueAgreementThreshold ?? 0, 2) })}</dd></div>
            ) : null}
            <div><dt>{t('reg.roiCoverage')}</dt><dd>{t('reg.roiCoverageValue', { mpfc: pct(summary.registration.roiCoverage.mpfc), precuneus: pct(summary.registration.roiCoverage.precuneus), threshold: pct(summary.registration.roiCoverageThreshold) })}</dd></div>
            <div><dt>{t('reg.via')}</dt><dd>{t(summary.registration.via === 't1' ? 'reg.via.t1' : 'reg.via.epi')}</dd></div>
          </dl>
          <h3>{t('motion.title')}</h3>
          <p className="muted" data-testid="refusal-motion-summary">{t('motion.summary', {
            trans: f.fixed(summary.realignment.maxTranslationMm, 2), rot: f.fixed(summary.realignment.maxRotationDeg, 2),
            fd: f.fixed(summary.realignment.meanFdMm, 2), maxFd: f.fixed(summary.realignment.maxFdMm, 2),
          })}</p>
          {summary.motion ? <MotionChart parameters={summary.motion.parameters} fdMm={summary.motion.fdMm} trSeconds={summary.trSeconds} outlierScans={[]} dropped={0} /> : null}
        </>
      ) : null}
    </section>
  );
}
