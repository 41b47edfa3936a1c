/**
 * The response estimate as the physician sees it, and the model's metrics. The number never
 * appears alone: the predicted % reduction is shown only together with its 95 % prediction
 * interval, P(responder), the model's n and version, and the research-use notice in Japanese and
 * English. When withheld: why, where the patient's z sits among the site's patients, and the
 * published direction.
 */
import type { CohortView } from '../../shared/api-imaging';
import { GATING, RESEARCH_USE_NOTICE_EN, RESEARCH_USE_NOTICE_JA, type EstimateReason, type ResponseEstimate } from '../../shared/model';
import { en, type MessageKey } from '../i18n/catalog-en';
import { useI18n, type I18n } from '../i18n/i18n';
import { useNumberFormat } from '../number-format';

/** The notice in both languages (always both, whatever the UI language). */
export function ResearchNotice() {
  return (
    <div className="research-notice" data-testid="research-notice" role="note">
      <p lang="ja">{RESEARCH_USE_NOTICE_JA}</p>
      <p lang="en">{RESEARCH_USE_NOTICE_EN}</p>
    </div>
  );
}

type Counts = { n: number; responders: number; nonResponders: number; excluded: { otherSettings: number; treatedLater?: number } };

/** A reason in the current language (catalogue text per code, the model's English otherwise). */
export function reasonText(reason: EstimateReason, counts: Counts, i18n: I18n): string {
  const key = `reason.${reason.code}` as MessageKey;
  if (!(key in en)) return reason.message;
  return i18n.t(key, {
    n: counts.n, responders: counts.responders, nonResponders: counts.nonResponders, count: counts.excluded.otherSettings,
    min: GATING.minPatients, minClass: GATING.minResponders, full: GATING.fullEstimateFromPatients,
    ...(reason.code === 'excluded-treated-later' ? { count: counts.excluded.treatedLater ?? 0 } : {}),
  });
}

function countsOf(estimate: ResponseEstimate): Counts {
  return { n: estimate.n, responders: estimate.calibration.responders, nonResponders: estimate.calibration.nonResponders, excluded: estimate.calibration.excluded };
}

