import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readNiftiHeader } from '../../electron/analysis/nifti/read-header';
import { diagonalAffine, sharedDataFile, syntheticHeader } from '../../test-support/nifti-fixtures';
import type { NiftiHeaderSummary } from './nifti-header';
import { decideSpace, fieldOfView, fovToleranceMm, MNI_BOXES } from './space';
import { refusedWith } from '../../test-support/assertions';

/** A header on a grid of `dims` voxels of `size` mm whose voxel (0,0,0) is at `origin`, with sform code `code`. */
function grid(dims: [number, number, number], size: number, origin: [number, number, number], code: number, affine?: number[]): NiftiHeaderSummary {
  const a = affine ?? diagonalAffine(size, size, size, origin);
  return syntheticHeader({
    dims: [...dims, 200], voxelSizeMm: [size, size, size], sform: a, qform: null, affine: a, affineSource: 'sform',
    sformCode: code, qformCode: 0, spaceCode: code,
  });
}


test('fieldOfView is the world box of the voxel centres, whatever the axis directions', () => {
  // FSL 2 mm: x runs from +90 down to -90.
  const fov = fieldOfView([91, 109, 91], [-2, 0, 0, 90, 0, 2, 0, -126, 0, 0, 2, -72, 0, 0, 0, 1]);
  assert.deepEqual(fov, { min: [-90, -126, -72], max: [90, 90, 108] });
  assert.equal(fovToleranceMm([2, 2, 2]), 10);
  assert.equal(fovToleranceMm([3, 3, 6]), 12);
});

test('sform code 4 is accepted as MNI without looking at the field of view', () => {
  const d = decideSpace(grid([64, 64, 36], 3.5, [-110, -110, -60], 4), { assumeMni: false });
  assert.equal(d.basis, 'mni-code');
  assert.equal(d.matchedTemplate, null);
  assert.match(d.message, /sform code 4 \(MNI_152\)/);
});

test('codes 2, 3 and 5 are accepted when the field of view matches a standard MNI box', () => {
  const cases: [NiftiHeaderSummary, string][] = [
    // SPM12 at 2 mm: 79×95×78 from (-78, -112, -70) → (78, 76, 84).
    [grid([79, 95, 78], 2, [-78, -112, -70], 2), 'SPM12 default bounding box'],
    // SPM8 at 3 mm: 53×63×46 from (-78, -112, -50) → (78, 74, 85).
    [grid([53, 63, 46], 3, [-78, -112, -50], 2), 'SPM5/SPM8 default bounding box'],
    // FSL MNI152 2 mm, x flipped.
    [grid([91, 109, 91], 2, [0, 0, 0], 3, [-2, 0, 0, 90, 0, 2, 0, -126, 0, 0, 2, -72, 0, 0, 0, 1]), 'FSL MNI152'],
    // niworkflows' MNI152NLin2009cAsym 2 mm copy: origin half a voxel off (-96.5, -132.5, -78.5).
    [grid([97, 115, 97], 2, [-96.5, -132.5, -78.5], 5), 'MNI152NLin2009cAsym (fMRIPrep/TemplateFlow)'],
    [grid([193, 229, 193], 1, [-96, -132, -78], 2), 'MNI152NLin2009cAsym (fMRIPrep/TemplateFlow)'],
    // TemplateFlow MNI152NLin6Asym 1 mm: 182×218×182 from (-91, -126, -72).
    [grid([182, 218, 182], 1, [-91, -126, -72], 2), 'MNI152NLin6Asym (TemplateFlow)'],
  ];
  for (const [h, template] of cases) {
    const d = decideSpace(h, { assumeMni: false });
    assert.equal(d.basis, 'assumed-mni');
    assert.equal(d.matchedTemplate, template);
    assert.match(d.message, /assumed MNI/);
    assert.match(d.message, new RegExp(`sform code ${h.spaceCode}`));
  }
});

test('the tolerance is max(2 voxels, 10 mm) on every face', () => {
  // SPM12 box at 2 mm shifted in y: 9.9 mm still matches, 10.5 mm does not (tolerance 10 mm).
  assert.equal(decideSpace(grid([79, 95, 78], 2, [-78, -112 + 9.9, -70], 2), { assumeMni: false }).basis, 'assumed-mni');
  assert.throws(() => decideSpace(grid([79, 95, 78], 2, [-78, -112 + 10.5, -70], 2), { assumeMni: false }),
    refusedWith('space.not-mni', /matches no standard MNI bounding box.*within 10 mm/));
  // 6 mm voxels: tolerance 12 mm. FSL box 31×37×31 from (-90, -126, -72) → (90, 90, 108), shifted 11 mm in x.
  assert.equal(decideSpace(grid([31, 37, 31], 6, [-79, -126, -72], 2), { assumeMni: false }).basis, 'assumed-mni');
  assert.throws(() => decideSpace(grid([31, 37, 31], 6, [-77, -126, -72], 2), { assumeMni: false }), /within 12 mm/);
});

