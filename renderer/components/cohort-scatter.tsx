/**
 * The cohort scatter (chart.js): calibration patients' z vs % NRS reduction (responders and
 * non-responders), the fitted line with its 95 % prediction band (only while estimates are shown:
 * a withheld estimate must not be readable off the line), the 50 % responder line, and
 * — on a patient's tab and in the report — that patient at their z (on the line when an estimate
 * is shown). The legend sits below the plot (never clipped at 1024 px); tick labels use the true
 * minus; with `onOpenPatient` a click on a point opens that patient's chart. `print` draws at
 * print resolution for the PDF.
 */
import { useEffect, useRef } from 'react';
import type { Chart, ChartDataset } from 'chart.js';
import type { CohortView } from '../../shared/api-imaging';
import { RESPONDER_THRESHOLD_PCT } from '../../shared/scoring/nrs';
import { CHART_COLOURS, chartJs } from '../charts/chart-setup';
import { useI18n } from '../i18n/i18n';
import { trueMinus } from '../../shared/format/numbers';
import { useNumberFormat } from '../number-format';
import { lineShown } from './estimate-card';

type Point = { x: number; y: number; id?: string };

/** A tick value with the true minus and no float noise (0.30000000000000004 → "0.3"). */
function tickLabel(value: number | string): string {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? trueMinus(String(Math.round(n * 1e6) / 1e6)) : String(value);
}

/** `patient.predicted`: the shown estimate (a marker on the line), null when withheld. */
export function CohortScatter(props: {
  cohort: CohortView; patient?: { z: number; predicted: number | null } | null; compact?: boolean;
  onOpenPatient?(patientId: number): void; print?: boolean;
}) {
  const { t } = useI18n();
  const f = useNumberFormat();
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
      { type: 'scatter', label: t('cohort.responders'), data: cohort.points.filter((p) => p.responder).map((p) => ({ x: p.z, y: p.reductionPct, id: p.patientId })), backgroundColor: CHART_COLOURS.responder, pointRadius: 4, pointHoverRadius: 6 },
      { type: 'scatter', label: t('cohort.nonResponders'), data: cohort.points.filter((p) => !p.responder).map((p) => ({ x: p.z, y: p.reductionPct, id: p.patientId })), backgroundColor: CHART_COLOURS.nonResponder, pointRadius: 4, pointHoverRadius: 6 },
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
    /** Print: 9 px type, in scale with the report's 8–9 pt text. */
    const font = props.print ? { size: 9 } : undefined;
    const chart: Chart = new Chart(canvas.current, {
      type: 'scatter',
      data: { datasets: datasets as ChartDataset<'scatter', Point[]>[] },
      options: {
        maintainAspectRatio: false,
        ...(props.print ? { devicePixelRatio: 3 } : {}),
        scales: {
          x: { type: 'linear', title: { display: true, text: t('cohort.axisZ'), font }, ticks: { callback: tickLabel, font } },
          y: { type: 'linear', title: { display: true, text: t('cohort.axisReduction'), font }, ticks: { callback: tickLabel, font } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { filter: (item) => !item.text.startsWith('_'), boxWidth: props.print ? 10 : 14, font } },
          tooltip: {
            filter: (item) => item.dataset.type === 'scatter',
            callbacks: { label: (item) => `z = ${f.z(item.parsed.x ?? NaN)}, ${f.percent(item.parsed.y ?? NaN)}` },
          },
        },
        onHover: (event, elements) => {
          const target = event.native?.target as HTMLElement | undefined;
          if (target && props.onOpenPatient) target.style.cursor = elements.some((e) => pointId(chart, e) !== null) ? 'pointer' : 'default';
        },
        onClick: (_event, elements) => {
          if (!props.onOpenPatient) return;
          for (const e of elements) {
            const id = pointId(chart, e);
            if (id !== null) { props.onOpenPatient(id); return; }
          }
        },
      },
    });
    return () => chart.destroy();
  }, [cohort, patient, props.compact, props.print, t, f]); // eslint-disable-line react-hooks/exhaustive-deps
  const box = props.print ? 'chart-box scatter print' : props.compact ? 'chart-box scatter compact' : 'chart-box scatter';
  return <div className={box} data-testid="cohort-scatter"><canvas ref={canvas} role="img" aria-label={t('cohort.scatter')} /></div>;
}

/** The patient id of a clicked calibration point (the scatter datasets carry it), null for lines and the marker. */
function pointId(chart: Chart, element: { datasetIndex: number; index: number }): number | null {
  const point = chart.data.datasets[element.datasetIndex]?.data[element.index] as Point | undefined;
  const id = point?.id === undefined ? NaN : Number(point.id);
  return Number.isInteger(id) && id > 0 ? id : null;
}
