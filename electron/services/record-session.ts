/**
 * The record store as the desktop app holds it: opened when a clinician is named on the start
 * screen (every change is signed with that name), reopened when the clinician changes, closed on quit.
 */
import { KrpError } from '../../shared/errors';
import type { RecordService } from '../../shared/record/types';
import { RecordStore } from './record/record-store';

export class RecordSession {
  private store: RecordStore | null = null;

  /** `dbPath`: the SQLite file; `osUser`: the operating-system user recorded beside the clinician. */
  constructor(private readonly dbPath: string, private readonly osUser: string, private readonly now?: () => number) {}

  /** Opens the record (closing a previous one) with `clinician` as the actor. */
  start(clinician: string): void {
    this.close();
    this.store = RecordStore.open(this.dbPath, { actor: { clinician, osUser: this.osUser }, ...(this.now ? { now: this.now } : {}) });
  }

  /** The open store; KrpError `session.no-clinician` before start. */
  get(): RecordService {
    if (this.store === null) throw new KrpError('session.no-clinician', 'No clinician is named for this session. Enter your name on the start screen first.');
    return this.store;
  }

  get isOpen(): boolean {
    return this.store !== null;
  }

  /** Closes the database (idempotent). */
  close(): void {
    this.store?.close();
    this.store = null;
  }
}
