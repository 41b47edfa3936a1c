/**
 * The bundled MNI ICBM 2009c tissue probability maps (grey matter, white matter, CSF) on a phantom's
 * grid, nearest neighbour, read synchronously (the generator is synchronous; the files are ~1 MB).
 * The phantom puts its planted ROI signal in grey matter and its nuisance in white matter and CSF in
 * proportion to these probabilities, as partial volume would.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { invertAffine, multiplyAffine } from '../../../shared/imaging/affine';
import { mniTemplatePath, type MniTemplate } from '../mni-templates';
import { volumeToFloat32 } from '../nifti/convert-voxels';
import { parseNiftiHeader } from '../nifti/parse-header';

export interface TissueProbabilities {
  gm: Float32Array;
  wm: Float32Array;
  csf: Float32Array;
}

interface GridLike { dims: readonly number[]; affine: readonly number[] }

function readTemplate(which: MniTemplate): { dims: number[]; affine: number[]; data: Float32Array } {
  const path = mniTemplatePath(which);
  const bytes = new Uint8Array(gunzipSync(readFileSync(path)));
  const header = parseNiftiHeader(bytes, { name: path, gzipped: true, fileBytes: bytes.byteLength });
  if (header.affine === null) throw new Error(`${path} has no orientation`);
  const [nx, ny, nz] = header.dims;
  const data = new Float32Array(nx * ny * nz);
  volumeToFloat32(bytes.subarray(header.voxOffset), header, data);
  return { dims: [nx, ny, nz], affine: [...header.affine], data };
}

/** Values of `source` at the target voxel centres (nearest voxel); 0 outside the source. */
export function sampleNearest(source: { dims: readonly number[]; affine: readonly number[]; data: ArrayLike<number> }, target: GridLike): Float32Array {
  const [sx, sy, sz] = source.dims;
  const [tx, ty, tz] = target.dims;
  const m = multiplyAffine(invertAffine(source.affine), target.affine);
  const out = new Float32Array(tx * ty * tz);
  let o = 0;
  for (let k = 0; k < tz; k++) {
    for (let j = 0; j < ty; j++) {
      for (let i = 0; i < tx; i++, o++) {
        const si = Math.floor(m[0] * i + m[1] * j + m[2] * k + m[3] + 0.5 + 1e-6);
        const sj = Math.floor(m[4] * i + m[5] * j + m[6] * k + m[7] + 0.5 + 1e-6);
        const sk = Math.floor(m[8] * i + m[9] * j + m[10] * k + m[11] + 0.5 + 1e-6);
        if (si < 0 || sj < 0 || sk < 0 || si >= sx || sj >= sy || sk >= sz) continue;
        const v = source.data[si + sx * (sj + sy * sk)];
        out[o] = Number.isFinite(v) ? v : 0;
      }
    }
  }
  return out;
}

const cache = new Map<string, TissueProbabilities>();

/** Grey matter, white matter and CSF probabilities on `grid` (cached per grid). */
export function tissueProbabilities(grid: GridLike): TissueProbabilities {
  const key = `${grid.dims.join('x')} ${grid.affine.join(',')}`;
  let found = cache.get(key);
  if (!found) {
    found = {
      gm: sampleNearest(readTemplate('grey'), grid),
      wm: sampleNearest(readTemplate('white'), grid),
      csf: sampleNearest(readTemplate('csf'), grid),
    };
    cache.set(key, found);
  }
  return found;
}
