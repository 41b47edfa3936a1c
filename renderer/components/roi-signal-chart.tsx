/** The two cleaned ROI mean signals (mPFC, precuneus) over time: a chart.js line chart. */
import { useEffect, useRef } from 'react';
import type { Chart } from 'chart.js';
import { CHART_COLOURS, chartJs } from '../charts/chart-setup';
import { useI18n } from '../i18n/i18n';

export function RoiSignalChart(props: { mpfc: number[]; precuneus: number[]; trSeconds: number }) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const Chart = chartJs();
    const series = (values: number[]) => values.map((y, i) => ({ x: i * props.trSeconds, y }));
    const chart: Chart = new Chart(canvas.current, {
      type: 'line',
      data: {
        datasets: [
          { label: t('roi.mpfc'), data: series(props.mpfc), borderColor: CHART_COLOURS.mpfc, borderWidth: 1.5, pointRadius: 0 },
          { label: t('roi.precuneus'), data: series(props.precuneus), borderColor: CHART_COLOURS.precuneus, borderWidth: 1.5, pointRadius: 0 },
        ],
      },
      options: {
        maintainAspectRatio: false,
        parsing: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: t('imaging.signalsTime') } },
          y: { type: 'linear', title: { display: true, text: t('imaging.signalsValue') } },
        },
        plugins: { legend: { position: 'top' }, tooltip: { enabled: true } },
      },
    });
    return () => chart.destroy();
  }, [props.mpfc, props.precuneus, props.trSeconds, t]);
  return <div className="chart-box signals" data-testid="roi-signals"><canvas ref={canvas} role="img" aria-label={t('imaging.signals')} /></div>;
}
