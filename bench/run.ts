/**
 * `npm run bench`: runs every bench/*.bench.ts (each exports `bench(): Promise<BenchResult[]>`)
 * and prints its results. Benchmarks report ratios to a baseline measured in the same run, never
 * absolute pass/fail times; a benchmark may state a target ratio in its note.
 * Pass names to run a subset: `npm run bench -- analyze`.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { BenchResult } from './bench-types';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();

let failed = false;
for (const file of files) {
  console.log(`\n## ${file}`);
  try {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { bench: () => Promise<BenchResult[]> };
    for (const r of await mod.bench()) {
      const value = Number.isInteger(r.value) ? String(r.value) : r.value.toPrecision(4);
      console.log(`${r.name.padEnd(48)} ${value.padStart(12)} ${r.unit}${r.note ? `   (${r.note})` : ''}`);
    }
  } catch (error) {
    failed = true;
    console.error(`${file} failed: ${error instanceof Error ? error.stack : String(error)}`);
  }
}
process.exitCode = failed ? 1 : 0;