test('codes 2/3/5 are refused when the field of view matches no box, or the affine is oblique', () => {
  // A typical scanner-centred EPI field of view: 64×64×36 at 3.5 mm.
  assert.throws(() => decideSpace(grid([64, 64, 36], 3.5, [-110.25, -110.25, -61.25], 2), { assumeMni: false }),
    refusedWith('space.not-mni', /field of view \(x -110\.\d…110\.\d, y -110\.\d…110\.\d, z -61\.\d…61\.\d mm\) matches no standard MNI bounding box.*fMRIPrep/));
  const c = Math.cos(0.3), s = Math.sin(0.3);
  const oblique = [2 * c, -2 * s, 0, -78, 2 * s, 2 * c, 0, -112, 0, 0, 2, -70, 0, 0, 0, 1];
  assert.throws(() => decideSpace(grid([79, 95, 78], 2, [0, 0, 0], 3, oblique), { assumeMni: false }),
    refusedWith('space.not-mni', /oblique/));
  assert.throws(() => decideSpace(grid([91, 109, 91], 2, [-90, -126, -72], 7), { assumeMni: false }),
    refusedWith('space.not-mni', /code is 7/));
});

test('code 1 (scanner) and no orientation are refused, saying what to bring instead', () => {
  // Even a field of view that happens to match an MNI box does not rescue code 1.
  assert.throws(() => decideSpace(grid([91, 109, 91], 2, [-90, -126, -72], 1), { assumeMni: false }),
    refusedWith('space.scanner', /scanner space \(sform code 1 \(SCANNER_ANAT\)\).*space-MNI152NLin2009cAsym_desc-preproc_bold\.nii\.gz.*w-prefixed/));
  const none = syntheticHeader({ sform: null, qform: null, affine: null, affineSource: 'none', sformCode: 0, qformCode: 0, spaceCode: 0 });
  assert.throws(() => decideSpace(none, { assumeMni: false }), refusedWith('space.no-orientation', /no usable orientation.*fMRIPrep/));
});

test('assumeMni accepts anything with an affine (basis override), but not an image without one', () => {
  const scanner = grid([64, 64, 36], 3.5, [-110, -110, -60], 1);
  const d = decideSpace(scanner, { assumeMni: true });
  assert.equal(d.basis, 'override');
  assert.match(d.message, /override/);
  // Where the normal rule already accepts, the normal basis is reported.
  assert.equal(decideSpace(grid([79, 95, 78], 2, [-78, -112, -70], 2), { assumeMni: true }).basis, 'assumed-mni');
  const none = syntheticHeader({ sform: null, qform: null, affine: null, affineSource: 'none', sformCode: 0, qformCode: 0, spaceCode: 0 });
  assert.throws(() => decideSpace(none, { assumeMni: true }), refusedWith('space.no-orientation', /even when MNI space is assumed/));
});

test('every listed MNI box names its source', () => {
  for (const box of MNI_BOXES) {
    assert.ok(box.source.length > 20, box.name);
    for (let a = 0; a < 3; a++) assert.ok(box.min[a] < 0 && box.max[a] > 0, `${box.name} contains the origin`);
  }
});

test('real files: Haxby (scanner space) and FEEDS (no orientation) are refused; the 1 mm MNI mask is accepted', async (t) => {
  const haxby = sharedDataFile('bold/haxby2001_sub001_run001_bold_25mm.nii.gz');
  const feeds = sharedDataFile('bold/feeds_filtered_func_data_oro-nifti.nii.gz');
  const mask = sharedDataFile('templates/MNI152NLin2009cAsym_1mm_brainmask_niworkflows.nii.gz');
  if (!haxby || !feeds || !mask) { t.skip('../shared/data absent'); return; }
  const hx = await readNiftiHeader(haxby);
  assert.equal(hx.spaceCode, 1);
  assert.throws(() => decideSpace(hx, { assumeMni: false }), refusedWith('space.scanner', /scanner space/));
  const fd = await readNiftiHeader(feeds);
  assert.equal(fd.affineSource, 'none');
  assert.throws(() => decideSpace(fd, { assumeMni: false }), refusedWith('space.no-orientation', /no usable orientation/));
  assert.throws(() => decideSpace(fd, { assumeMni: true }), refusedWith('space.no-orientation', /even when MNI space is assumed/));
  assert.equal(decideSpace(await readNiftiHeader(mask), { assumeMni: false }).basis, 'mni-code');
});
