/**
 * Local user accounts on the record (below RecordMaintenance): the first administrator, sign-in
 * (scrypt, throttled per typed name, failures access-logged without revealing whether the user
 * exists), sign-out, lock/unlock, password change and the administrator's user management.
 * A successful sign-in makes the user the actor of every later audit entry (display name + user id,
 * both bound into the entry's hash). Nothing here is Electron: the app, the CLI and tests use it.
 */
import { KrpError } from '../../../shared/errors';
import {
  checkDisplayName, checkUsername, normalizePassword, PASSWORD_MAX, PASSWORD_MIN, USER_ROLES, type UserAccount, type UserRole,
} from '../../../shared/record/accounts';
import type { Actor } from '../../../shared/record/types';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from './password-hash';
import { RecordCore, type RecordStoreOptions } from './record-core';
import { publicUser, SignInThrottle, UsersRepo, type StoredUser } from './users-repo';

export interface NewUser {
  username: string;
  displayName?: string | null;
  role: UserRole;
  password: string;
}

const SIGNED_OUT = '(not signed in)';

function fail(code: string, message: string, details: Record<string, string | number> = {}): never {
  throw new KrpError(`auth.${code}`, message, details);
}

function username(raw: unknown): string {
  const checked = checkUsername(typeof raw === 'string' ? raw : '');
  if (!checked.ok) fail('invalid-username', `The user name is not accepted (${checked.problem}${checked.codePoint ? ` ${checked.codePoint}` : ''}): use 1–64 visible characters on one line.`, { problem: checked.problem });
  return checked.value;
}

function displayName(raw: unknown, fallback: string): string {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return fallback;
  const checked = checkDisplayName(typeof raw === 'string' ? raw : '');
  if (!checked.ok) fail('invalid-display-name', `The display name is not accepted (${checked.problem}): use 1–120 visible characters on one line.`, { problem: checked.problem });
  return checked.value;
}

/** A new password, normalized (NFKC); refused when too short or too long. */
export function newPassword(raw: unknown): string {
  const checked = normalizePassword(typeof raw === 'string' ? raw : '');
  if (!checked.ok) {
    if (checked.problem === 'too-short') fail('password-too-short', `The password must have at least ${PASSWORD_MIN} characters.`, { min: PASSWORD_MIN });
    fail('password-too-long', `The password must have at most ${PASSWORD_MAX} characters.`, { max: PASSWORD_MAX });
  }
  return checked.value;
}

function actorOf(user: UserAccount, osUser: string): Actor {
  return { clinician: user.displayName, osUser, userId: user.id, role: user.role };
}

export abstract class RecordAccounts extends RecordCore {
  /** The actor the store was opened with (system work before sign-in and after sign-out). */
  private readonly system: Actor;

  protected constructor(path: string, options: RecordStoreOptions) {
    super(path, options);
    this.system = { ...this.actor };
  }

  private get users(): UsersRepo { return new UsersRepo(this.db); }
  private get throttle(): SignInThrottle { return new SignInThrottle(this.db); }

  /** The user signed in on this store, or null. */
  get signedInUser(): UserAccount | null {
    const id = this.actor.userId;
    if (id === null || id === undefined) return null;
    const user = this.users.get(id);
    return user ? publicUser(user) : null;
  }

  /**
   * After a restore the users are the backup's: the session continues only when the same user
   * (id and name) exists there and is active; otherwise nobody is signed in any more.
   */
  protected revalidateActor(): void {
    const id = this.actor.userId;
    if (id === null || id === undefined) return;
    const user = this.users.present ? this.users.get(id) : null;
    const same = user !== null && user.active && user.displayName === this.actor.clinician;
    this.actor = same ? actorOf(publicUser(user), this.system.osUser) : { ...this.system };
  }

  /** True once the first administrator exists (the start screen signs in rather than creating one). */
  hasUsers(): boolean {
    return this.users.count() > 0;
  }

  /** Refuses unless the signed-in user is an active administrator (checked in the database, not only the actor). */
  requireAdministrator(what: string): UserAccount {
    const user = this.signedInUser;
    if (this.actor.role !== 'administrator' && (user === null || user.role !== 'administrator')) {
      fail('administrator-only', `Only an administrator may ${what}. Ask an administrator to sign in.`, { what });
    }
    if (user !== null && (!user.active || user.role !== 'administrator')) fail('administrator-only', `Only an administrator may ${what}.`, { what });
    return user as UserAccount;
  }

