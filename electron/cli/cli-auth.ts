/**
 * Who acts on the record from the command line: `--user NAME` (or $KRP_USER) with the password
 * from $KRP_PASSWORD or, when that is unset, the first line of standard input; a password for a
 * new user or a reset comes from $KRP_NEW_PASSWORD or the next line of standard input. The same
 * sign-in as the app (scrypt, throttled, failures access-logged).
 */
import type { CliIo } from './cli-io';

export class CliSecrets {
  private lines: string[] | null = null;

  constructor(private readonly io: CliIo) {}

  private async nextLine(what: string): Promise<string> {
    if (this.lines === null) {
      const text = this.io.readStdin ? await this.io.readStdin() : '';
      this.lines = text.split(/\r?\n/);
    }
    const line = this.lines.shift();
    if (line === undefined || line === '') throw new Error(`${what} is missing: set ${what === 'the password' ? 'KRP_PASSWORD' : 'KRP_NEW_PASSWORD'} or give it on standard input (one line)`);
    return line;
  }

  /** The signing-in user's password. */
  password(): Promise<string> {
    const env = this.io.env.KRP_PASSWORD;
    return env !== undefined && env !== '' ? Promise.resolve(env) : this.nextLine('the password');
  }

  /** The password for a new user or a reset. */
  newPassword(): Promise<string> {
    const env = this.io.env.KRP_NEW_PASSWORD;
    return env !== undefined && env !== '' ? Promise.resolve(env) : this.nextLine('the new password');
  }
}

/** Reads all of standard input (empty when it is a terminal: nothing is piped). */
export function readProcessStdin(): Promise<string> {
  if (process.stdin.isTTY) return Promise.resolve('');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    process.stdin.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 64 * 1024) { reject(new Error('standard input is too long for passwords (at most 64 kB)')); process.stdin.destroy(); return; }
      chunks.push(chunk);
    });
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}
