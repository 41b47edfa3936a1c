import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../cli-io';
import { parsePhantomArgs, phantomCommand } from './phantom';

function capture(cwd: string): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', env: {}, cwd, stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
  return io;
}

test('parsePhantomArgs: options and the output folder', () => {
  const p = parsePhantomArgs(['out', '--z', '-0.25', '--grid', '2', '--volumes', '120', '--tr', '1.5', '--datatype', 'int16', '--gzip', '--seed', '7'], '/tmp/x');
  assert.equal(p.outDir, '/tmp/x/out');
  assert.deepEqual(p.options, { z: -0.25, gridMm: 2, volumes: 120, trSeconds: 1.5, datatype: 'int16', gzip: true, seed: 7 });
});

test('usage errors exit 2 and write nothing; bad values exit 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-phantom-cli-'));
  try {
    for (const args of [[], ['a', 'b'], ['o', '--grid', '4'], ['o', '--z'], ['o', '--z', 'abc'], ['o', '--bogus']]) {
      const io = capture(dir);
      assert.equal(await phantomCommand.run(args, io), 2, args.join(' '));
      assert.match(io.err, /usage: krp phantom OUTDIR/);
    }
    const io = capture(dir);
    assert.equal(await phantomCommand.run(['bad', '--volumes', '5'], io), 1);
    assert.match(io.err, /volumes = 5/);
    assert.equal(existsSync(join(dir, 'bad')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writes bold.nii, rp_bold.txt and truth.json with the planted z', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'krp-phantom-cli-'));
  try {
    const io = capture(dir);
    assert.equal(await phantomCommand.run(['ph', '--z', '0.2', '--volumes', '100', '--seed', '2', '--json'], io), 0, io.err);
    const summary = JSON.parse(io.out);
    assert.equal(summary.plantedZ, 0.2);
    assert.ok(existsSync(join(dir, 'ph', 'bold.nii')));
    assert.ok(existsSync(join(dir, 'ph', 'rp_bold.txt')));
    const truth = JSON.parse(readFileSync(join(dir, 'ph', 'truth.json'), 'utf8'));
    assert.equal(truth.plantedZ, 0.2);
    assert.equal(truth.volumes, 100);
    assert.deepEqual(truth.outlierScans, summary.outlierScans);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
