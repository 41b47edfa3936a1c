/**
 * What the viewer shows, as data: the colours (z map, ROI outlines: chosen so that neither ROI
 * colour occurs in either z colour scale), window/level of the background image, zoom steps.
 * Pure, so the legend, the report and the tests use the same values as NiiVue.
 */

/** Positive z: NiiVue "warm" (orange → yellow); negative z: "electric_blue" (dark → light blue). */
export const Z_COLORMAP = { positive: 'warm', negative: 'electric_blue' } as const;

/** tSNR overlay: NiiVue "hot" (black → red → yellow → white), shown instead of the z map, never with it. */
export const TSNR_COLORMAP = 'hot';

/** What is laid over the mean image: the seed map's z or the tSNR map. */
export type Overlay = 'z' | 'tsnr';

/** ROI colours as RGB 0–255: magenta and green, far from orange–yellow and from the blues. */
export const ROI_RGB = { mpfc: [230, 0, 230], precuneus: [0, 210, 0] } as const;

/** CSS colours of the legend swatches (same as the canvas). */
export const LEGEND_CSS = {
  positive: 'linear-gradient(90deg, rgb(255,127,0), rgb(255,254,0))',
  negative: 'linear-gradient(90deg, rgb(255,255,255), rgb(136,220,253), rgb(10,39,223))',
  tsnr: 'linear-gradient(90deg, rgb(0,0,0), rgb(255,0,0), rgb(255,255,0), rgb(255,255,255))',
  mpfc: `rgb(${ROI_RGB.mpfc.join(',')})`,
  precuneus: `rgb(${ROI_RGB.precuneus.join(',')})`,
} as const;

/** NiiVue label colour table for the ROI volume (0 background, 1 mPFC, 2 precuneus). */
export function roiLabelTable(): { R: number[]; G: number[]; B: number[]; A: number[]; I: number[]; labels: string[] } {
  return {
    R: [0, ROI_RGB.mpfc[0], ROI_RGB.precuneus[0]],
    G: [0, ROI_RGB.mpfc[1], ROI_RGB.precuneus[1]],
    B: [0, ROI_RGB.mpfc[2], ROI_RGB.precuneus[2]],
    A: [0, 255, 255],
    I: [0, 1, 2],
    labels: ['', 'mPFC', 'precuneus'],
  };
}

export type RoiMode = 'outline' | 'fill' | 'off';

/**
 * NiiVue settings for an ROI display mode: the layer's opacity (inside the ROI) and the atlas
 * outline opacity (its border voxels). "outline" leaves the inside almost clear so the z map shows.
 * NiiVue skips a layer whose opacity is exactly 0, hence the small positive value.
 */
export function roiModeSettings(mode: RoiMode): { opacity: number; outline: number } {
  if (mode === 'outline') return { opacity: 0.02, outline: 1 };
  if (mode === 'fill') return { opacity: 0.35, outline: 0 };
  return { opacity: 0, outline: 0 };
}

/** Window (width) and level (centre) as percentages of the image's robust intensity range. */
export interface WindowLevel {
  levelPct: number;
  widthPct: number;
}

export const DEFAULT_WINDOW: WindowLevel = { levelPct: 50, widthPct: 100 };

/** The display range (cal_min, cal_max) for a window/level over the robust range [lo, hi]. */
export function displayRange(lo: number, hi: number, w: WindowLevel): { min: number; max: number } {
  const range = Number.isFinite(hi - lo) && hi > lo ? hi - lo : 1;
  const base = Number.isFinite(lo) ? lo : 0;
  const width = Math.max(1, w.widthPct) / 100;
  const centre = base + (range * w.levelPct) / 100;
  return { min: centre - (range * width) / 2, max: centre + (range * width) / 2 };
}

/** The tSNR display range: 0 to the robust maximum rounded up to a multiple of 10 (at least 10). */
export function tsnrRange(robustMax: number | undefined): { min: number; max: number } {
  const top = Number.isFinite(robustMax) && (robustMax as number) > 0 ? Math.ceil((robustMax as number) / 10) * 10 : 10;
  return { min: 0, max: Math.max(10, top) };
}

export const ZOOM_STEPS = [1, 1.5, 2, 3, 4] as const;

/** The next zoom step in `direction` (+1 in, −1 out), staying within the steps. */
export function nextZoom(current: number, direction: 1 | -1): number {
  const index = ZOOM_STEPS.findIndex((z) => z >= current - 1e-9);
  const at = index < 0 ? ZOOM_STEPS.length - 1 : index;
  return ZOOM_STEPS[Math.min(ZOOM_STEPS.length - 1, Math.max(0, at + direction))]!;
}
