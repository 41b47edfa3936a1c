/**
 * The QC plots of one analysis, in Power's arrangement: on one time axis, framewise displacement
 * with its threshold line and the outlier scans marked, the global-signal change |z| (CONN's ART
 * rule) with its threshold, DVARS, then the carpet plot before and after denoising (the stored
 * grey-level image, rows grouped by ROI and tissue with a colour band each). chart.js throughout.
 */
import { useEffect, useRef, useState } from 'react';
import type { Chart } from 'chart.js';
import type { QcSeries } from '../../shared/imaging/qc-series-types';
import { CHART_COLOURS, chartJs } from '../charts/chart-setup';
import { carpetPlugin, qcCarpetOptions, qcLineOptions, type QcAxisText } from '../charts/qc-chart-options';
import { CARPET_GROUP_COLOURS, axisTop, carpetBands, outlierMarks, seriesPoints, thresholdLine, timeAxis, type Point } from '../charts/qc-trace-data';
import { krp } from '../bridge';
import { errorDetail } from '../error-text';
import { useI18n, type I18n } from '../i18n/i18n';
import { useNumberFormat } from '../number-format';

type CarpetState = { status: 'none' } | { status: 'loading' } | { status: 'ready'; image: HTMLImageElement } | { status: 'failed'; error: unknown };

