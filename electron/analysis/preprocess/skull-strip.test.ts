import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mniReferences } from './mni-references';
import { skullStrippedT1, stripSkull } from './skull-strip';

const identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

test('stripSkull keeps the T1 inside the dilated MNI brain mask (carried through T1 → MNI) and zeroes the rest', async () => {
  const refs = await mniReferences();
  const stripped = stripSkull(refs.t1, identity, refs);
  let kept = 0, zeroed = 0;
  for (let i = 0; i < stripped.data.length; i++) {
    if (refs.dilatedMask.data[i] > 0.5) { assert.equal(stripped.data[i], refs.t1.data[i]); kept++; } else { assert.equal(stripped.data[i], 0); zeroed++; }
  }
  assert.ok(kept > 100_000 && zeroed > 100_000, `kept ${kept}, zeroed ${zeroed}`);
  // T1 world → MNI world = +20 mm in z: the mask lands 20 mm (10 voxels) lower in the T1, so the
  // lowest kept voxel of the midline column moves down by 10.
  const up = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 20, 0, 0, 0, 1];
  const shifted = stripSkull(refs.t1, up, refs);
  const [nx, ny, nz] = refs.t1.dims;
  const column = (mask: (v: number) => boolean) => {
    const i = Math.round(nx / 2), j = Math.round(ny / 2);
    for (let k = 0; k < nz; k++) if (mask(i + nx * (j + ny * k))) return k;
    return -1;
  };
  const floor = column((v) => refs.dilatedMask.data[v] > 0.5);
  const shiftedFloor = column((v) => shifted.data[v] !== 0);
  assert.ok(floor > 0 && shiftedFloor >= 0 && floor - shiftedFloor >= 9 && floor - shiftedFloor <= 11, `floor ${floor} → ${shiftedFloor} (2 mm voxels)`);
});

test('one strip per T1 object: the same promise while it lives; a cancelled one is not kept', async () => {
  const refs = await mniReferences();
  const t1 = { ...refs.t1 };
  const aborted = AbortSignal.abort();
  const first = skullStrippedT1(t1, { signal: aborted });
  assert.equal(skullStrippedT1(t1, { signal: aborted }), first);
  await assert.rejects(first, { code: 'analysis.cancelled' });
  await new Promise((resolve) => setImmediate(resolve));
  const again = skullStrippedT1(t1, { signal: aborted });
  assert.notEqual(again, first);
  await assert.rejects(again, { code: 'analysis.cancelled' });
});
