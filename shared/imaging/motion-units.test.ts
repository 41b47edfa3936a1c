import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfounds } from './confounds';
import { framewiseDisplacement } from './motion';
import { decideRotationUnits, rotationsToRadians } from './motion-units';
import { fromRows } from './matrix';

const shared = (p: string) => join(process.cwd(), '..', 'shared', 'data', p);

test('rotations above 0.3 are degrees; small SPM-like radians stay radians; an option overrides', () => {
  const deg = fromRows([[0, 0, 0, 0, 0, 0], [0.1, 0.2, 0.1, 0.5, -0.4, 0.2], [0.2, 0.1, 0, 1.1, 0.3, 0]]);
  assert.equal(decideRotationUnits(deg, 'spm-rp').rotations, 'degrees');
  const rad = fromRows([[0, 0, 0, 0, 0, 0], [0.1, 0.3, 0.2, 0.002, -0.001, 0.0005], [0.2, 0.1, 0.5, 0.004, 0.001, 0]]);
  assert.equal(decideRotationUnits(rad, 'spm-rp').rotations, 'radians');
  assert.deepEqual([decideRotationUnits(deg, 'spm-rp', 'radians').rotations, decideRotationUnits(deg, 'spm-rp', 'radians').basis], ['radians', 'option']);
  assert.equal(decideRotationUnits(deg, 'fmriprep-tsv').rotations, 'radians');
  const back = rotationsToRadians(deg, 'degrees');
  assert.ok(Math.abs(back.data[2 * 6 + 3] - (1.1 * Math.PI) / 180) < 1e-15);
  assert.equal(back.data[2 * 6], 0.2);
});

test('the real Haxby motion estimates are detected as degrees: mean FD 0.04 mm, not 2 mm', (t) => {
  const path = shared('confounds/haxby2001_sub001_run001_bold_moest.txt');
  if (!existsSync(path)) { t.skip('../shared/data absent'); return; }
  const parsed = parseConfounds(readFileSync(path, 'utf8'), 'moest.txt');
  const decision = decideRotationUnits(parsed.motion!, parsed.format);
  assert.equal(decision.rotations, 'degrees', decision.message);
  const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
  const asRadians = mean(framewiseDisplacement(parsed.motion!));
  const asDegrees = mean(framewiseDisplacement(rotationsToRadians(parsed.motion!, 'degrees')));
  assert.ok(asRadians > 1, `as radians ${asRadians}`);
  assert.ok(asDegrees < 0.1, `as degrees ${asDegrees}`);
  // nilearn's SPM rp file stays radians.
  const rp = parseConfounds(readFileSync(shared('confounds/nilearn_spm_rp_confounds.txt'), 'utf8'), 'rp.txt');
  assert.equal(decideRotationUnits(rp.motion!, rp.format).rotations, 'radians');
});
