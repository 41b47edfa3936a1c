/**
 * A small, quick MNI-grid BOLD for tests that need a valid image but not a planted answer
 * (worker progress/cancel, CLI plumbing): 6 mm voxels over the FSL MNI box, a brain-shaped
 * ellipsoid of noisy signal, `volumes` scans. Written with the app's own NIfTI writer.
 */
import { join } from 'node:path';
import { writeNifti } from '../nifti/write-nifti';
import { seededRng } from '../phantom/rng';

export async function writeCoarseBold(dir: string, options: { volumes?: number; voxelMm?: number; seed?: number; name?: string } = {}): Promise<string> {
  const volumes = options.volumes ?? 40;
  const s = options.voxelMm ?? 6;
  const dims = [Math.round(180 / s) + 1, Math.round(216 / s) + 1, Math.round(180 / s) + 1, volumes];
  const affine = [s, 0, 0, -90, 0, s, 0, -126, 0, 0, s, -72, 0, 0, 0, 1];
  const [nx, ny, nz] = dims;
  const data = new Float32Array(nx * ny * nz * volumes);
  const rng = seededRng(options.seed ?? 1);
  const random = () => rng.uniform() - 0.5;
  const slow = Array.from({ length: volumes }, (_, t) => Math.sin(t / 5));
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const x = -90 + s * i;
        const y = -126 + s * j;
        const z = -72 + s * k;
        const inBrain = (x / 72) ** 2 + ((y + 18) / 95) ** 2 + ((z - 18) / 72) ** 2 <= 1;
        const v = i + nx * (j + ny * k);
        for (let t = 0; t < volumes; t++) {
          data[v + t * nx * ny * nz] = inBrain ? 1000 + 10 * slow[t] * (x > 0 ? 1 : -1) + 20 * random() : 5 + 5 * random();
        }
      }
    }
  }
  const path = join(dir, options.name ?? 'coarse_bold.nii.gz');
  await writeNifti(path, { dims, affine, datatype: 'float32', data, trSeconds: 2, sformCode: 4, qformCode: 4 }, { gzip: path.endsWith('.gz') });
  return path;
}