  /** First run only: creates the first administrator, who is then signed in. */
  async createFirstAdministrator(input: Omit<NewUser, 'role'>): Promise<UserAccount> {
    if (this.hasUsers()) fail('users-exist', 'An administrator already exists: sign in instead.');
    const name = username(input.username);
    const shown = displayName(input.displayName, name);
    const hash = await hashPassword(newPassword(input.password));
    // Signed by the opening (system) actor: nobody is signed in yet.
    const user = this.mutate((at) => {
      if (this.hasUsers()) fail('users-exist', 'An administrator already exists: sign in instead.');
      const id = this.users.insert({ username: name, displayName: shown, role: 'administrator', passwordHash: hash, mustChangePassword: false }, at);
      const created = publicUser(this.users.get(id) as StoredUser);
      return { result: created, audit: { entity: 'user', entityId: id, action: 'create', before: null, after: { ...created, firstAdministrator: true } } };
    }, this.system);
    this.actor = actorOf(user, this.system.osUser);
    this.mutate(() => ({ result: null, audit: { entity: 'session', entityId: user.id, action: 'sign-in', before: null, after: { username: user.username } } }));
    return user;
  }

  /**
   * Checks the name and password and, when they match an active user, makes that user the actor.
   * Any failure is the same `auth.failed` (the user may not exist, be deactivated, or the password be
   * wrong), counted for the typed name and access-logged; after 5 failures the name must wait
   * (`auth.throttled`, growing delay) before the password is even checked.
   */
  async signIn(rawName: string, rawPassword: string): Promise<UserAccount> {
    const name = typeof rawName === 'string' ? rawName : '';
    const password = typeof rawPassword === 'string' ? rawPassword.normalize('NFKC') : '';
    const wait = this.throttle.waitMs(name, this.now());
    const user = checkUsername(name).ok ? this.users.byName(name) : null;
    if (wait > 0) {
      this.logFailure(user, 'sign-in-failed', 'throttled');
      fail('throttled', `Too many failed sign-ins with this name: wait ${Math.ceil(wait / 1000)} seconds and try again.`, { seconds: Math.ceil(wait / 1000) });
    }
    const matches = await verifyPassword(password, user?.passwordHash ?? await decoyHash());
    if (!user || !matches || !user.active) {
      const failures = this.db.transaction(() => {
        const count = this.throttle.fail(name, this.stamp());
        this.logFailure(user, 'sign-in-failed', !user ? 'unknown-user' : !matches ? 'wrong-password' : 'deactivated');
        return count;
      }).immediate();
      fail('failed', 'The user name or the password is wrong. Check both and try again.', { failures });
    }
    const rehash = needsRehash(user.passwordHash) ? await hashPassword(password) : null;
    const account = publicUser(user);
    this.actor = actorOf(account, this.system.osUser);
    this.db.transaction(() => {
      this.throttle.clear(name);
      this.mutate((at) => {
        if (rehash !== null) this.users.setPassword(user.id, rehash, user.mustChangePassword, at);
        return { result: null, audit: { entity: 'session', entityId: user.id, action: 'sign-in', before: null, after: { username: user.username, ...(rehash ? { rehashed: true } : {}) } } };
      });
    }).immediate();
    return account;
  }

  private logFailure(user: StoredUser | null, action: 'sign-in-failed' | 'unlock-failed', why: string): void {
    this.mutate(() => ({ result: null, audit: { entity: 'session', entityId: user?.id ?? null, action, before: null, after: { reason: why } } }), { ...this.system, clinician: SIGNED_OUT, userId: null, role: null });
  }

  /** Ends the user's session (access-logged); changes are refused until someone signs in again. */
  signOut(reason: 'user' | 'quit' = 'user'): void {
    const user = this.signedInUser;
    if (user === null) return;
    this.mutate(() => ({ result: null, audit: { entity: 'session', entityId: user.id, action: 'sign-out', before: null, after: { reason } } }));
    this.actor = { ...this.system };
  }

  /** Access-logs that the screen was locked (after inactivity or by the user). */
  logLock(cause: 'inactivity' | 'user'): void {
    const user = this.signedInUser;
    if (user !== null) this.mutate(() => ({ result: null, audit: { entity: 'session', entityId: user.id, action: 'lock', before: null, after: { cause } } }));
  }

  /** Unlocks for the signed-in user only: their password again (throttled and logged like a sign-in). */
  async unlock(rawPassword: string): Promise<UserAccount> {
    const current = this.signedInUser;
    if (current === null) throw new KrpError('session.no-user', 'Nobody is signed in. Sign in on the start screen.');
    const user = this.users.get(current.id) as StoredUser;
    const wait = this.throttle.waitMs(user.username, this.now());
    if (wait > 0) {
      this.logFailure(user, 'unlock-failed', 'throttled');
      fail('throttled', `Too many wrong passwords: wait ${Math.ceil(wait / 1000)} seconds and try again.`, { seconds: Math.ceil(wait / 1000) });
    }
    const ok = user.active && await verifyPassword(typeof rawPassword === 'string' ? rawPassword.normalize('NFKC') : '', user.passwordHash);
    if (!ok) {
      const failures = this.db.transaction(() => {
        const count = this.throttle.fail(user.username, this.stamp());
        this.logFailure(user, 'unlock-failed', user.active ? 'wrong-password' : 'deactivated');
        return count;
      }).immediate();
      fail('failed', 'The password is wrong. Type it again, or sign out so that another user can sign in.', { failures });
    }
    this.db.transaction(() => {
      this.throttle.clear(user.username);
      this.mutate(() => ({ result: null, audit: { entity: 'session', entityId: user.id, action: 'unlock', before: null, after: null } }));
    }).immediate();
    return publicUser(user);
  }