export function QcPlots(props: { analysisId: number; series: QcSeries; trSeconds: number; outlierScans: number[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const f = useNumberFormat();
  const { series, trSeconds } = props;
  const fdRef = useRef<HTMLCanvasElement>(null);
  const gsRef = useRef<HTMLCanvasElement>(null);
  const dvarsRef = useRef<HTMLCanvasElement>(null);
  const beforeRef = useRef<HTMLCanvasElement>(null);
  const afterRef = useRef<HTMLCanvasElement>(null);
  const [carpet, setCarpet] = useState<CarpetState>({ status: series.carpet ? 'loading' : 'none' });

  useEffect(() => {
    if (!series.carpet) { setCarpet({ status: 'none' }); return; }
    let live = true;
    setCarpet({ status: 'loading' });
    (async () => {
      const stored = await krp().imaging.image({ analysisId: props.analysisId, kind: 'carpet' });
      const image = new Image();
      image.src = `data:image/png;base64,${stored.base64}`;
      await image.decode();
      if (live) setCarpet({ status: 'ready', image });
    })().catch((error: unknown) => { if (live) setCarpet({ status: 'failed', error }); });
    return () => { live = false; };
  }, [props.analysisId, series.carpet]);

  useEffect(() => {
    const Chart = chartJs();
    const axis = timeAxis(series.scans, trSeconds);
    const text: QcAxisText = { number: (v, d) => f.fixed(v, d), timeTitle: t('imaging.signalsTime') };
    const charts: Chart[] = [];
    const marks = (top: number) => ({
      label: t('imaging.outlierScans'), data: outlierMarks(props.outlierScans, trSeconds, top), showLine: false,
      pointStyle: 'triangle' as const, pointRotation: 180, pointRadius: 5, backgroundColor: CHART_COLOURS.threshold, borderColor: CHART_COLOURS.threshold,
    });
    const trace = (label: string, data: Point[], colour: string) => ({ label, data, borderColor: colour, backgroundColor: colour, borderWidth: 1.3, pointRadius: 0 });
    const line = (label: string, value: number, isRule: boolean) => ({
      label, data: thresholdLine(value, series.scans, trSeconds), borderColor: isRule ? CHART_COLOURS.threshold : '#8a94a3', backgroundColor: 'transparent',
      borderWidth: 1.2, borderDash: [5, 4], pointRadius: 0,
    });
    const lastTrace = series.dvarsPct.length > 0 ? 'dvars' : 'gs';
    if (fdRef.current && series.fdMm) {
      const top = axisTop(series.fdMm, series.fdLineMm);
      charts.push(new Chart(fdRef.current, {
        type: 'line',
        data: { datasets: [
          trace(t('qcPlots.fd'), seriesPoints(series.fdMm, trSeconds), CHART_COLOURS.line),
          line(t(series.fdLineIsRule ? 'qcPlots.fdRule' : 'qcPlots.fdReference', { value: f.fixed(series.fdLineMm, 1) }), series.fdLineMm, series.fdLineIsRule),
          ...(props.outlierScans.length > 0 ? [marks(top / 1.08)] : []),
        ] },
        options: qcLineOptions(axis, top, text, { yDecimals: 1, showTime: false }),
      }));
    }
    if (gsRef.current) {
      const threshold = series.globalSignalZThreshold;
      const top = axisTop(series.globalSignalZ, threshold);
      charts.push(new Chart(gsRef.current, {
        type: 'line',
        data: { datasets: [
          trace(t('qcPlots.gsz'), seriesPoints(series.globalSignalZ, trSeconds), CHART_COLOURS.mpfc),
          ...(threshold === null ? [] : [line(t('qcPlots.gszRule', { value: f.fixed(threshold, 0) }), threshold, true)]),
          ...(series.fdMm === null && props.outlierScans.length > 0 ? [marks(top / 1.08)] : []),
        ] },
        options: qcLineOptions(axis, top, text, { yDecimals: 0, showTime: lastTrace === 'gs' }),
      }));
    }
    if (dvarsRef.current && series.dvarsPct.length > 0) {
      charts.push(new Chart(dvarsRef.current, {
        type: 'line',
        data: { datasets: [trace(t('qcPlots.dvars'), seriesPoints(series.dvarsPct, trSeconds), CHART_COLOURS.precuneus)] },
        options: qcLineOptions(axis, axisTop(series.dvarsPct, null), text, { yDecimals: 1, showTime: true }),
      }));
    }
    const layout = series.carpet;
    const image = carpet.status === 'ready' ? carpet.image : null;
    if (layout && image) {
      for (const [panel, ref] of [[0, beforeRef], [1, afterRef]] as const) {
        if (!ref.current) continue;
        charts.push(new Chart(ref.current, {
          type: 'line',
          data: { datasets: [] },
          options: qcCarpetOptions(axis, layout.rows, text, panel === 1),
          plugins: [carpetPlugin(panel, layout, () => image)],
        }));
      }
    }
    return () => { for (const chart of charts) chart.destroy(); };
  }, [series, trSeconds, props.outlierScans, carpet, t, f]);

  const compositeNote = series.fdMm !== null && !series.fdLineIsRule && series.scrubMotion?.measure === 'composite' && series.scrubMotion.thresholdMm !== null;
  return (
    <section className="card qc-plots" data-testid="qc-plots" aria-labelledby="qc-plots-title">
      <h2 id="qc-plots-title">{t('qcPlots.title')}</h2>
      <p className="muted qc-plots-intro">{t('qcPlots.intro')}</p>
      {series.fdMm ? (
        <div className="chart-box qc-trace" data-testid="qc-fd"><canvas ref={fdRef} role="img" aria-label={t('qcPlots.fd')} /></div>
      ) : <p className="notice" data-testid="qc-no-motion">{t('qcPlots.noMotion')}</p>}
      {compositeNote ? <p className="muted qc-plots-note">{t('qcPlots.fdNoteComposite', { rule: f.fixed(series.scrubMotion!.thresholdMm!, 1), value: f.fixed(series.fdLineMm, 1) })}</p> : null}
      <div className="chart-box qc-trace" data-testid="qc-gs"><canvas ref={gsRef} role="img" aria-label={t('qcPlots.gsz')} /></div>
      <div className="chart-box qc-trace with-time" data-testid="qc-dvars"><canvas ref={dvarsRef} role="img" aria-label={t('qcPlots.dvars')} /></div>
      <CarpetPanels state={carpet} series={series} beforeRef={beforeRef} afterRef={afterRef} i18n={i18n} />
    </section>
  );
}

function CarpetPanels(props: { state: CarpetState; series: QcSeries; beforeRef: React.RefObject<HTMLCanvasElement | null>; afterRef: React.RefObject<HTMLCanvasElement | null>; i18n: I18n }) {
  const { state, series, i18n } = props;
  const { t } = i18n;
  const f = useNumberFormat();
  if (state.status === 'none') return <p className="muted" data-testid="qc-carpet-missing">{t('qcPlots.carpetMissing')}</p>;
  if (state.status === 'failed') return <p className="error" role="alert">{errorDetail(state.error, i18n)}</p>;
  const layout = series.carpet!;
  const groupName = (g: string) => t(g === 'mpfc' ? 'roi.mpfc' : g === 'precuneus' ? 'roi.precuneus' : g === 'grey' ? 'qcPlots.group.grey' : g === 'white' ? 'qcPlots.group.white' : 'qcPlots.group.csf');
  return (
    <div className="qc-carpet" data-testid="qc-carpet" data-state={state.status}>
      {state.status === 'loading' ? <p className="muted">{t('qcPlots.carpetLoading')}</p> : null}
      <h3 className="qc-carpet-title">{t('qcPlots.carpetBefore')}</h3>
      <div className="chart-box qc-carpet-panel"><canvas ref={props.beforeRef} role="img" aria-label={t('qcPlots.carpetBefore')} data-testid="qc-carpet-before" /></div>
      <h3 className="qc-carpet-title">{t('qcPlots.carpetAfter')}</h3>
      <div className="chart-box qc-carpet-panel with-time"><canvas ref={props.afterRef} role="img" aria-label={t('qcPlots.carpetAfter')} data-testid="qc-carpet-after" /></div>
      <ul className="qc-carpet-legend">
        {carpetBands(layout).map((band) => (
          <li key={band.group} title={t('qcPlots.carpetRows', { name: groupName(band.group), rows: f.count(band.toRow - band.fromRow), voxels: f.count(band.voxels) })}>
            <span className="swatch block" style={{ background: CARPET_GROUP_COLOURS[band.group] }} />{groupName(band.group)}
          </li>
        ))}
        <li className="qc-carpet-scale"><span className="swatch bar" style={{ background: 'linear-gradient(90deg, #000, #fff)' }} />{t('qcPlots.carpetScale', { low: f.fixed(-layout.rangeZ, 0), high: f.signed(layout.rangeZ, 0) })}</li>
      </ul>
    </div>
  );
}
