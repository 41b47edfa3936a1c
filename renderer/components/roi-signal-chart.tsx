/**
 * The two cleaned ROI mean signals (mPFC, precuneus) over time: a chart.js line chart, with the
 * outlier scans (regressed out by the denoising) marked along the top so a physician sees where
 * motion or signal spikes were and whether they cluster. Axis numbers use the app's formatter.
 */
import { useEffect, useRef } from 'react';
import type { Chart } from 'chart.js';
import { CHART_COLOURS, chartJs } from '../charts/chart-setup';
import { useI18n } from '../i18n/i18n';
import { useNumberFormat } from '../number-format';

export function RoiSignalChart(props: { mpfc: number[]; precuneus: number[]; trSeconds: number; outlierScans?: number[] }) {
  const { t } = useI18n();
  const f = useNumberFormat();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const Chart = chartJs();
    const series = (values: number[]) => values.map((y, i) => ({ x: i * props.trSeconds, y }));
    let top = 0;
    for (const v of [...props.mpfc, ...props.precuneus]) if (Number.isFinite(v) && Math.abs(v) > top) top = Math.abs(v);
    const outliers = (props.outlierScans ?? []).map((i) => ({ x: i * props.trSeconds, y: top * 1.08 }));
    const chart: Chart = new Chart(canvas.current, {
      type: 'line',
      data: {
        datasets: [
          { label: t('roi.mpfc'), data: series(props.mpfc), borderColor: CHART_COLOURS.mpfc, borderWidth: 1.5, pointRadius: 0 },
          { label: t('roi.precuneus'), data: series(props.precuneus), borderColor: CHART_COLOURS.precuneus, borderWidth: 1.5, pointRadius: 0 },
          ...(outliers.length > 0 ? [{
            type: 'scatter' as const, label: t('imaging.outlierScans'), data: outliers,
            pointStyle: 'triangle' as const, pointRotation: 180, pointRadius: 5, backgroundColor: CHART_COLOURS.threshold, borderColor: CHART_COLOURS.threshold,
          }] : []),
        ],
      },
      options: {
        maintainAspectRatio: false,
        parsing: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: t('imaging.signalsTime') }, ticks: { callback: (v) => f.fixed(Number(v), 0) } },
          y: { type: 'linear', title: { display: true, text: t('imaging.signalsValue') }, ticks: { callback: (v) => f.fixed(Number(v), 1) } },
        },
        plugins: { legend: { position: 'top' }, tooltip: { enabled: true } },
      },
    });
    return () => chart.destroy();
  }, [props.mpfc, props.precuneus, props.trSeconds, props.outlierScans, t, f]);
  return <div className="chart-box signals" data-testid="roi-signals"><canvas ref={canvas} role="img" aria-label={t('imaging.signals')} /></div>;
}
