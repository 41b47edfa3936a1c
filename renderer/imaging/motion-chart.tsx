/**
 * Head motion over time from the realignment (preprocessing in the app): the three translations
 * (mm), the three rotations (degrees) and the framewise displacement (mm), with the scans the
 * denoising regressed out as outliers marked on the FD plot. chart.js, as the other charts.
 */
import { useEffect, useRef } from 'react';
import type { Chart } from 'chart.js';
import { CHART_COLOURS, chartJs } from '../charts/chart-setup';
import { useI18n } from '../i18n/i18n';
import { useNumberFormat } from '../number-format';

const AXIS_COLOURS = ['#1f6f8b', '#2e9d5b', '#8a5a00'];

export interface MotionChartProps {
  /** Per volume: x, y, z (mm), pitch, roll, yaw (radians), SPM rp order. */
  parameters: number[][];
  fdMm: number[];
  trSeconds: number;
  /** Outlier scans as the QC lists them (0-based, after `dropped` initial volumes). */
  outlierScans: number[];
  dropped: number;
}

export function MotionChart(props: MotionChartProps) {
  const { t } = useI18n();
  const f = useNumberFormat();
  const translation = useRef<HTMLCanvasElement>(null);
  const rotation = useRef<HTMLCanvasElement>(null);
  const fd = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!translation.current || !rotation.current || !fd.current) return;
    const Chart = chartJs();
    const time = (i: number) => i * props.trSeconds;
    const column = (c: number, scale: number) => props.parameters.map((p, i) => ({ x: time(i), y: (p[c] ?? 0) * scale }));
    const line = (label: string, data: { x: number; y: number }[], colour: string) => ({ label, data, borderColor: colour, borderWidth: 1.5, pointRadius: 0 });
    const axes = (yTitle: string) => ({
      x: { type: 'linear' as const, title: { display: true, text: t('imaging.signalsTime') }, ticks: { callback: (v: string | number) => f.fixed(Number(v), 0) } },
      y: { type: 'linear' as const, title: { display: true, text: yTitle }, ticks: { callback: (v: string | number) => f.fixed(Number(v), 2) } },
    });
    const options = (yTitle: string) => ({ maintainAspectRatio: false, parsing: false as const, scales: axes(yTitle), plugins: { legend: { position: 'top' as const } } });
    const degrees = 180 / Math.PI;
    const charts: Chart[] = [
      new Chart(translation.current, {
        type: 'line',
        data: { datasets: ['x', 'y', 'z'].map((axis, c) => line(axis, column(c, 1), AXIS_COLOURS[c]!)) },
        options: options(t('motion.translation')),
      }),
      new Chart(rotation.current, {
        type: 'line',
        data: { datasets: [t('motion.pitch'), t('motion.roll'), t('motion.yaw')].map((axis, c) => line(axis, column(c + 3, degrees), AXIS_COLOURS[c]!)) },
        options: options(t('motion.rotation')),
      }),
    ];
    const top = Math.max(0.1, ...props.fdMm.filter(Number.isFinite));
    const outliers = props.outlierScans.map((i) => ({ x: time(i + props.dropped), y: top * 1.08 }));
    charts.push(new Chart(fd.current, {
      type: 'line',
      data: {
        datasets: [
          line('FD', props.fdMm.map((y, i) => ({ x: time(i), y })), CHART_COLOURS.line),
          ...(outliers.length > 0 ? [{
            type: 'scatter' as const, label: t('imaging.outlierScans'), data: outliers,
            pointStyle: 'triangle' as const, pointRotation: 180, pointRadius: 5, backgroundColor: CHART_COLOURS.threshold, borderColor: CHART_COLOURS.threshold,
          }] : []),
        ],
      },
      options: options(t('motion.fd')),
    }));
    return () => { for (const chart of charts) chart.destroy(); };
  }, [props.parameters, props.fdMm, props.trSeconds, props.outlierScans, props.dropped, t, f]);
  return (
    <div className="motion-charts" data-testid="motion-chart">
      <div className="chart-box motion"><canvas ref={translation} role="img" aria-label={t('motion.translation')} /></div>
      <div className="chart-box motion"><canvas ref={rotation} role="img" aria-label={t('motion.rotation')} /></div>
      <div className="chart-box motion"><canvas ref={fd} role="img" aria-label={t('motion.fd')} /></div>
    </div>
  );
}