export function EstimateCard({ estimate, frozenAt = null }: { estimate: ResponseEstimate; frozenAt?: string | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const f = useNumberFormat();
  /** Predictions carry the precision their n supports (whole percent below 1000 patients). */
  const pct = (v: number) => f.percent(v, estimate.n);
  const counts = countsOf(estimate);
  const shown = (estimate.status === 'estimate' || estimate.status === 'provisional') && estimate.predictedReductionPct !== null && estimate.pi95 !== null && estimate.pResponder !== null;
  const gates = estimate.reasons.filter((r) => r.kind !== 'caveat' && r.code !== 'provisional-sample');
  const caveats = estimate.reasons.filter((r) => r.kind === 'caveat' || r.code === 'provisional-sample');
  return (
    <section className={`card estimate ${shown ? 'shown' : 'withheld'}`} data-testid="estimate-card" data-status={estimate.status} aria-labelledby="estimate-title">
      <h2 id="estimate-title">{t('estimate.title')} {estimate.status === 'provisional' ? <span className="badge pending" data-testid="provisional">{t('estimate.provisional')}</span> : null}</h2>
      {shown ? (
        <div className="estimate-numbers">
          <div className="big"><span className="label">{t('estimate.predicted')}</span><strong data-testid="estimate-predicted">{pct(estimate.predictedReductionPct!)}</strong></div>
          <div className="interval" data-testid="estimate-interval">{t('estimate.interval', { low: pct(estimate.pi95![0]), high: pct(estimate.pi95![1]) })}</div>
          <div className="big"><span className="label">{t('estimate.pResponder')}</span><strong data-testid="estimate-presponder">{pct(estimate.pResponder! * 100)}</strong></div>
        </div>
      ) : (
        <div className="withheld-body" data-testid="estimate-withheld">
          <p className="withheld-title"><strong>{t(estimate.status === 'cannot-estimate' ? 'estimate.cannot' : 'estimate.withheld')}</strong></p>
          <ul>{gates.map((r) => <li key={r.code}>{reasonText(r, counts, i18n)}</li>)}</ul>
          {estimate.percentile !== null ? (
            <p data-testid="estimate-percentile">{t('estimate.percentile', { z: f.z(estimate.patientZ), pct: f.fixed(estimate.percentile, 0), n: estimate.n })}</p>
          ) : null}
          <p className="published-direction"><span className="label">{t('estimate.publishedDirection')}</span>{estimate.published.direction[i18n.language]}</p>
        </div>
      )}
      <p className="model-line" data-testid="estimate-status">{t('estimate.status', { status: t(`cohort.status.${estimate.status}` as MessageKey) })}</p>
      {frozenAt !== null ? <p className="muted" data-testid="estimate-frozen">{t('estimate.frozen', { time: i18n.dateTime(frozenAt) })}</p> : null}
      <p className="muted model-line" data-testid="estimate-model">{t('estimate.model', { id: estimate.model.id, n: estimate.n, responders: counts.responders, nonResponders: counts.nonResponders })}</p>
      {caveats.length > 0 ? (
        <div className="caveats"><span className="label">{t('estimate.reasons')}</span><ul>{caveats.map((r) => <li key={r.code}>{reasonText(r, counts, i18n)}</li>)}</ul></div>
      ) : null}
      <ResearchNotice />
    </section>
  );
}

/**
 * Whether the fitted line (and band) may be shown: only when estimates are shown, so a withheld
 * estimate cannot be read off the chart.
 */
export function lineShown(cohort: CohortView): boolean {
  return cohort.status === 'estimate' || cohort.status === 'provisional';
}

/** Model metrics beside the scatter: n, status, line, site vs published r, LOO validation. */
export function ModelMetrics({ cohort }: { cohort: CohortView }) {
  const i18n = useI18n();
  const { t } = i18n;
  const f = useNumberFormat();
  /** Fixed decimals (0.40, −0.06: trailing zeros kept), a dash when absent. */
  const num = (v: number | null | undefined, d = 2) => (v === null || v === undefined ? t('common.none') : f.fixed(v, d));
  /** A p value with its relation sign, as the formatter writes it: "= 0.08", "< 0.001" (never "= 0.0000"; no line break inside). */
  const p = (v: number) => f.p(v).replace(/^p\s*/, '').replace(' ', '\u00a0');
  const v = cohort.validation;
  return (
    <section className="card metrics" data-testid="model-metrics" aria-labelledby="metrics-title">
      <h2 id="metrics-title">{t('cohort.metrics')}</h2>
      <dl className="metric-list">
        <div><dt>{t('cohort.n')}</dt><dd data-testid="cohort-n">{cohort.n}</dd></div>
        <div><dt>{t('cohort.split')}</dt><dd>{cohort.responders} / {cohort.nonResponders}</dd></div>
        <div><dt>{t('cohort.status')}</dt><dd data-testid="cohort-status">{t(`cohort.status.${cohort.status}` as MessageKey)}</dd></div>
        <div><dt>{t('cohort.slope')}</dt><dd>{lineShown(cohort) && cohort.slope !== null && cohort.intercept !== null
          ? t('cohort.slopeValue', { intercept: num(cohort.intercept, 1), sign: cohort.slope < 0 ? '\u2212' : '+', slope: num(Math.abs(cohort.slope), 1) }) : t('common.none')}</dd></div>
        <div><dt>{t('cohort.siteR')}</dt><dd data-testid="site-r">{cohort.site ? t('cohort.siteRValue', {
          r: num(cohort.site.r), low: num(cohort.site.ci95?.[0]), high: num(cohort.site.ci95?.[1]), p: p(cohort.site.p),
        }) : t('common.none')}</dd></div>
        <div><dt>{t('cohort.publishedR')}</dt><dd data-testid="published-r">{t('cohort.publishedRValue', {
          r: num(cohort.published.r), low: num(cohort.published.ci95[0]), high: num(cohort.published.ci95[1]), n: cohort.published.n,
        })}</dd></div>
        <div><dt>{t('cohort.difference')}</dt><dd>{cohort.site?.differenceFromPublished ? t('cohort.differenceValue', { p: p(cohort.site.differenceFromPublished.p) }) : t('common.none')}</dd></div>
      </dl>
      <h3>{t('cohort.loo')}</h3>
      {v === null ? <p className="hint" data-testid="loo-hidden">{t('cohort.looHidden', { min: GATING.minPatients })}</p> : (
      <dl className="metric-list" data-testid="loo-metrics">
        <div><dt>{t('cohort.looR')}</dt><dd>{num(v?.r)}</dd></div>
        <div><dt>{t('cohort.looMae')}</dt><dd>{v ? t('cohort.looMaeValue', { mae: num(v.mae, 1) }) : t('common.none')}</dd></div>
        <div><dt>{t('cohort.looAuc')}</dt><dd>{v?.auc !== null && v?.auc !== undefined ? `${num(v.auc)}${v.aucCi95 ? ` (${num(v.aucCi95[0])}–${num(v.aucCi95[1])})` : ''}` : t('common.none')}</dd></div>
        <div><dt>{t('cohort.looCalibration')}</dt><dd>{num(v?.calibrationSlope)} / {num(v?.calibrationIntercept, 1)}</dd></div>
      </dl>)}
      <p className="hint">{t('cohort.excluded', {
        noAnalysis: cohort.excluded.noAnalysis, otherSettings: cohort.excluded.otherSettings, missingNrs: cohort.excluded.missingNrs,
        baseline: cohort.excluded.baselineBelow3 + cohort.excluded.baselineZero,
      })}</p>
    </section>
  );
}
