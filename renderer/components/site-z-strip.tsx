/**
 * The patient's z placed in the site's distribution (imaging tab): every other analysed, treated
 * patient of the site as a grey dot (chart.js strip plot), this patient as a vertical line, and
 * a sentence with the mid-rank percentile. The site's z come from `cohort.view` (the app's default
 * analysis settings); when this analysis used other settings the sentence says so.
 */
import { useEffect, useRef, useState } from 'react';
import type { Chart } from 'chart.js';
import type { CohortView } from '../../shared/api-imaging';
import { krp } from '../bridge';
import { CHART_COLOURS, chartJs } from '../charts/chart-setup';
import { problemText, type Problem } from '../error-text';
import { useI18n } from '../i18n/i18n';
import { useNumberFormat } from '../number-format';
import { siteDistribution } from './site-distribution';

export function SiteZStrip(props: { patientId: number; z: number; settingsHash: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const f = useNumberFormat();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [cohort, setCohort] = useState<CohortView | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    let live = true;
    krp().cohort.view({}).then((c) => { if (live) setCohort(c); }, (e: unknown) => { if (live) setProblem({ error: e }); });
    return () => { live = false; };
  }, [props.patientId, props.z]);

  const dist = cohort ? siteDistribution(cohort.points, props.patientId, props.z) : null;

  useEffect(() => {
    if (!canvas.current || !dist || dist.n === 0) return;
    const Chart = chartJs();
    const lo = Math.min(dist.min!, props.z);
    const hi = Math.max(dist.max!, props.z);
    const pad = Math.max(0.05, (hi - lo) * 0.08);
    const chart: Chart = new Chart(canvas.current, {
      type: 'scatter',
      data: {
        datasets: [
          { label: t('imaging.siteOthers'), data: dist.others, backgroundColor: CHART_COLOURS.nonResponder, pointRadius: 4 },
          { type: 'line', label: t('cohort.thisPatient'), data: [{ x: props.z, y: -0.5 }, { x: props.z, y: 0.5 }], borderColor: CHART_COLOURS.patient, borderWidth: 3, pointRadius: 0 },
        ],
      },
      options: {
        maintainAspectRatio: false,
        parsing: false,
        scales: {
          x: { type: 'linear', min: lo - pad, max: hi + pad, title: { display: true, text: t('cohort.axisZ') }, ticks: { callback: (v) => f.fixed(Number(v), 2) } },
          y: { type: 'linear', min: -0.6, max: 0.6, display: false },
        },
        plugins: { legend: { position: 'top', labels: { boxWidth: 14 } }, tooltip: { enabled: true, callbacks: { label: (c) => `z ${f.z(c.parsed.x ?? 0)}` } } },
      },
    });
    return () => chart.destroy();
  }, [dist?.n, dist?.percentile, props.z, t, f]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <section className="card site-strip" aria-labelledby="site-strip-title" data-testid="site-z-strip">
      <h2 id="site-strip-title">{t('imaging.siteTitle')}</h2>
      {problem ? <p className="error" role="alert">{problemText(problem, i18n)}</p> : null}
      {cohort === null && problem === null ? <p className="muted">{t('app.loading')}</p> : null}
      {dist && dist.n === 0 ? <p className="muted">{t('imaging.siteEmpty')}</p> : null}
      {dist && dist.n > 0 ? (
        <>
          <p data-testid="site-z-summary">{t('imaging.siteSummary', {
            z: f.z(props.z), n: f.count(dist.n), pct: f.fixed(dist.percentile!, 0), min: f.z(dist.min!), max: f.z(dist.max!),
          })}</p>
          {cohort && cohort.settingsHash !== props.settingsHash ? <p className="hint">{t('imaging.siteOtherSettings')}</p> : null}
          <div className="chart-box strip"><canvas ref={canvas} role="img" aria-label={t('imaging.siteTitle')} /></div>
        </>
      ) : null}
    </section>
  );
}
