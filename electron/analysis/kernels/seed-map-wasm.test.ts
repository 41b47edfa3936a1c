import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Matrix } from '../../../shared/imaging/matrix';
import { seededRng } from '../phantom/rng';
import { seedMapZ } from '../steps/seed-map';
import { WasmSeedMap } from './seed-map-wasm';
import { WASM_BASE64 } from './seed-map-kernel.wasm';

/** Uniform on [−0.5, 0.5), reproducible. */
function rng(seed: number): () => number {
  const r = seededRng(seed);
  return () => r.uniform() - 0.5;
}

test('the committed kernel bytes are what the .wat compiles to', async () => {
  const { compileWat } = await import('../../../scripts/build-wasm.mjs');
  const wat = readFileSync(new URL('./seed-map-kernel.wat', import.meta.url), 'utf8');
  assert.equal(compileWat(wat, 'seed-map-kernel.wat').toString('base64'), WASM_BASE64);
});

for (const [N, K, V] of [[40, 7, 2500], [23, 4, 1030], [200, 66, 3000]] as const) {
  test(`WebAssembly seed map equals the float64 reference (N=${N}, K=${K}, V=${V}, voxels not a multiple of 4)`, () => {
    const random = rng(N * 1000 + K);
    const workspace = WasmSeedMap.create(N);
    assert.ok(workspace, 'WebAssembly SIMD is available in this Node');
    const data = workspace.allocateData(N * V);
    for (let i = 0; i < data.length; i++) data[i] = 20 * random();
    const G: Matrix = { rows: K, cols: N, data: Float64Array.from({ length: K * N }, () => random()) };
    const seed = Float64Array.from({ length: K }, () => random());
    const include = new Uint8Array(V).fill(1);
    include[5] = 0;
    const expected = seedMapZ({ data: Float32Array.from(data), scans: N, V, G, seedCoefficients: seed, include });
    const actual = workspace.compute({ data, scans: N, V, G, seedCoefficients: seed, include });
    assert.ok(Number.isNaN(actual[5]) && Number.isNaN(expected[5]), 'excluded voxel left NaN');
    let maxDiff = 0;
    for (let i = 0; i < V; i++) if (i !== 5) maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
    assert.ok(maxDiff < 1e-4, `max |Δz| = ${maxDiff}`);
    assert.ok(expected.some((z) => Math.abs(z) > 0.3), 'the test data has sizeable correlations');
  });
}

test('a seed with no signal is refused with a clear message', () => {
  const workspace = WasmSeedMap.create(30)!;
  const data = workspace.allocateData(30 * 8);
  assert.throws(() => workspace.compute({ data, scans: 30, V: 8, G: { rows: 4, cols: 30, data: new Float64Array(120) }, seedCoefficients: new Float64Array(4), include: new Uint8Array(8).fill(1) }),
    /flat after denoising/);
});
