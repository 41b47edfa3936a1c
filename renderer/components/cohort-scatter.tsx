/**
 * The cohort scatter (chart.js): calibration patients' z vs % NRS reduction (responders and
 * non-responders), the fitted line with its 95 % prediction band (only while estimates are shown:
 * a withheld estimate must not be readable off the line), the 50 % responder line, and
 * — on a patient's tab — that patient at their z (on the line when an estimate is shown).
 */
import { useEffect, useRef } from 'react';
import type { Chart, ChartDataset } from 'chart.js';
import type { CohortView } from '../../shared/api-imaging';
import { RESPONDER_THRESHOLD_PCT } from '../../shared/scoring/nrs';
import { CHART_COLOURS, chartJs } from '../charts/chart-setup';
import { useI18n } from '../i18n/i18n';
import { lineShown } from './estimate-card';

type Point = { x: number; y: number };

/** `patient.predicted`: the shown estimate (a marker on the line), null when withheld. */
export function CohortScatter(props: { cohort: CohortView; patient?: { z: number; predicted: number | null } | null; compact?: boolean }) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const { cohort, patient } = props;
  useEffect(() => {
    if (!canvas.current) return;
    const Chart = chartJs();
    const drawLine = cohort.line !== null && lineShown(cohort);
    const xs = cohort.points.map((p) => p.z).concat(patient ? [patient.z] : []).concat(drawLine ? cohort.line!.map((l) => l.z) : []);
    const xMin = xs.length ? Math.min(...xs) : -0.5;
    const xMax = xs.length ? Math.max(...xs) : 1;
    const datasets: ChartDataset<'scatter' | 'line', Point[]>[] = [];
    if (drawLine && cohort.line) {
      datasets.push(
        { type: 'line', label: t('cohort.band'), data: cohort.line.map((l) => ({ x: l.z, y: l.high })), borderWidth: 0, pointRadius: 0, backgroundColor: CHART_COLOURS.band, fill: '+1' },
        { type: 'line', label: '_low', data: cohort.line.map((l) => ({ x: l.z, y: l.low })), borderWidth: 0, pointRadius: 0, fill: false },
        { type: 'line', label: t('cohort.line'), data: cohort.line.map((l) => ({ x: l.z, y: l.predicted })), borderColor: CHART_COLOURS.line, borderWidth: 2, pointRadius: 0 },
      );
    }
    datasets.push(
      { type: 'line', label: t('cohort.threshold'), data: [{ x: xMin, y: RESPONDER_THRESHOLD_PCT }, { x: xMax, y: RESPONDER_THRESHOLD_PCT }], borderColor: CHART_COLOURS.threshold, borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0 },
      { type: 'scatter', label: t('cohort.responders'), data: cohort.points.filter((p) => p.responder).map((p) => ({ x: p.z, y: p.reductionPct })), backgroundColor: CHART_COLOURS.responder, pointRadius: 4 },
      { type: 'scatter', label: t('cohort.nonResponders'), data: cohort.points.filter((p) => !p.responder).map((p) => ({ x: p.z, y: p.reductionPct })), backgroundColor: CHART_COLOURS.nonResponder, pointRadius: 4 },
    );
    if (patient) {
      const ys = cohort.points.map((p) => p.reductionPct);
      const yLow = Math.min(0, ...ys);
      const yHigh = Math.max(100, ...ys);
      datasets.push({ type: 'line', label: t('cohort.thisPatient'), data: [{ x: patient.z, y: yLow }, { x: patient.z, y: yHigh }], borderColor: CHART_COLOURS.patient, borderWidth: 2, borderDash: [2, 3], pointRadius: 0 });
      if (patient.predicted !== null) {
        datasets.push({ type: 'scatter', label: '_patient', data: [{ x: patient.z, y: patient.predicted }], backgroundColor: CHART_COLOURS.patient, pointStyle: 'rectRot', pointRadius: 8 });
      }
    }
    const chart: Chart = new Chart(canvas.current, {
      type: 'scatter',
      data: { datasets: datasets as ChartDataset<'scatter', Point[]>[] },
      options: {
        maintainAspectRatio: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: t('cohort.axisZ') } },
          y: { type: 'linear', title: { display: true, text: t('cohort.axisReduction') } },
        },
        plugins: {
          legend: { position: props.compact ? 'bottom' : 'right', labels: { filter: (item) => !item.text.startsWith('_'), boxWidth: 14 } },
          tooltip: { filter: (item) => item.dataset.type === 'scatter' },
        },
      },
    });
    return () => chart.destroy();
  }, [cohort, patient, props.compact, t]);
  return <div className={props.compact ? 'chart-box scatter compact' : 'chart-box scatter'} data-testid="cohort-scatter"><canvas ref={canvas} role="img" aria-label={t('cohort.scatter')} /></div>;
}
