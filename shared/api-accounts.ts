/**
 * The accounts part of the IPC contract (spread into shared/api.ts): sign-in and the first
 * administrator, sign-out, lock/unlock, activity pings for the inactivity lock, password change,
 * user management (administrators) and the settings of the lock and the automatic backups.
 * Passwords cross as they were typed (not trimmed; NFKC-normalized by the store) and never appear
 * in an error message.
 */
import { KrpError } from './errors';
import { LOCK_MINUTES_MAX, LOCK_MINUTES_MIN, PASSWORD_MAX, USER_ROLES, USERNAME_MAX, DISPLAY_NAME_MAX, type UserAccount } from './record/accounts';
import { boolean, nullable, number, object, oneOf, optional, text, type Schema } from './api/schema';

/** A password as typed: 1..PASSWORD_MAX characters, kept exactly (spaces count), never echoed back. */
function password(): Schema<string> {
  const describe = `a password of 1–${PASSWORD_MAX} characters`;
  return {
    describe,
    parse(value, path) {
      if (typeof value !== 'string' || value.length < 1 || value.length > PASSWORD_MAX * 2) {
        throw new KrpError('ipc.invalid-argument', `Invalid argument ${path}: expected ${describe}. Type the password again.`, { field: path, expected: describe });
      }
      return value;
    },
  };
}

const id = number({ min: 1, max: Number.MAX_SAFE_INTEGER, integer: true });
const language = oneOf(['ja', 'en'] as const);
const username = text({ min: 1, max: USERNAME_MAX });
const displayName = optional(nullable(text({ max: DISPLAY_NAME_MAX })));
const folder = text({ min: 2, max: 4096, pattern: /^(\/|[A-Za-z]:[\\/]|\\\\)/, patternHint: 'an absolute folder path' });

export const ACCOUNT_ARG_SCHEMAS = {
  /** First run only (no user yet): creates the first administrator and signs them in. */
  'session.createAdministrator': object({ username, displayName, password: password(), language }),
  'session.signIn': object({ username, password: password(), language }),
  'session.signOut': object({}),
  /** Locks now ("Lock" button, or the renderer's inactivity timer). */
  'session.lock': object({ cause: optional(oneOf(['user', 'inactivity'] as const)) }),
  /** The same user's password ends the lock. */
  'session.unlock': object({ password: password() }),
  /** Keyboard/pointer activity (throttled by the renderer): postpones the inactivity lock. */
  'session.activity': object({}),
  'session.changePassword': object({ current: password(), next: password() }),

  'users.list': object({}),
  /** The administrator chooses a temporary password; the user must change it at first sign-in. */
  'users.add': object({ username, displayName, role: oneOf(USER_ROLES), password: password() }),
  'users.resetPassword': object({ userId: id, password: password() }),
  'users.deactivate': object({ userId: id, reason: text({ min: 1, max: 500 }) }),

  /** Lock time, automatic backup folder/interval/keep, and the last automatic backup. */
  'settings.get': object({}),
  /** Administrators only. */
  'settings.update': object({
    lockMinutes: number({ min: LOCK_MINUTES_MIN, max: LOCK_MINUTES_MAX, integer: true }),
    autoBackupFolder: nullable(folder),
    autoBackupHours: number({ min: 1, max: 720, integer: true }),
    autoBackupKeep: number({ min: 1, max: 365, integer: true }),
  }),
  /** Folder dialog for the automatic backups. */
  'settings.chooseBackupFolder': object({}),
  /**
   * Administrators only, audited: the B-spline (nonlinear) refinement after the affine normalization
   * of in-app preprocessing, for the analyses started afterwards (off by default; part of their
   * settings hash when on).
   */
  'settings.setNonlinearNormalization': object({ on: boolean() }),
} satisfies Record<string, Schema<unknown>>;

/** The outcome of the last automatic backup, as the app shows it. */
export interface AutoBackupStatus {
  at: string;
  path: string;
  ok: boolean;
  /** Why it failed (English, from the service), null when ok. */
  message: string | null;
}

export interface AppPreferences {
  lockMinutes: number;
  autoBackup: { folder: string | null; intervalHours: number; keep: number };
  lastAutoBackup: AutoBackupStatus | null;
  /** In-app preprocessing refines the affine normalization with a B-spline registration (default false). */
  nonlinearNormalization: boolean;
}

export interface AccountResultTypes {
  'session.signOut': null;
  'session.lock': null;
  'session.activity': null;
  'session.changePassword': UserAccount;
  'users.list': UserAccount[];
  'users.add': UserAccount;
  'users.resetPassword': UserAccount;
  'users.deactivate': UserAccount;
  'settings.get': AppPreferences;
  'settings.update': AppPreferences;
  'settings.chooseBackupFolder': { status: 'done'; result: { path: string } } | { status: 'cancelled' };
  'settings.setNonlinearNormalization': AppPreferences;
}
