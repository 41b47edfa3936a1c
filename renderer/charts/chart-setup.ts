/**
 * chart.js, tree-shaken: only the pieces the app's charts use are imported and registered once.
 * Animations are off (instant, no main-thread work after data arrive; nothing moves in a PDF).
 */
import {
  Chart, Filler, Legend, LineController, LineElement, LinearScale, PointElement, ScatterController, Tooltip,
} from 'chart.js';

let registered = false;

/** Registers the controllers, elements, scales and plugins the app uses; returns Chart. */
export function chartJs(): typeof Chart {
  if (!registered) {
    Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, Filler, Legend, Tooltip);
    Chart.defaults.animation = false;
    Chart.defaults.font.family = '"KRP Noto Sans JP", "Noto Sans JP", "Noto Sans CJK JP", sans-serif';
    registered = true;
  }
  return Chart;
}

export const CHART_COLOURS = {
  mpfc: '#1f6f8b',
  precuneus: '#2e9d5b',
  responder: '#1e7a4c',
  nonResponder: '#8a94a3',
  line: '#1d2733',
  band: 'rgba(31, 111, 139, 0.14)',
  threshold: '#b3261e',
  patient: '#d9480f',
} as const;
