/**
 * The contract's session, user and settings methods over the RecordSession (sign-in, first
 * administrator, lock/unlock, activity, password change, user management) and the app settings
 * file (language, last user name, lock time, automatic backup schedule).
 */
import type { SessionState } from '../../shared/api';
import type { AppPreferences } from '../../shared/api-accounts';
import type { ApiHandlers } from '../../shared/api/dispatch';
import type { UserAccount } from '../../shared/record/accounts';
import { readAppSettings, updateAppSettings, type AppSettings } from './app-settings';
import type { NewUser } from './record/record-accounts';
import type { SessionStatus } from './record-session';

/** What the handlers need of the session (RecordSession in the app, the e2e stand-in and tests). */
export interface AccountSession {
  status(): SessionStatus;
  touch(): void;
  createFirstAdministrator(input: Omit<NewUser, 'role'>): Promise<UserAccount>;
  signIn(username: string, password: string): Promise<UserAccount>;
  signOut(): void;
  lock(cause?: 'inactivity' | 'user'): void;
  unlock(password: string): Promise<UserAccount>;
  changePassword(current: string, next: string): Promise<UserAccount>;
  accounts(): {
    listUsers(): UserAccount[];
    addUser(input: NewUser): Promise<UserAccount>;
    resetPassword(userId: number, password: string): Promise<UserAccount>;
    deactivateUser(userId: number, reason: string): UserAccount;
    requireAdministrator(what: string): unknown;
    logSettingsChange(after: Record<string, string | number | null>): void;
  };
}

export interface SessionHandlerDeps {
  session: AccountSession;
  settingsPath: string;
  /** Folder dialog for the automatic backups (null: cancelled). */
  chooseBackupFolder(): Promise<string | null>;
  track<T>(work: () => T | Promise<T>): Promise<T>;
  /** Called after the backup schedule changed (the scheduler re-reads it). */
  onSettingsChanged?(settings: AppSettings): void;
}

export function preferencesOf(settings: AppSettings): AppPreferences {
  return { lockMinutes: settings.lockMinutes, autoBackup: { ...settings.autoBackup }, lastAutoBackup: settings.lastAutoBackup, nonlinearNormalization: settings.nonlinearNormalization };
}

type SessionMethods = 'session.get' | 'session.createAdministrator' | 'session.signIn' | 'session.signOut' | 'session.lock' | 'session.unlock'
  | 'session.activity' | 'session.changePassword' | 'session.setLanguage' | 'users.list' | 'users.add' | 'users.resetPassword' | 'users.deactivate'
  | 'settings.get' | 'settings.update' | 'settings.chooseBackupFolder' | 'settings.setNonlinearNormalization';

export function createSessionHandlers(deps: SessionHandlerDeps): Pick<ApiHandlers, SessionMethods> {
  const { session, settingsPath } = deps;
  const state = (): SessionState => {
    const status = session.status();
    const saved = readAppSettings(settingsPath);
    return {
      clinician: status.user?.displayName ?? null, user: status.user, locked: status.locked,
      needsFirstAdministrator: status.needsFirstAdministrator, lastUsername: saved.lastUsername, language: saved.language, lockMinutes: saved.lockMinutes,
    };
  };
  const signedIn = (user: UserAccount, language: 'ja' | 'en'): SessionState => {
    updateAppSettings(settingsPath, { language, lastUsername: user.username });
    return state();
  };

  return {
    'session.get': () => state(),
    'session.createAdministrator': async (args) => signedIn(await deps.track(() => session.createFirstAdministrator(args)), args.language),
    'session.signIn': async (args) => signedIn(await deps.track(() => session.signIn(args.username, args.password)), args.language),
    'session.signOut': () => deps.track(() => { session.signOut(); return null; }),
    'session.lock': (args) => deps.track(() => { session.lock(args.cause ?? 'user'); return null; }),
    'session.unlock': async (args) => { await deps.track(() => session.unlock(args.password)); return state(); },
    'session.activity': () => { session.touch(); return null; },
    'session.changePassword': (args) => deps.track(() => session.changePassword(args.current, args.next)),
    'session.setLanguage': (args) => {
      updateAppSettings(settingsPath, { language: args.language });
      return state();
    },

    'users.list': () => session.accounts().listUsers(),
    'users.add': (args) => deps.track(() => session.accounts().addUser(args)),
    'users.resetPassword': (args) => deps.track(() => session.accounts().resetPassword(args.userId, args.password)),
    'users.deactivate': (args) => deps.track(() => session.accounts().deactivateUser(args.userId, args.reason)),

    'settings.get': () => preferencesOf(readAppSettings(settingsPath)),
    'settings.update': (args) => deps.track(() => {
      const accounts = session.accounts();
      accounts.requireAdministrator('change the settings');
      const autoBackup = { folder: args.autoBackupFolder, intervalHours: args.autoBackupHours, keep: args.autoBackupKeep };
      accounts.logSettingsChange({ lockMinutes: args.lockMinutes, autoBackupFolder: autoBackup.folder, autoBackupHours: autoBackup.intervalHours, autoBackupKeep: autoBackup.keep });
      const next = updateAppSettings(settingsPath, { lockMinutes: args.lockMinutes, autoBackup });
      deps.onSettingsChanged?.(next);
      return preferencesOf(next);
    }),
    'settings.setNonlinearNormalization': (args) => deps.track(() => {
      const accounts = session.accounts();
      accounts.requireAdministrator('change the settings');
      accounts.logSettingsChange({ nonlinearNormalization: args.on ? 'on' : 'off' });
      return preferencesOf(updateAppSettings(settingsPath, { nonlinearNormalization: args.on }));
    }),
    'settings.chooseBackupFolder': async () => {
      session.accounts().requireAdministrator('change the settings');
      const path = await deps.chooseBackupFolder();
      return path === null ? { status: 'cancelled' } : { status: 'done', result: { path } };
    },
  };
}
