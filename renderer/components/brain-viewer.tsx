/**
 * The analysis images in NiiVue (WebGL2): the patient's mean BOLD in grey, the seed-to-voxel z
 * map over it (warm colours for positive z, cool for negative, threshold adjustable), the two
 * ROIs (1 = mPFC cyan, 2 = precuneus green) outlined or translucent, three orthogonal slices, and
 * a readout of the crosshair's MNI millimetres and seed-map z. Volumes come from the main process
 * as base64 gzip NIfTI (`imaging.image`). `onReady` hands out `snapshot()`: a PNG data URL of the
 * current scene (drawScene then toDataURL in the same task: a WebGL canvas prints black otherwise).
 */
import { useEffect, useRef, useState } from 'react';
import { NVImage, Niivue, SHOW_RENDER, SLICE_TYPE } from '@niivue/niivue';
import { DEFAULT_PRECUNEUS_CENTRE } from '../../shared/imaging/analysis-types';
import { krp } from '../bridge';
import { errorText } from '../error-text';
import { useI18n } from '../i18n/i18n';

export interface ViewerApi {
  /** PNG data URL of the scene as now shown. */
  snapshot(): string;
}

type RoiMode = 'outline' | 'fill' | 'off';
const ROI_LABELS = { R: [0, 0, 40], G: [0, 220, 200], B: [0, 255, 60], A: [0, 255, 255], I: [0, 1, 2], labels: ['', 'mPFC', 'precuneus'] };
const SEED = 1; // volume index of the z map
const ROIS = 2;

export function BrainViewer(props: { analysisId: number; onReady?(api: ViewerApi): void; compact?: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const canvas = useRef<HTMLCanvasElement>(null);
  const nvRef = useRef<Niivue | null>(null);
  const [state, setState] = useState<{ status: 'loading' } | { status: 'ready' } | { status: 'failed'; error: unknown }>({ status: 'loading' });
  const [threshold, setThreshold] = useState(0.3);
  const [roiMode, setRoiMode] = useState<RoiMode>('fill');
  const [readout, setReadout] = useState<{ mm: number[]; z: number | null } | null>(null);
  const onReady = useRef(props.onReady);
  onReady.current = props.onReady;

  useEffect(() => {
    let disposed = false;
    const element = canvas.current;
    if (!element) return;
    setState({ status: 'loading' });
    const nv = new Niivue({
      backColor: [0, 0, 0, 1], show3Dcrosshair: false, isColorbar: false, crosshairColor: [1, 1, 1, 0.8],
      multiplanarShowRender: SHOW_RENDER.NEVER, loadingText: '', textHeight: 0.035, isOrientCube: false,
    });
    nvRef.current = nv;
    const location = (loc: unknown) => {
      const l = loc as { mm: ArrayLike<number>; values: { value: number }[] };
      const z = l.values[SEED]?.value;
      setReadout({ mm: [l.mm[0], l.mm[1], l.mm[2]], z: typeof z === 'number' && Number.isFinite(z) ? z : null });
    };
    (async () => {
      const [mean, seed, rois] = await Promise.all((['mean', 'seed-map', 'rois'] as const).map((kind) => krp().imaging.image({ analysisId: props.analysisId, kind })));
      if (disposed) return;
      await nv.attachToCanvas(element);
      const meanImage = await NVImage.loadFromBase64({ base64: mean!.base64, name: mean!.fileName, colormap: 'gray' });
      const seedImage = await NVImage.loadFromBase64({ base64: seed!.base64, name: seed!.fileName, colormap: 'warm', colormapNegative: 'winter', opacity: 0.9 });
      const roiImage = await NVImage.loadFromBase64({ base64: rois!.base64, name: rois!.fileName, colormap: 'gray', opacity: 0.6 });
      if (disposed) return;
      roiImage.setColormapLabel(ROI_LABELS);
      seedImage.cal_min = 0.3;
      seedImage.cal_max = Math.max(0.4, Math.abs(seedImage.global_max ?? 1), Math.abs(seedImage.global_min ?? 0));
      for (const image of [meanImage, seedImage, roiImage]) nv.addVolume(image);
      nv.setAtlasOutline(1);
      nv.setSliceType(SLICE_TYPE.MULTIPLANAR);
      nv.onLocationChange = location;
      nv.scene.crosshairPos = nv.mm2frac([...DEFAULT_PRECUNEUS_CENTRE]);
      nv.updateGLVolume();
      nv.createOnLocationChange();
      setState({ status: 'ready' });
      onReady.current?.({ snapshot: () => { nv.drawScene(); return element.toDataURL('image/png'); } });
    })().catch((error: unknown) => { if (!disposed) setState({ status: 'failed', error }); });
    return () => {
      disposed = true;
      nvRef.current = null;
      const gl = element.getContext('webgl2');
      gl?.getExtension('WEBGL_lose_context')?.loseContext();
    };
  }, [props.analysisId]);

  useEffect(() => {
    const nv = nvRef.current;
    if (!nv || state.status !== 'ready' || nv.volumes.length < 3) return;
    const seed = nv.volumes[SEED]!;
    seed.cal_min = threshold;
    seed.cal_max = Math.max(threshold + 0.1, seed.cal_max ?? 1);
    nv.setAtlasOutline(roiMode === 'outline' ? 1 : 0);
    nv.setOpacity(ROIS, roiMode === 'off' ? 0 : roiMode === 'fill' ? 0.45 : 0.9);
    nv.updateGLVolume();
  }, [threshold, roiMode, state.status]);

  return (
    <div className={props.compact ? 'viewer compact' : 'viewer'} data-testid="brain-viewer" data-state={state.status}>
      <div className="viewer-canvas"><canvas ref={canvas} data-testid="viewer-canvas" aria-label={t('imaging.viewer')} /></div>
      {state.status === 'loading' ? <p className="muted viewer-status">{t('viewer.loading')}</p> : null}
      {state.status === 'failed' ? <p className="error" role="alert">{t('viewer.failed', { message: errorText(state.error, i18n) })}</p> : null}
      {props.compact ? null : (
        <div className="viewer-controls">
          <label className="threshold">
            <span>{t('viewer.threshold', { value: i18n.number(threshold, 2) })}</span>
            <input type="range" min={0} max={1.5} step={0.05} value={threshold} onChange={(e) => setThreshold(Number(e.target.value))} data-testid="viewer-threshold" />
          </label>
          <div className="roi-mode" role="radiogroup" aria-label={t('viewer.rois')}>
            <span className="label">{t('viewer.rois')}</span>
            {(['outline', 'fill', 'off'] as const).map((m) => (
              <button key={m} type="button" role="radio" aria-checked={roiMode === m} className={roiMode === m ? 'lang active' : 'lang'} onClick={() => setRoiMode(m)}>
                {t(m === 'outline' ? 'viewer.roiOutline' : m === 'fill' ? 'viewer.roiFill' : 'viewer.roiOff')}
              </button>
            ))}
          </div>
          <output className="readout" data-testid="viewer-readout">{readout ? t('viewer.readout', {
            x: i18n.number(readout.mm[0]!, 1), y: i18n.number(readout.mm[1]!, 1), z: i18n.number(readout.mm[2]!, 1),
            value: readout.z === null ? t('common.none') : i18n.number(readout.z, 3),
          }) : '\u00a0'}</output>
          <p className="hint">{t('viewer.legend')}</p>
        </div>
      )}
    </div>
  );
}
