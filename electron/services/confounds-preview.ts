/**
 * The confounds file checked against the BOLD's header while the physician is still choosing files
 * (issue 14: a file with the wrong row count used to be found only after Analyse). Reads at most
 * MAX_CONFOUNDS_BYTES, parses it as the analysis will, and compares its rows with the volumes.
 * Returns the refusal (code + English sentence; the app shows its catalogue text), null when it fits.
 */
import { basename } from 'node:path';
import { KrpError, isKrpError } from '../../shared/errors';
import { parseConfounds } from '../../shared/imaging/confounds';
import { MAX_CONFOUNDS_BYTES, readBoundedText } from '../analysis/input/bounded-text';

export { MAX_CONFOUNDS_BYTES };

export interface ConfoundsRefusal { code: string; message: string; details: Record<string, string | number> }

export async function confoundsRefusal(path: string, volumes: number): Promise<ConfoundsRefusal | null> {
  const fileName = basename(path);
  try {
    const read = await readBoundedText(path, MAX_CONFOUNDS_BYTES).catch((error: Error) => {
      throw new KrpError('confounds.unreadable', `The confounds file ${path} cannot be read (${error.message}). Check the path.`);
    });
    if (read.kind === 'not-regular') throw new KrpError('confounds.unreadable', `The confounds file ${path} is not a regular file. Choose the file itself.`);
    if (read.kind === 'too-large') {
      throw new KrpError('confounds.too-large', `The confounds file ${fileName} is ${read.bytes} bytes, more than any motion or confounds file (limit ${MAX_CONFOUNDS_BYTES}). Choose the file that belongs to this scan.`,
        { file: fileName });
    }
    const parsed = parseConfounds(read.text, fileName);
    if (parsed.rows !== volumes) {
      throw new KrpError('confounds.row-count',
        `The confounds file ${fileName} has ${parsed.rows} rows but the image has ${volumes} volumes: choose the confounds file that belongs to this run.`,
        { rows: parsed.rows, volumes });
    }
    return null;
  } catch (error) {
    if (!isKrpError(error)) throw error;
    return { code: error.code, message: error.message, details: { ...(error as { details?: Record<string, string | number> }).details } };
  }
}
