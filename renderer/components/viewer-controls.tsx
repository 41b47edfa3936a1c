/**
 * The viewer's controls and colour legend: overlay (z map or tSNR map), z threshold, ROI display (outline / translucent /
 * hidden), radiological or neurological convention, go to mPFC / precuneus, window/level of the
 * background image, zoom, and the crosshair readout. State lives in BrainViewer.
 */
import { useI18n } from '../i18n/i18n';
import { useNumberFormat } from '../number-format';
import type { ViewerView } from './brain-viewer';
import { DEFAULT_WINDOW, LEGEND_CSS, ZOOM_STEPS, nextZoom } from './viewer-settings';

type Change = Partial<ViewerView>;

export function ViewerControls(props: {
  view: ViewerView; onChange(change: Change): void; onGoTo(roi: 'mpfc' | 'precuneus'): void;
  readout: { mm: number[]; z: number | null; tsnr?: number | null } | null; tsnrAvailable?: boolean;
}) {
  const { t } = useI18n();
  const f = useNumberFormat();
  const { view, onChange } = props;
  const radio = (active: boolean) => (active ? 'lang active' : 'lang');
  const showTsnr = view.overlay === 'tsnr' && props.tsnrAvailable === true;
  const readout = props.readout;
  return (
    <div className="viewer-controls" data-testid="viewer-controls">
      {props.tsnrAvailable ? (
        <div className="segmented" role="radiogroup" aria-label={t('viewer.overlay')}>
          <span className="label">{t('viewer.overlay')}</span>
          {(['z', 'tsnr'] as const).map((o) => (
            <button key={o} type="button" role="radio" aria-checked={view.overlay === o} className={radio(view.overlay === o)} onClick={() => onChange({ overlay: o })} data-testid={`viewer-overlay-${o}`}>
              {t(o === 'z' ? 'viewer.overlayZ' : 'viewer.overlayTsnr')}
            </button>
          ))}
        </div>
      ) : null}
      <label className="slider threshold">
        <span>{t('viewer.threshold', { value: f.fixed(view.threshold, 2) })}</span>
        <input type="range" min={0} max={1.5} step={0.05} value={view.threshold} onChange={(e) => onChange({ threshold: Number(e.target.value) })} disabled={showTsnr} data-testid="viewer-threshold" />
      </label>
      <div className="segmented" role="radiogroup" aria-label={t('viewer.rois')}>
        <span className="label">{t('viewer.rois')}</span>
        {(['outline', 'fill', 'off'] as const).map((m) => (
          <button key={m} type="button" role="radio" aria-checked={view.roiMode === m} className={radio(view.roiMode === m)} onClick={() => onChange({ roiMode: m })} data-testid={`viewer-roi-${m}`}>
            {t(m === 'outline' ? 'viewer.roiOutline' : m === 'fill' ? 'viewer.roiFill' : 'viewer.roiOff')}
          </button>
        ))}
      </div>
      <div className="segmented" role="radiogroup" aria-label={t('viewer.orientation')}>
        <span className="label">{t('viewer.orientation')}</span>
        <button type="button" role="radio" aria-checked={!view.radiological} className={radio(!view.radiological)} onClick={() => onChange({ radiological: false })} data-testid="viewer-neurological">{t('viewer.neurological')}</button>
        <button type="button" role="radio" aria-checked={view.radiological} className={radio(view.radiological)} onClick={() => onChange({ radiological: true })} data-testid="viewer-radiological">{t('viewer.radiological')}</button>
      </div>
      <div className="button-row viewer-goto">
        <button type="button" onClick={() => props.onGoTo('mpfc')} data-testid="viewer-goto-mpfc">{t('viewer.gotoMpfc')}</button>
        <button type="button" onClick={() => props.onGoTo('precuneus')} data-testid="viewer-goto-precuneus">{t('viewer.gotoPrecuneus')}</button>
      </div>
      <label className="slider">
        <span>{t('viewer.level', { value: f.fixed(view.window.levelPct, 0) })}</span>
        <input type="range" min={0} max={100} step={1} value={view.window.levelPct} onChange={(e) => onChange({ window: { ...view.window, levelPct: Number(e.target.value) } })} data-testid="viewer-level" />
      </label>
      <label className="slider">
        <span>{t('viewer.window', { value: f.fixed(view.window.widthPct, 0) })}</span>
        <input type="range" min={5} max={200} step={5} value={view.window.widthPct} onChange={(e) => onChange({ window: { ...view.window, widthPct: Number(e.target.value) } })} data-testid="viewer-window" />
      </label>
      <div className="button-row viewer-zoom">
        <button type="button" aria-label={t('viewer.zoomOut')} title={t('viewer.zoomOut')} disabled={view.zoom <= ZOOM_STEPS[0]} onClick={() => onChange({ zoom: nextZoom(view.zoom, -1) })} data-testid="viewer-zoom-out">−</button>
        <output className="zoom-value" data-testid="viewer-zoom">{t('viewer.zoom', { value: f.fixed(view.zoom, 1) })}</output>
        <button type="button" aria-label={t('viewer.zoomIn')} title={t('viewer.zoomIn')} disabled={view.zoom >= ZOOM_STEPS[ZOOM_STEPS.length - 1]!} onClick={() => onChange({ zoom: nextZoom(view.zoom, 1) })} data-testid="viewer-zoom-in">+</button>
        <button type="button" className="link" onClick={() => onChange({ zoom: 1, window: DEFAULT_WINDOW })}>{t('viewer.reset')}</button>
      </div>
      <output className="readout" data-testid="viewer-readout">{readout ? t(showTsnr ? 'viewer.readoutTsnr' : 'viewer.readout', {
        x: f.fixed(readout.mm[0]!, 0), y: f.fixed(readout.mm[1]!, 0), z: f.fixed(readout.mm[2]!, 0),
        value: showTsnr ? (readout.tsnr == null ? t('common.none') : f.fixed(readout.tsnr, 1)) : readout.z === null ? t('common.none') : f.z(readout.z),
      }) : '\u00a0'}</output>
    </div>
  );
}

/** Colour legend of the scene (z scales with the threshold, ROI colours); also for the report. */
export function ViewerLegend({ view, tsnr }: { view: Pick<ViewerView, 'threshold' | 'roiMode'> & { overlay?: ViewerView['overlay'] }; tsnr?: { min: number; max: number } | null }) {
  const { t } = useI18n();
  const f = useNumberFormat();
  const showTsnr = view.overlay === 'tsnr' && tsnr;
  return (
    <ul className="viewer-legend" data-testid="viewer-legend">
      {showTsnr ? (
        <li data-testid="viewer-legend-tsnr"><span className="swatch bar" style={{ background: LEGEND_CSS.tsnr }} />{t('viewer.legendTsnr', { low: f.fixed(tsnr.min, 0), high: f.fixed(tsnr.max, 0) })}</li>
      ) : (
        <>
          <li><span className="swatch bar" style={{ background: LEGEND_CSS.positive }} />{t('viewer.legendPositive', { value: f.fixed(view.threshold, 2) })}</li>
          <li><span className="swatch bar" style={{ background: LEGEND_CSS.negative }} />{t('viewer.legendNegative', { value: f.fixed(-view.threshold, 2) })}</li>
        </>
      )}
      {view.roiMode === 'off' ? null : (
        <>
          <li><span className="swatch ring" style={{ borderColor: LEGEND_CSS.mpfc }} />{t('roi.mpfc')}</li>
          <li><span className="swatch ring" style={{ borderColor: LEGEND_CSS.precuneus }} />{t('roi.precuneus')}</li>
        </>
      )}
    </ul>
  );
}
