import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyAffine, multiplyAffine } from '../../../shared/imaging/affine';
import { readNiftiImage } from '../nifti/read-image';
import { mniTemplatePath } from '../mni-templates';
import { eulerRotation, parameterMap, registerVolumes, toItkImage, transformFromParameterMap } from './elastix-runner';
import { elastixThreadAlive, stopElastixThread } from './elastix-thread';
import type { Volume } from './volume';

async function template(): Promise<Volume> {
  const image = await readNiftiImage(mniTemplatePath('t1'));
  const [nx, ny, nz] = image.header.dims;
  return { dims: [nx, ny, nz], affine: image.header.affine as number[], data: image.data };
}

/** Largest displacement (mm) between two world→world transforms over a head-sized box. */
function worstDisagreement(a: number[], b: number[]): number {
  let worst = 0;
  for (const x of [-70, 70]) for (const y of [-100, 70]) for (const z of [-50, 80]) {
    const p = applyAffine(a, [x, y, z]);
    const q = applyAffine(b, [x, y, z]);
    worst = Math.max(worst, Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]));
  }
  return worst;
}

test('an itk-wasm image is the LPS view of the RAS affine (spacing, origin, row-major direction)', () => {
  const volume: Volume = { dims: [2, 3, 4], affine: [-2, 0, 0, 90, 0, 2, 0, -126, 0, 0, 3, -72, 0, 0, 0, 1], data: new Float32Array(24) };
  const image = toItkImage(volume);
  assert.deepEqual(image.spacing, [2, 2, 3]);
  assert.deepEqual(image.origin, [-90, 126, -72]);
  assert.deepEqual(Array.from(image.direction), [1, 0, 0, 0, -1, 0, 0, 0, 1]);
});

test('parameter-map overrides replace the defaults they name and leave the others', () => {
  const plain = parameterMap({ kind: 'affine' });
  const changed = parameterMap({ kind: 'affine', overrides: { Metric: ['AdvancedNormalizedCorrelation'], NumberOfResolutions: ['4'] } });
  assert.deepEqual(plain.Metric, ['AdvancedMattesMutualInformation']);
  assert.deepEqual(changed.Metric, ['AdvancedNormalizedCorrelation']);
  assert.deepEqual(changed.NumberOfResolutions, ['4']);
  assert.deepEqual(changed.Transform, ['AffineTransform']);
  assert.deepEqual({ ...changed, Metric: plain.Metric, NumberOfResolutions: plain.NumberOfResolutions }, plain);
});

test('an elastix Euler map (LPS, about its centre) becomes the RAS world transform, by hand', () => {
  // Rotation 90° about z, centre (10, 0, 0) LPS, translation (1, 2, 3) LPS.
  const ras = transformFromParameterMap({
    Transform: ['EulerTransform'], TransformParameters: ['0', '0', String(Math.PI / 2), '1', '2', '3'], CenterOfRotationPoint: ['10', '0', '0'],
  });
  // RAS point (0,0,0) = LPS (0,0,0) → R·(−10,0,0) + (10,0,0) + (1,2,3) = (0,−10,0)+(11,2,3) = (11,−8,3) LPS = (−11, 8, 3) RAS.
  const p = applyAffine(ras, [0, 0, 0]);
  assert.ok(Math.hypot(p[0] + 11, p[1] - 8, p[2] - 3) < 1e-9, p.join(','));
  assert.throws(() => transformFromParameterMap({ Transform: ['BSplineTransform'], TransformParameters: ['1'] }), { code: 'registration.failed' });
});

test('elastix recovers a planted rigid and affine transform of the MNI template (within 0.5 mm)', async () => {
  const fixed = await template();
  const r = eulerRotation(0.05, -0.08, 0.1);
  const truth = [r[0], r[1], r[2], 5, r[3], r[4], r[5], -7, r[6], r[7], r[8], 3, 0, 0, 0, 1];
  const moving: Volume = { ...fixed, affine: multiplyAffine(truth, fixed.affine) };
  const rigid = await registerVolumes(fixed, moving, { kind: 'rigid' });
  assert.ok(worstDisagreement(rigid.fixedToMoving, truth) < 0.5, `rigid off by ${worstDisagreement(rigid.fixedToMoving, truth)} mm`);
  const scaled = multiplyAffine(truth, [1.08, 0, 0, 0, 0, 0.95, 0, 0, 0, 0, 1.03, 0, 0, 0, 0, 1]);
  const affine = await registerVolumes(fixed, { ...fixed, affine: multiplyAffine(scaled, fixed.affine) }, { kind: 'affine' });
  assert.ok(worstDisagreement(affine.fixedToMoving, scaled) < 0.5, `affine off by ${worstDisagreement(affine.fixedToMoving, scaled)} mm`);
});

test('a registration elastix cannot run (images 1 m apart) is a coded error, and the runner still works after it', async () => {
  const textured = (tx: number): Volume => {
    const data = new Float32Array(16 ** 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 101;
    return { dims: [16, 16, 16], affine: [2, 0, 0, tx, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1], data };
  };
  await assert.rejects(registerVolumes(textured(0), textured(1000), { kind: 'rigid' }), { code: 'registration.failed' });
  const fixed = await template();
  const again = await registerVolumes(fixed, fixed, { kind: 'rigid', resolutions: 2 });
  assert.ok(worstDisagreement(again.fixedToMoving, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]) < 0.5);
});

test('cancel while elastix is computing ends the registration at once: analysis.cancelled, no thread left, the next registration works', async () => {
  const fixed = await template();
  const moving: Volume = { ...fixed, affine: multiplyAffine([1, 0, 0, 4, 0, 1, 0, -3, 0, 0, 1, 2, 0, 0, 0, 1], fixed.affine) };
  const controller = new AbortController();
  let started = false;
  // Many iterations: far longer than the cancel takes, so a result before the cancel would be a failure.
  const running = registerVolumes(fixed, moving, {
    kind: 'affine', resolutions: 4, iterations: 5000, samples: 20000, signal: controller.signal,
    onStarted: () => { started = true; controller.abort(); },
  });
  await assert.rejects(running, { code: 'analysis.cancelled' });
  assert.equal(started, true, 'cancelled before elastix started');
  assert.equal(elastixThreadAlive(), false);
  const again = await registerVolumes(fixed, fixed, { kind: 'rigid', resolutions: 1, iterations: 50 });
  assert.ok(worstDisagreement(again.fixedToMoving, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]) < 1);
  await stopElastixThread();
});
