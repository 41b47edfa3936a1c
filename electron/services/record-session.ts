/**
 * The record as the desktop app holds it: opened once (by the "system" actor, so that the start
 * screen can ask whether any user exists), then used by the user who signed in on the start
 * screen (every change is signed with their display name and user id). Until someone signs in,
 * while the screen is locked, and while a reset password waits to be changed, every record call
 * is refused here in the main process (not only hidden by the screen). Inactivity past the lock
 * time (settings) locks the session; sign-in, sign-out, lock and unlock are access-logged.
 */
import { KrpError } from '../../shared/errors';
import { LOCK_MINUTES_DEFAULT, type UserAccount } from '../../shared/record/accounts';
import type { RecordService } from '../../shared/record/types';
import type { NewUser } from './record/record-accounts';
import { RecordStore } from './record/record-store';

export interface SessionStatus {
  user: UserAccount | null;
  locked: boolean;
  /** No user exists yet: the start screen creates the first administrator. */
  needsFirstAdministrator: boolean;
}

export interface RecordSessionOptions {
  now?: () => number;
  /** Minutes without activity before the session locks (read at each check; default 10). */
  lockMinutes?: () => number;
}

export class RecordSession {
  private store: RecordStore | null = null;
  private locked = false;
  private lastActivity: number;
  private readonly now: () => number;

  /** `dbPath`: the SQLite file; `osUser`: the operating-system user recorded beside the user. */
  constructor(private readonly dbPath: string, private readonly osUser: string, private readonly options: RecordSessionOptions = {}) {
    this.now = options.now ?? Date.now;
    this.lastActivity = this.now();
  }

  /** The store, opened on first use with the system actor (migrations are signed by it). */
  private opened(): RecordStore {
    this.store ??= RecordStore.open(this.dbPath, { actor: { clinician: 'system', osUser: this.osUser }, now: this.now });
    return this.store;
  }

  /**
   * The lock time plus 30 s: the renderer reports activity at most every 15 s and locks on its own
   * timer, so the main process (which refuses calls) never locks before the screen does.
   */
  private get lockAfterMs(): number {
    const minutes = this.options.lockMinutes?.() ?? LOCK_MINUTES_DEFAULT;
    return Math.max(1, minutes) * 60_000 + 30_000;
  }

  /** Locks when the signed-in user has been inactive for longer than the lock time. */
  private checkIdle(): void {
    const store = this.store;
    if (store === null || this.locked || store.signedInUser === null) return;
    if (this.now() - this.lastActivity > this.lockAfterMs) this.lock('inactivity');
  }

  status(): SessionStatus {
    const store = this.opened();
    this.checkIdle();
    return { user: store.signedInUser, locked: this.locked, needsFirstAdministrator: !store.hasUsers() };
  }

  /** The user did something (key, click): postpones the inactivity lock. Ignored while locked. */
  touch(): void {
    this.checkIdle();
    if (!this.locked) this.lastActivity = this.now();
  }

  async createFirstAdministrator(input: Omit<NewUser, 'role'>): Promise<UserAccount> {
    const user = await this.opened().createFirstAdministrator(input);
    this.locked = false;
    this.lastActivity = this.now();
    return user;
  }

  /** Signs in (signing out whoever was signed in, e.g. at a lock screen's "sign out"). */
  async signIn(username: string, password: string): Promise<UserAccount> {
    const store = this.opened();
    if (store.signedInUser !== null) this.signOut();
    const user = await store.signIn(username, password);
    this.locked = false;
    this.lastActivity = this.now();
    return user;
  }

  signOut(): void {
    this.store?.signOut('user');
    this.locked = false;
  }

  /** Locks now (idempotent); the user's password (unlock) or a sign-out ends it. */
  lock(cause: 'inactivity' | 'user' = 'user'): void {
    const store = this.store;
    if (store === null || store.signedInUser === null || this.locked) return;
    this.locked = true;
    store.logLock(cause);
  }

  async unlock(password: string): Promise<UserAccount> {
    const store = this.opened();
    const user = await store.unlock(password);
    this.locked = false;
    this.lastActivity = this.now();
    return user;
  }

  async changePassword(current: string, next: string): Promise<UserAccount> {
    this.signedIn();
    return this.opened().changePassword(current, next);
  }

  /** The signed-in, unlocked user's store, for user management (the store checks the role). */
  accounts(): RecordStore {
    return this.signedIn();
  }

  private signedIn(): RecordStore {
    const store = this.opened();
    this.checkIdle();
    if (store.signedInUser === null) throw new KrpError('session.no-user', 'Nobody is signed in. Sign in on the start screen first.');
    if (this.locked) throw new KrpError('session.locked', 'The screen is locked after inactivity: type your password to continue.');
    return store;
  }

  /** The record for the signed-in user; KrpError session.no-user / session.locked / session.password-change-required. */
  get(): RecordService {
    const store = this.signedIn();
    if (store.signedInUser?.mustChangePassword) throw new KrpError('session.password-change-required', 'An administrator reset your password: choose your own first.');
    return store;
  }

  /** The store for system work that runs whoever is signed in (the scheduled backup). */
  system(): RecordStore {
    return this.opened();
  }

  get isOpen(): boolean {
    return this.store !== null;
  }

  /** Signs out (logged) and closes the database (idempotent). */
  close(): void {
    if (this.store !== null && this.store.connection.open) {
      try { this.store.signOut('quit'); } catch { /* closing anyway */ }
    }
    this.store?.close();
    this.store = null;
    this.locked = false;
  }
}
