/**
 * chart.js settings shared by every QC plot so that their plot areas line up to the pixel: the
 * same x axis (qc-trace-data.ts timeAxis), a fixed-width y axis, the same right padding (wider
 * than half a tick label, so chart.js never adds its own). The carpet panels are charts too: a
 * plugin draws the stored grey-level image into the plot area, with each voxel group's colour band
 * in the gutter on its left.
 */
import type { Chart, ChartOptions, Plugin, Scale } from 'chart.js';
import type { CarpetLayout } from '../../shared/imaging/qc-series-types';
import { CARPET_GROUP_COLOURS, carpetBands } from './qc-trace-data';

/** Width of every QC plot's y axis, px. */
export const QC_GUTTER_PX = 58;
const RIGHT_PADDING_PX = 22;

export interface QcAxisText {
  /** Formats an axis number (the app's formatter: true minus, fixed decimals). */
  number(value: number, decimals: number): string;
  timeTitle: string;
}

export function qcLineOptions(axis: { min: number; max: number }, yTop: number, text: QcAxisText, options: { yDecimals: number; showTime: boolean }): ChartOptions<'line'> {
  return {
    maintainAspectRatio: false,
    parsing: false,
    animation: false,
    layout: { padding: { left: 0, right: RIGHT_PADDING_PX, top: 0, bottom: 0 } },
    scales: {
      x: {
        type: 'linear', min: axis.min, max: axis.max,
        title: { display: options.showTime, text: text.timeTitle, padding: 0 },
        // No labels at the axis ends (half a scan before the first and after the last): round times only.
        ticks: { display: options.showTime, maxRotation: 0, includeBounds: false, callback: (v) => text.number(Number(v), 0) },
      },
      y: {
        type: 'linear', min: 0, max: yTop,
        ticks: { maxTicksLimit: 4, includeBounds: false, callback: (v) => text.number(Number(v), options.yDecimals) },
        afterFit: (scale: Scale) => { scale.width = QC_GUTTER_PX; },
      },
    },
    plugins: {
      legend: { position: 'top', align: 'start', labels: { boxWidth: 14, boxHeight: 8, padding: 8, font: { size: 11 } } },
      tooltip: { enabled: true },
    },
  };
}

/** Options of a carpet panel: the same x axis, the rows top to bottom on a hidden y axis. */
export function qcCarpetOptions(axis: { min: number; max: number }, rows: number, text: QcAxisText, showTime: boolean): ChartOptions<'line'> {
  const base = qcLineOptions(axis, rows, text, { yDecimals: 0, showTime });
  return {
    ...base,
    scales: {
      ...base.scales,
      y: { type: 'linear', min: 0, max: rows, reverse: true, grid: { display: false }, ticks: { display: false }, afterFit: (scale: Scale) => { scale.width = QC_GUTTER_PX; } },
    },
    plugins: { legend: { display: false }, tooltip: { enabled: false } },
  };
}

/**
 * Draws one panel (0: before, 1: after denoising) of the carpet image into the plot area, and the
 * group bands in the gutter. `image` is read at each draw (it may arrive after the chart is made).
 */
export function carpetPlugin(panel: 0 | 1, layout: CarpetLayout, image: () => CanvasImageSource | null): Plugin<'line'> {
  const bands = carpetBands(layout);
  return {
    id: `krp-carpet-${panel}`,
    beforeDatasetsDraw(chart: Chart) {
      const { ctx, chartArea: a } = chart;
      const source = image();
      ctx.save();
      if (source) {
        // Many rows into few pixels: average (smoothing); few scans into many pixels: keep columns sharp.
        ctx.imageSmoothingEnabled = layout.rows > a.height;
        ctx.imageSmoothingQuality = 'high';
        ctx.drawImage(source, 0, panel * layout.rows, layout.scans, layout.rows, a.left, a.top, a.width, a.height);
      }
      for (const band of bands) {
        const y0 = a.top + (band.fromRow / layout.rows) * a.height;
        const y1 = a.top + (band.toRow / layout.rows) * a.height;
        ctx.fillStyle = CARPET_GROUP_COLOURS[band.group];
        ctx.fillRect(a.left - 9, y0, 6, Math.max(1, y1 - y0));
      }
      ctx.restore();
    },
  };
}
