/** Binary morphology on 3D masks stored x fastest, then y, z. */

/**
 * 6-connected binary erosion, repeated `iterations` times: a voxel stays set only when it and its
 * six face neighbours are all set. Neighbours outside the grid count as unset, so voxels on the
 * grid's edge are removed. (CONN erodes the white-matter and CSF masks by one voxel before aCompCor.)
 */
export function erodeMask(mask: Uint8Array, dims: readonly number[], iterations = 1): Uint8Array {
  const [nx, ny, nz] = dims;
  if (mask.length !== nx * ny * nz) throw new Error(`erodeMask: mask has ${mask.length} voxels, dims give ${nx * ny * nz}`);
  let cur = new Uint8Array(mask.length);
  for (let p = 0; p < mask.length; p++) cur[p] = mask[p] ? 1 : 0;
  const sx = 1, sy = nx, sz = nx * ny;
  for (let it = 0; it < iterations; it++) {
    // Voxels on the grid's edge stay unset: only the interior is visited.
    const next = new Uint8Array(cur.length);
    for (let k = 1; k < nz - 1; k++) {
      for (let j = 1; j < ny - 1; j++) {
        const row = nx * (j + ny * k);
        for (let p = row + 1; p < row + nx - 1; p++) {
          if (cur[p] && cur[p - sx] && cur[p + sx] && cur[p - sy] && cur[p + sy] && cur[p - sz] && cur[p + sz]) next[p] = 1;
        }
      }
    }
    cur = next;
  }
  return cur;
}
