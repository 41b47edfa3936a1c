/**
 * The registration check of an analysis preprocessed in the app, shown before its result: the
 * stored PNG (normalized mean image, MNI template outlines, the two ROIs, three planes), the
 * numeric agreement with the template (brain-mask Dice, the gross-failure refusal, and the finer
 * tissue agreement η², flagged for a close look when low), whether the nonlinear refinement ran,
 * the ROIs' coverage by the field of view, the head
 * motion over time, and a way to reject the analysis with a reason (its scan leaves the chart,
 * kept in the audit trail).
 */
import { useEffect, useState } from 'react';
import type { Analysis } from '../../shared/record/types';
import { krp } from '../bridge';
import { problemText, type Problem } from '../error-text';
import { useI18n } from '../i18n/i18n';
import { useNumberFormat } from '../number-format';
import { ReasonForm } from '../components/reason-form';
import { MotionChart } from './motion-chart';
import { registrationTexts } from './registration-texts';

export function RegistrationCheck(props: { analysis: Analysis; onRejected(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const f = useNumberFormat();
  const summary = props.analysis.provenance.preprocessing ?? null;
  const hasImage = (props.analysis.provenance.registrationImage ?? null) !== null;
  const [src, setSrc] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [rejecting, setRejecting] = useState(false);

  useEffect(() => {
    setSrc(null);
    if (!hasImage) return;
    let live = true;
    krp().imaging.image({ analysisId: props.analysis.id, kind: 'registration' })
      .then((image) => { if (live) setSrc(`data:image/png;base64,${image.base64}`); })
      .catch((e: unknown) => { if (live) setProblem({ error: e }); });
    return () => { live = false; };
  }, [props.analysis.id, hasImage]);

  if (summary === null) return null;
  const reg = summary.registration;
  const texts = registrationTexts(summary, t, f);

  const reject = async (why: string) => {
    await krp().imaging.reject({ analysisId: props.analysis.id, reason: why });
    setRejecting(false);
    props.onRejected();
  };

  return (
    <section className="card registration-check" data-testid="registration-check" aria-labelledby="reg-title">
      <h2 id="reg-title">{t('reg.title')}</h2>
      <p className="muted">{t('reg.intro')}</p>
      {src ? <img className="registration-image" src={src} alt={t('reg.imageAlt')} data-testid="registration-image" /> : null}
      <dl className="facts" data-testid="registration-metrics">
        <div><dt>{t('reg.agreement')}</dt><dd data-testid="registration-agreement">{texts.agreement}</dd></div>
        {reg.tissueAgreement !== undefined ? (
          <div>
            <dt>{t('reg.tissueAgreement')}</dt>
            <dd data-testid="registration-tissue-agreement">
              {texts.tissueAgreement ?? '—'}
              <div className="hint">{t('reg.tissueAgreementHint')}</div>
              {reg.tissueAgreement !== null && reg.tissueAgreementThreshold !== undefined && reg.tissueAgreement < reg.tissueAgreementThreshold
                ? <div className="warning" role="status" data-testid="registration-tissue-low">{t('reg.tissueAgreementLow')}</div> : null}
            </dd>
          </div>
        ) : null}
        <div><dt>{t('reg.roiCoverage')}</dt><dd data-testid="registration-roi-coverage">{texts.roiCoverage}</dd></div>
        <div><dt>{t('reg.brainCoverage')}</dt><dd>{texts.brainCoverage}</dd></div>
        <div><dt>{t('reg.via')}</dt><dd>{texts.via}
          {reg.via === 'epi' ? <div className="hint" data-testid="registration-via-epi-caution">{t('reg.via.epiCaution')}</div> : null}</dd></div>
        <div><dt>{t('reg.nonlinear')}</dt><dd data-testid="registration-nonlinear">{reg.nonlinear
          ? t('reg.nonlinear.on', { mean: f.fixed(reg.nonlinear.meanDisplacementMm, 1), max: f.fixed(reg.nonlinear.maxDisplacementMm, 1) })
          : t(reg.nonlinearRequested ? 'reg.nonlinear.noT1' : 'reg.nonlinear.off')}</dd></div>
        <div><dt>{t('reg.sliceTiming')}</dt><dd>{t(summary.sliceTiming.applied ? 'reg.sliceTiming.on' : 'reg.sliceTiming.off')}</dd></div>
      </dl>
      <h3>{t('motion.title')}</h3>
      <p className="muted" data-testid="motion-summary">{texts.motion}</p>
      {summary.motion ? (
        <MotionChart parameters={summary.motion.parameters} fdMm={summary.motion.fdMm} trSeconds={summary.trSeconds}
          outlierScans={props.analysis.qc.outlierScans} dropped={props.analysis.qc.volumes.dropped} />
      ) : null}
      {problem ? <p className="error" role="alert">{problemText(problem, i18n)}</p> : null}
      {rejecting ? (
        <ReasonForm idSuffix="reject" purpose="reject" testId="reject-form" title={t('reg.rejectReason')} hint={t('reg.rejectNote')}
          confirmLabel={t('reg.rejectConfirm')} confirmClass="danger" confirmTestId="reject-confirm"
          act={reject} onCancel={() => setRejecting(false)} />
      ) : (
        <div className="actions"><button type="button" onClick={() => setRejecting(true)} data-testid="reject-analysis">{t('reg.reject')}</button></div>
      )}
    </section>
  );
}
