/** Binary morphology on 3D masks stored x fastest, then y, z. */

/**
 * 6-connected binary erosion, repeated `iterations` times: a voxel stays set only when it and its
 * six face neighbours are all set. Neighbours outside the grid count as unset, so voxels on the
 * grid's edge are removed. (CONN erodes the white-matter and CSF masks by one voxel before aCompCor.)
 */
export function erodeMask(mask: Uint8Array, dims: readonly number[], iterations = 1): Uint8Array {
  const [nx, ny, nz] = dims;
  if (mask.length !== nx * ny * nz) throw new Error(`erodeMask: mask has ${mask.length} voxels, dims give ${nx * ny * nz}`);
  let cur = Uint8Array.from(mask, (v) => (v ? 1 : 0));
  const sx = 1, sy = nx, sz = nx * ny;
  for (let it = 0; it < iterations; it++) {
    const next = new Uint8Array(cur.length);
    for (let k = 0; k < nz; k++) {
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          const p = i + nx * (j + ny * k);
          if (!cur[p]) continue;
          if (i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1) continue;
          if (cur[p - sx] && cur[p + sx] && cur[p - sy] && cur[p + sy] && cur[p - sz] && cur[p + sz]) next[p] = 1;
        }
      }
    }
    cur = next;
  }
  return cur;
}
