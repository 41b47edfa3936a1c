/**
 * The analysis images in NiiVue (WebGL2): the patient's mean BOLD in grey (window/level
 * adjustable), the seed-to-voxel z map over it (orange–yellow for positive z, blues for negative,
 * threshold adjustable, with NiiVue's colour bar), the two ROIs (mPFC magenta, precuneus green) as
 * outlines that leave the z map visible, translucent, or hidden; three orthogonal slices with
 * readable orientation letters, radiological or neurological convention, a thin gapped crosshair,
 * "go to mPFC / precuneus", zoom, and a readout of the crosshair's MNI millimetres and seed-map z.
 * Instead of the z map, the tSNR map (mean / SD over time of the data as analysed, NiiVue "hot",
 * with its colour bar) can be laid over the mean image when the analysis stored one.
 * Volumes come from the main process as base64 gzip NIfTI (`imaging.image`). `onReady` hands out
 * `snapshot()`: a PNG data URL of the current scene (drawScene then toDataURL in the same task: a
 * WebGL canvas prints black otherwise).
 */
import { useEffect, useRef, useState } from 'react';
import { NVImage, Niivue, SHOW_RENDER, SLICE_TYPE } from '@niivue/niivue';
import { DEFAULT_MPFC_CENTRE, DEFAULT_PRECUNEUS_CENTRE, type Vec3 } from '../../shared/imaging/analysis-types';
import { krp } from '../bridge';
import { errorDetail } from '../error-text';
import { useI18n } from '../i18n/i18n';
import { DEFAULT_WINDOW, TSNR_COLORMAP, Z_COLORMAP, displayRange, roiLabelTable, roiModeSettings, tsnrRange, type Overlay, type RoiMode, type WindowLevel } from './viewer-settings';
import { ViewerControls, ViewerLegend } from './viewer-controls';

export interface ViewerApi {
  /** PNG data URL of the scene as now shown. */
  snapshot(): string;
}

const MEAN = 0;
const SEED = 1; // volume index of the z map
/** Volume indices after the seed map: the tSNR map (when stored) comes before the ROIs so their outlines stay on top. */
interface Layers { tsnr: number | null; rois: number }
const NIFTI_INTENT_LABEL = 1002; // NiiVue outlines only label volumes

export interface ViewerView {
  threshold: number;
  roiMode: RoiMode;
  radiological: boolean;
  window: WindowLevel;
  zoom: number;
  overlay: Overlay;
}

