/**
 * SQL of the `users` table (schema 7) and of the sign-in throttle. Users are deactivated, never
 * deleted (a trigger refuses DELETE); the password hash never leaves this module except to be verified.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { UserAccount, UserRole } from '../../../shared/record/accounts';
import { usernameKey } from '../../../shared/record/accounts';

interface UserRow {
  id: number; username: string; username_key: string; display_name: string; role: UserRole; password_hash: string;
  must_change_password: number; active: number; created_at: string; updated_at: string; deactivated_at: string | null;
}

export interface StoredUser extends UserAccount {
  passwordHash: string;
}

function toUser(row: UserRow): StoredUser {
  return {
    id: row.id, username: row.username, displayName: row.display_name, role: row.role, active: row.active === 1,
    mustChangePassword: row.must_change_password === 1, createdAt: row.created_at, deactivatedAt: row.deactivated_at,
    passwordHash: row.password_hash,
  };
}

/** The account without its hash (what lists, the session and the audit trail show). */
export function publicUser(user: StoredUser): UserAccount {
  const { passwordHash: _hash, ...account } = user;
  return account;
}

export class UsersRepo {
  constructor(private readonly db: Database.Database) {}

  /** False on a database from before schema 7 (no users table). */
  get present(): boolean {
    return (this.db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'users'").pluck().get() as number) > 0;
  }

  count(): number {
    return this.present ? (this.db.prepare('SELECT count(*) FROM users').pluck().get() as number) : 0;
  }

  byName(username: string): StoredUser | null {
    const row = this.db.prepare('SELECT * FROM users WHERE username_key = ?').get(usernameKey(username)) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  get(id: number): StoredUser | null {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  list(): StoredUser[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY active DESC, username_key').all() as UserRow[]).map(toUser);
  }

  activeAdministrators(): number {
    return this.db.prepare("SELECT count(*) FROM users WHERE active = 1 AND role = 'administrator'").pluck().get() as number;
  }

  insert(user: { username: string; displayName: string; role: UserRole; passwordHash: string; mustChangePassword: boolean }, at: string): number {
    const info = this.db.prepare(`INSERT INTO users (username, username_key, display_name, role, password_hash, must_change_password, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(user.username, usernameKey(user.username), user.displayName, user.role, user.passwordHash, user.mustChangePassword ? 1 : 0, at, at);
    return Number(info.lastInsertRowid);
  }

  setPassword(id: number, passwordHash: string, mustChange: boolean, at: string): void {
    this.db.prepare('UPDATE users SET password_hash = ?, must_change_password = ?, updated_at = ? WHERE id = ?').run(passwordHash, mustChange ? 1 : 0, at, id);
  }

  deactivate(id: number, reason: string, at: string): void {
    this.db.prepare('UPDATE users SET active = 0, deactivated_at = ?, deactivation_reason = ?, updated_at = ? WHERE id = ?').run(at, reason, at, id);
  }
}

/** Failures allowed before sign-in attempts for a name are delayed. */
export const FREE_ATTEMPTS = 5;
const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 15 * 60_000;

/** The wait after `failures` consecutive failures: none up to 5, then 5 s, 10 s, 20 s… up to 15 min. */
export function throttleDelayMs(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failures - FREE_ATTEMPTS));
}

/**
 * Consecutive failed sign-ins per typed name, kept as a hash of the name (never the text, which may
 * be a mistyped password), whether or not such a user exists: the delay does not reveal it.
 */
export class SignInThrottle {
  constructor(private readonly db: Database.Database) {}

  private key(username: string): string {
    return createHash('sha256').update('krp-sign-in\n').update(usernameKey(username)).digest('hex');
  }

  /** Milliseconds still to wait before the next attempt for this name (0: go ahead). */
  waitMs(username: string, nowMs: number): number {
    const row = this.db.prepare('SELECT failures, last_failed_at FROM sign_in_throttle WHERE name_hash = ?').get(this.key(username)) as { failures: number; last_failed_at: string } | undefined;
    if (!row) return 0;
    const until = Date.parse(row.last_failed_at) + throttleDelayMs(row.failures);
    return Math.max(0, until - nowMs);
  }

  /** Counts one failure; returns the failures so far. */
  fail(username: string, atIso: string): number {
    this.db.prepare(`INSERT INTO sign_in_throttle (name_hash, failures, last_failed_at) VALUES (?, 1, ?)
      ON CONFLICT(name_hash) DO UPDATE SET failures = failures + 1, last_failed_at = excluded.last_failed_at`).run(this.key(username), atIso);
    return this.db.prepare('SELECT failures FROM sign_in_throttle WHERE name_hash = ?').pluck().get(this.key(username)) as number;
  }

  clear(username: string): void {
    this.db.prepare('DELETE FROM sign_in_throttle WHERE name_hash = ?').run(this.key(username));
  }
}
