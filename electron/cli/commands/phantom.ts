/**
 * `krp phantom OUTDIR [--z Z] [--grid 2|3] [--volumes N] [--tr S] [--datatype float32|int16] [--gzip] [--seed N]`:
 * writes a synthetic MNI-grid BOLD with a planted mPFC–precuneus Fisher z (bold.nii[.gz],
 * rp_bold.txt, truth.json). Exit 0 on success, 1 for a bad option value, 2 for a usage error.
 */
import { resolve } from 'node:path';
import { isKrpError } from '../../../shared/errors';
import type { PhantomOptions } from '../../analysis/phantom/generate-phantom';
import { writePhantom } from '../../analysis/phantom/write-phantom';
import type { CliCommand, CliIo } from '../cli-io';

export const PHANTOM_USAGE = 'usage: krp phantom OUTDIR [--z Z] [--grid 2|3] [--volumes N] [--tr S] [--datatype float32|int16] [--gzip] [--seed N] [--json]';

class UsageError extends Error {}

export interface ParsedPhantomArgs {
  outDir: string;
  options: PhantomOptions;
  json: boolean;
}

/** Parses the command's arguments (paths resolved against `cwd`); throws UsageError for malformed ones. */
export function parsePhantomArgs(args: string[], cwd: string): ParsedPhantomArgs {
  const options: PhantomOptions = {};
  let outDir: string | null = null;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || (v.startsWith('--'))) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    const number = () => {
      const text = value();
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${arg} needs a number, got "${text}"`);
      return n;
    };
    switch (arg) {
      case '--z': options.z = number(); break;
      case '--grid': {
        const g = number();
        if (g !== 2 && g !== 3) throw new UsageError('--grid must be 2 or 3 (mm)');
        options.gridMm = g;
        break;
      }
      case '--volumes': options.volumes = number(); break;
      case '--tr': options.trSeconds = number(); break;
      case '--seed': options.seed = number(); break;
      case '--datatype': {
        const d = value();
        if (d !== 'float32' && d !== 'int16') throw new UsageError('--datatype must be float32 or int16');
        options.datatype = d;
        break;
      }
      case '--gzip': options.gzip = true; break;
      case '--json': json = true; break;
      default:
        if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
        if (outDir !== null) throw new UsageError(`only one OUTDIR may be given (got "${outDir}" and "${arg}")`);
        outDir = resolve(cwd, arg);
    }
  }
  if (outDir === null) throw new UsageError('OUTDIR is missing');
  return { outDir, options, json };
}

export const phantomCommand: CliCommand = {
  async run(args: string[], io: CliIo): Promise<number> {
    let parsed: ParsedPhantomArgs;
    try {
      parsed = parsePhantomArgs(args, io.cwd);
    } catch (error) {
      if (error instanceof UsageError) { io.stderr(`krp phantom: ${error.message}\n${PHANTOM_USAGE}\n`); return 2; }
      throw error;
    }
    try {
      const written = await writePhantom(parsed.options, parsed.outDir);
      const t = written.truth;
      if (parsed.json) {
        io.stdout(`${JSON.stringify({ bold: written.boldPath, motion: written.motionPath, truth: written.truthPath, plantedZ: t.plantedZ, plantedR: t.plantedR, outlierScans: t.outlierScans }, null, 2)}\n`);
      } else {
        io.stdout([
          `Phantom written to ${parsed.outDir}`,
          `  image     ${written.boldPath} (${t.dims.join('×')}, ${t.gridMm} mm MNI grid, TR ${t.trSeconds} s, ${t.datatype})`,
          `  motion    ${written.motionPath ?? '(none)'}`,
          `  truth     ${written.truthPath}`,
          `  planted   z = ${t.plantedZ} (r = ${t.plantedR.toFixed(6)}), outlier scans ${t.outlierScans.join(', ') || 'none'}`,
          '',
        ].join('\n'));
      }
      return 0;
    } catch (error) {
      if (isKrpError(error)) { io.stderr(`krp phantom: ${error.message}\n`); return 1; }
      throw error;
    }
  },
};
