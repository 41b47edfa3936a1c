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
import { registrationTexts } from './registration-texts';

export function RefusalFindings({ findings }: { findings: PreprocessingFindings }) {
  const { t } = useI18n();
  const f = useNumberFormat();
  const summary = findings.summary;
  const texts = summary ? registrationTexts(summary, t, f) : null;
  return (
    <section className="card registration-check refused" data-testid="refusal-findings" aria-labelledby="refused-title">
      <h2 id="refused-title">{t('reg.refusedTitle')}</h2>
      <p className="muted">{t('reg.refusedIntro')}</p>
      {findings.registrationImageBase64 ? (
        <img className="registration-image" src={`data:image/png;base64,${findings.registrationImageBase64}`} alt={t('reg.imageAlt')} data-testid="refusal-registration-image" />
      ) : null}
      {summary && texts ? (
        <>
          <dl className="facts">
            <div><dt>{t('reg.agreement')}</dt><dd data-testid="refusal-agreement">{texts.agreement}</dd></div>
            {texts.tissueAgreement !== null ? (
              <div><dt>{t('reg.tissueAgreement')}</dt><dd data-testid="refusal-tissue-agreement">{texts.tissueAgreement}</dd></div>
            ) : null}
            <div><dt>{t('reg.roiCoverage')}</dt><dd>{texts.roiCoverage}</dd></div>
            <div><dt>{t('reg.via')}</dt><dd>{texts.via}</dd></div>
          </dl>
          <h3>{t('motion.title')}</h3>
          <p className="muted" data-testid="refusal-motion-summary">{texts.motion}</p>
          {summary.motion ? <MotionChart parameters={summary.motion.parameters} fdMm={summary.motion.fdMm} trSeconds={summary.trSeconds} outlierScans={[]} dropped={0} /> : null}
        </>
      ) : null}
    </section>
  );
}