  /** The signed-in user changes their own password (required after an administrator's reset). */
  async changePassword(currentPassword: string, nextPassword: string): Promise<UserAccount> {
    const current = this.signedInUser;
    if (current === null) throw new KrpError('session.no-user', 'Nobody is signed in. Sign in on the start screen.');
    const user = this.users.get(current.id) as StoredUser;
    const next = newPassword(nextPassword);
    if (!await verifyPassword(typeof currentPassword === 'string' ? currentPassword.normalize('NFKC') : '', user.passwordHash)) {
      fail('wrong-current-password', 'The current password is wrong. Type it again.');
    }
    if (await verifyPassword(next, user.passwordHash)) fail('password-unchanged', 'The new password must differ from the current one.');
    const hash = await hashPassword(next);
    return this.mutate((at) => {
      this.users.setPassword(user.id, hash, false, at);
      return { result: publicUser(this.users.get(user.id) as StoredUser), audit: { entity: 'user', entityId: user.id, action: 'password-change', before: null, after: null } };
    });
  }

  // ---- administrators -------------------------------------------------------------------------

  /** Access-logs a change of the app's settings (lock time, backup schedule); administrators only. */
  logSettingsChange(after: Record<string, string | number | null>): void {
    this.requireAdministrator('change the settings');
    this.mutate(() => ({ result: null, audit: { entity: 'database', entityId: null, action: 'settings', before: null, after } }));
  }

  listUsers(): UserAccount[] {
    this.requireAdministrator('list the users');
    return this.users.list().map(publicUser);
  }

  async addUser(input: NewUser): Promise<UserAccount> {
    this.requireAdministrator('add users');
    const name = username(input.username);
    const shown = displayName(input.displayName, name);
    if (!USER_ROLES.includes(input.role)) fail('invalid-role', `The role must be one of ${USER_ROLES.join(', ')}.`);
    if (this.users.byName(name)) fail('username-taken', `A user named "${name}" already exists (user names are compared without case and width). Choose another name.`, { username: name });
    // The first password is chosen by the administrator: the user must replace it at first sign-in.
    const hash = await hashPassword(newPassword(input.password));
    return this.mutate((at) => {
      if (this.users.byName(name)) fail('username-taken', `A user named "${name}" already exists. Choose another name.`, { username: name });
      const id = this.users.insert({ username: name, displayName: shown, role: input.role, passwordHash: hash, mustChangePassword: true }, at);
      const created = publicUser(this.users.get(id) as StoredUser);
      return { result: created, audit: { entity: 'user', entityId: id, action: 'create', before: null, after: created } };
    });
  }

  /** Sets a temporary password; the user must change it at the next sign-in. */
  async resetPassword(userId: number, temporaryPassword: string): Promise<UserAccount> {
    this.requireAdministrator('reset passwords');
    const user = this.userById(userId);
    const hash = await hashPassword(newPassword(temporaryPassword));
    return this.mutate((at) => {
      this.users.setPassword(user.id, hash, true, at);
      return { result: publicUser(this.users.get(user.id) as StoredUser), audit: { entity: 'user', entityId: user.id, action: 'password-reset', before: null, after: { mustChangePassword: true } } };
    });
  }

  /** Deactivates (never deletes) a user: they can no longer sign in; their name stays on their audit entries. */
  deactivateUser(userId: number, reason: string): UserAccount {
    const admin = this.requireAdministrator('deactivate users');
    const user = this.userById(userId);
    const why = typeof reason === 'string' ? reason.normalize('NFKC').trim() : '';
    if (why === '' || why.length > 500) fail('reason-required', 'Say why the user is deactivated (at most 500 characters).');
    if (!user.active) fail('already-deactivated', `${user.username} is already deactivated.`, { username: user.username });
    if (admin !== null && admin.id === user.id) fail('cannot-deactivate-self', 'You cannot deactivate your own account. Ask another administrator.');
    if (user.role === 'administrator' && this.users.activeAdministrators() <= 1) fail('last-administrator', 'This is the last active administrator: add another administrator first.');
    return this.mutate((at) => {
      this.users.deactivate(user.id, why, at);
      const after = publicUser(this.users.get(user.id) as StoredUser);
      return { result: after, audit: { entity: 'user', entityId: user.id, action: 'deactivate', before: publicUser(user), after: { ...after, reason: why } } };
    });
  }

  private userById(userId: number): StoredUser {
    const user = Number.isInteger(userId) ? this.users.get(userId) : null;
    if (!user) fail('unknown-user', `There is no user with id ${userId}.`, { id: String(userId) });
    return user;
  }
}