export function BrainViewer(props: { analysisId: number; onReady?(api: ViewerApi): void; compact?: boolean; centres?: { mpfc: Vec3 | null; precuneus: Vec3 | null } }) {
  const i18n = useI18n();
  const { t } = i18n;
  const canvas = useRef<HTMLCanvasElement>(null);
  const nvRef = useRef<Niivue | null>(null);
  const [state, setState] = useState<{ status: 'loading' } | { status: 'ready' } | { status: 'failed'; error: unknown }>({ status: 'loading' });
  const [view, setView] = useState<ViewerView>({ threshold: 0.3, roiMode: 'outline', radiological: false, window: DEFAULT_WINDOW, zoom: 1, overlay: 'z' });
  const [readout, setReadout] = useState<{ mm: number[]; z: number | null; tsnr: number | null } | null>(null);
  const layers = useRef<Layers>({ tsnr: null, rois: 2 });
  const [tsnrShown, setTsnrShown] = useState<{ min: number; max: number } | null>(null);
  const onReady = useRef(props.onReady);
  onReady.current = props.onReady;

  useEffect(() => {
    let disposed = false;
    const element = canvas.current;
    if (!element) return;
    setState({ status: 'loading' });
    const nv = new Niivue({
      backColor: [0, 0, 0, 1], show3Dcrosshair: false, isColorbar: true, crosshairColor: [1, 1, 1, 0.6], crosshairWidth: 0.3, crosshairGap: 6,
      multiplanarShowRender: SHOW_RENDER.NEVER, loadingText: '', textHeight: 0.06, fontMinPx: 15, isOrientCube: false,
      isOrientationTextVisible: true, showAllOrientationMarkers: true, colorbarHeight: 0.04, isRadiologicalConvention: false,
    });
    nvRef.current = nv;
    const location = (loc: unknown) => {
      const l = loc as { mm: ArrayLike<number>; values: { value: number }[] };
      const finite = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
      const tsnrAt = layers.current.tsnr === null ? null : finite(l.values[layers.current.tsnr]?.value);
      setReadout({ mm: [l.mm[0], l.mm[1], l.mm[2]], z: finite(l.values[SEED]?.value), tsnr: tsnrAt });
    };
    (async () => {
      // The tSNR map is optional (analyses by earlier versions have none; the report's snapshot needs none).
      const tsnrLoad = props.compact ? Promise.resolve(null) : krp().imaging.image({ analysisId: props.analysisId, kind: 'tsnr' }).catch(() => null);
      const [mean, seed, rois] = await Promise.all((['mean', 'seed-map', 'rois'] as const).map((kind) => krp().imaging.image({ analysisId: props.analysisId, kind })));
      const tsnr = await tsnrLoad;
      if (disposed) return;
      await nv.attachToCanvas(element);
      const meanImage = await NVImage.loadFromBase64({ base64: mean!.base64, name: mean!.fileName, colormap: 'gray' });
      const seedImage = await NVImage.loadFromBase64({ base64: seed!.base64, name: seed!.fileName, colormap: Z_COLORMAP.positive, colormapNegative: Z_COLORMAP.negative, opacity: 0.9 });
      const roiImage = await NVImage.loadFromBase64({ base64: rois!.base64, name: rois!.fileName, colormap: 'gray', opacity: 0.02 });
      const tsnrImage = tsnr === null ? null : await NVImage.loadFromBase64({ base64: tsnr.base64, name: tsnr.fileName, colormap: TSNR_COLORMAP, opacity: 0 });
      if (disposed) return;
      meanImage.colorbarVisible = false;
      roiImage.colorbarVisible = false;
      roiImage.hdr!.intent_code = NIFTI_INTENT_LABEL;
      roiImage.setColormapLabel(roiLabelTable());
      seedImage.cal_min = 0.3;
      seedImage.cal_max = Math.max(0.4, Math.abs(seedImage.global_max ?? 1), Math.abs(seedImage.global_min ?? 0));
      let range: { min: number; max: number } | null = null;
      if (tsnrImage) {
        range = tsnrRange(tsnrImage.robust_max ?? tsnrImage.global_max);
        tsnrImage.cal_min = range.min;
        tsnrImage.cal_max = range.max;
        tsnrImage.colorbarVisible = false;
      }
      layers.current = tsnrImage ? { tsnr: 2, rois: 3 } : { tsnr: null, rois: 2 };
      for (const image of tsnrImage ? [meanImage, seedImage, tsnrImage, roiImage] : [meanImage, seedImage, roiImage]) nv.addVolume(image);
      setTsnrShown(range);
      nv.setAtlasOutline(1);
      nv.setSliceType(SLICE_TYPE.MULTIPLANAR);
      nv.onLocationChange = location;
      nv.scene.crosshairPos = nv.mm2frac([...(props.centres?.precuneus ?? DEFAULT_PRECUNEUS_CENTRE)]);
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
  }, [props.analysisId]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const nv = nvRef.current;
    if (!nv || state.status !== 'ready' || nv.volumes.length < 3) return;
    const seed = nv.volumes[SEED]!;
    const { tsnr, rois } = layers.current;
    const showTsnr = view.overlay === 'tsnr' && tsnr !== null;
    seed.colorbarVisible = !showTsnr;
    nv.setOpacity(SEED, showTsnr ? 0 : 0.9);
    if (tsnr !== null) {
      nv.volumes[tsnr]!.colorbarVisible = showTsnr;
      nv.setOpacity(tsnr, showTsnr ? 0.9 : 0);
    }
    seed.cal_min = view.threshold;
    seed.cal_max = Math.max(view.threshold + 0.1, seed.cal_max ?? 1);
    const mean = nv.volumes[MEAN]!;
    const range = displayRange(mean.robust_min ?? mean.global_min ?? 0, mean.robust_max ?? mean.global_max ?? 1, view.window);
    mean.cal_min = range.min;
    mean.cal_max = range.max;
    const roi = roiModeSettings(view.roiMode);
    nv.opts.atlasOutline = roi.outline;
    nv.setOpacity(rois, roi.opacity);
    nv.opts.isRadiologicalConvention = view.radiological;
    nv.scene.pan2Dxyzmm = [0, 0, 0, view.zoom];
    nv.updateGLVolume();
  }, [view, state.status]);

  const goTo = (centre: Vec3) => {
    const nv = nvRef.current;
    if (!nv || state.status !== 'ready') return;
    nv.scene.crosshairPos = nv.mm2frac([...centre]);
    nv.drawScene();
    nv.createOnLocationChange();
  };

  return (
    <div className={props.compact ? 'viewer compact' : 'viewer'} data-testid="brain-viewer" data-state={state.status}>
      <div className="viewer-canvas"><canvas ref={canvas} data-testid="viewer-canvas" aria-label={t('imaging.viewer')} /></div>
      {state.status === 'loading' ? <p className="muted viewer-status">{t('viewer.loading')}</p> : null}
      {state.status === 'failed' ? <p className="error" role="alert">{t('viewer.failed', { message: errorDetail(state.error, i18n) })}</p> : null}
      <ViewerLegend view={view} tsnr={tsnrShown} />
      {props.compact ? null : (
        <ViewerControls view={view} onChange={(change) => setView((v) => ({ ...v, ...change }))} readout={readout} tsnrAvailable={tsnrShown !== null}
          onGoTo={(roi) => goTo(roi === 'mpfc' ? props.centres?.mpfc ?? DEFAULT_MPFC_CENTRE : props.centres?.precuneus ?? DEFAULT_PRECUNEUS_CENTRE)} />
      )}
    </div>
  );
}
