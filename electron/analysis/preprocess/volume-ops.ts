/**
 * Small operations on whole volumes that registration needs: reading a template as a Volume, the
 * intensity centre of mass (the starting guess for a registration), a translation matrix, a coarser
 * copy of a volume, and the correlation of two volumes inside a mask (the agreement measure).
 */
import { applyAffine, affineVoxelSizes, invertAffine } from '../../../shared/imaging/affine';
import type { Vec3Tuple } from '../../../shared/imaging/affine';
import { brainMaskFromVolume } from '../../../shared/imaging/brain-mask';
import { readNiftiImage } from '../nifti/read-image';
import { mniTemplatePath, type MniTemplate } from '../mni-templates';
import { resampleOnto } from './resample';
import type { Volume } from './volume';

/** One bundled MNI template (resources/mni) as a Volume. */
export async function readTemplate(which: MniTemplate): Promise<Volume> {
  const image = await readNiftiImage(mniTemplatePath(which));
  const [nx, ny, nz] = image.header.dims;
  if (image.header.affine === null) throw new Error(`The MNI template ${which} has no orientation.`);
  return { dims: [nx, ny, nz], affine: [...image.header.affine], data: image.data.subarray(0, nx * ny * nz) };
}

/** World position (RAS mm) of the intensity-weighted centre of the positive finite voxels. */
export function centreOfMass(volume: Volume): Vec3Tuple {
  const [nx, ny] = volume.dims;
  let w = 0;
  const s = [0, 0, 0];
  for (let v = 0; v < volume.data.length; v++) {
    const value = volume.data[v];
    if (!(value > 0) || !Number.isFinite(value)) continue;
    w += value;
    s[0] += value * (v % nx);
    s[1] += value * (Math.floor(v / nx) % ny);
    s[2] += value * Math.floor(v / (nx * ny));
  }
  if (w === 0) return applyAffine(volume.affine, [(volume.dims[0] - 1) / 2, (volume.dims[1] - 1) / 2, (volume.dims[2] - 1) / 2]);
  return applyAffine(volume.affine, [s[0] / w, s[1] / w, s[2] / w]);
}

/** The 4×4 translation by d (mm). */
export function translation(d: readonly number[]): number[] {
  return [1, 0, 0, d[0], 0, 1, 0, d[1], 0, 0, 1, d[2], 0, 0, 0, 1];
}

/** A copy of `volume` on a grid with voxels no smaller than `minMm` (same field of view and axes), or the volume itself. */
export function coarsen(volume: Volume, minMm: number): Volume {
  const sizes = affineVoxelSizes(volume.affine);
  const factors = sizes.map((s) => Math.max(1, Math.round(minMm / s)));
  if (factors.every((f) => f === 1)) return volume;
  const a = volume.affine;
  const affine = [...a];
  for (let c = 0; c < 3; c++) {
    for (let r = 0; r < 3; r++) affine[r * 4 + c] = a[r * 4 + c] * factors[c];
  }
  // Keep the centre of the first coarse voxel at the centre of the block it covers.
  const shift = factors.map((f) => (f - 1) / 2);
  for (let r = 0; r < 3; r++) affine[r * 4 + 3] = a[r * 4 + 3] + a[r * 4] * shift[0] + a[r * 4 + 1] * shift[1] + a[r * 4 + 2] * shift[2];
  const dims = volume.dims.map((n, c) => Math.max(1, Math.floor(n / factors[c]))) as Vec3Tuple;
  return resampleOnto(volume, { dims, affine }, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
}

/** Pearson correlation of two arrays over the voxels where `mask` is set (NaN when undefined). */
export function maskedCorrelation(a: ArrayLike<number>, b: ArrayLike<number>, mask: ArrayLike<number>): number {
  let n = 0, sa = 0, sb = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] && Number.isFinite(a[i]) && Number.isFinite(b[i])) { n++; sa += a[i]; sb += b[i]; }
  if (n < 3) return NaN;
  const ma = sa / n, mb = sb / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!(mask[i] && Number.isFinite(a[i]) && Number.isFinite(b[i]))) continue;
    const da = a[i] - ma, db = b[i] - mb;
    sab += da * db; saa += da * da; sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/** Fraction of the voxel centres of `inner` that fall inside the field of view of `outer`, through `innerToOuterWorld`. */
export function fractionInside(inner: { dims: Vec3Tuple; affine: number[] }, outer: { dims: Vec3Tuple; affine: number[] }, innerToOuterWorld: number[], step = 2): number {
  let inside = 0, total = 0;
  const inv = invertAffine(outer.affine);
  for (let k = 0; k < inner.dims[2]; k += step) for (let j = 0; j < inner.dims[1]; j += step) for (let i = 0; i < inner.dims[0]; i += step) {
    const world = applyAffine(innerToOuterWorld, applyAffine(inner.affine, [i, j, k]));
    const p = applyAffine(inv, world);
    total++;
    if (p.every((v, a) => v >= -0.5 && v <= outer.dims[a] - 0.5)) inside++;
  }
  return total === 0 ? 0 : inside / total;
}

/**
 * Dice overlap (0…1) of the image's own brain mask (voxels ≥ half the typical in-brain intensity,
 * SPM's global rule as the denoising uses it) with a template brain mask (≥ 0.5), counting only
 * voxels where `within` is set (e.g. the field of view). Independent of the image's contrast.
 */
export function brainMaskDice(image: ArrayLike<number>, templateMask: ArrayLike<number>, within: ArrayLike<number> | null): number {
  const values = Float32Array.from({ length: image.length }, (_, i) => (within === null || within[i] ? image[i] : NaN));
  const own = brainMaskFromVolume(values).mask;
  let both = 0, a = 0, b = 0;
  for (let i = 0; i < image.length; i++) {
    if (within !== null && !within[i]) continue;
    const t = templateMask[i] >= 0.5 ? 1 : 0;
    a += own[i];
    b += t;
    if (own[i] && t) both++;
  }
  return a + b === 0 ? 0 : (2 * both) / (a + b);
}
