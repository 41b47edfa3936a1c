import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCohortCsv, splitCsvLine } from './cohort-csv';

test('splits CSV fields with RFC 4180 quoting', () => {
  assert.deepEqual(splitCsvLine('a, b ,c'), ['a', 'b', 'c']);
  assert.deepEqual(splitCsvLine('"K-01, left","say ""hi""",3'), ['K-01, left', 'say "hi"', '3']);
  assert.deepEqual(splitCsvLine('a,,'), ['a', '', '']);
  assert.equal(splitCsvLine('"open,1'), null);
});

test('parses a cohort with BOM, CRLF, any column order, extra columns and blank lines', () => {
  const csv = '\uFEFFnrs_post, Z ,id,nrs_pre,note\r\n2,-0.12,"K-01",8,x\r\n\r\n5,0.4,K-02,6,\r\n';
  const parsed = parseCohortCsv(csv);
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(parsed.candidates, [
    { patientId: 'K-01', z: -0.12, settingsHash: null, nrsPre: 8, nrsPost: 2 },
    { patientId: 'K-02', z: 0.4, settingsHash: null, nrsPre: 6, nrsPost: 5 },
  ]);
  assert.deepEqual(parsed.lines, [2, 4]);
  assert.equal(parsed.hasSettingsColumn, false);
});

test('empty cells mean "not recorded"; invalid values are errors with their line numbers', () => {
  const csv = [
    'id,z,nrs_pre,nrs_post,settings_hash', // 1
    'A,0.1,8,,h1', // 2: no post NRS: kept, excluded later
    'B,abc,8,2,h1', // 3
    'C,0.2,11,2,h1', // 4
    'D,0.3,7.5,-1,h1', // 5: two problems
    'A,0.4,8,2,h1', // 6: duplicate id
    ',0.4,8,2,h1', // 7
    'E,0.5,8', // 8: too few values
    'F,NaN,8,2,h1', // 9
    'G,,6,3,h2', // 10: no z: kept
  ].join('\n');
  const parsed = parseCohortCsv(csv);
  assert.deepEqual(parsed.errors.map((e) => e.line), [3, 4, 5, 6, 7, 8, 9]);
  assert.match(parsed.errors[0].message, /z is "abc"/);
  assert.match(parsed.errors[1].message, /nrs_pre is "11".*0 to 10/);
  assert.match(parsed.errors[2].message, /nrs_pre is "7.5".*nrs_post is "-1"/);
  assert.match(parsed.errors[3].message, /already appears on line 2/);
  assert.match(parsed.errors[4].message, /id is empty/);
  assert.match(parsed.errors[5].message, /3 values but the header has 5/);
  assert.deepEqual(parsed.candidates.map((c) => [c.patientId, c.z, c.nrsPost, c.settingsHash]), [['A', 0.1, null, 'h1'], ['G', null, 3, 'h2']]);
  assert.deepEqual(parsed.settingsHashes, ['h1', 'h2']);
});

test('a missing column or an empty file is reported on the header line', () => {
  const noPost = parseCohortCsv('id,z,nrs_pre\nA,0.1,8\n');
  assert.deepEqual(noPost.errors.map((e) => e.line), [1]);
  assert.match(noPost.errors[0].message, /lacks "nrs_post"/);
  assert.deepEqual(noPost.candidates, []);
  assert.match(parseCohortCsv('\n\n').errors[0].message, /empty/);
  assert.match(parseCohortCsv('id,z,z,nrs_pre,nrs_post\n').errors[0].message, /"z" appears twice/);
});
