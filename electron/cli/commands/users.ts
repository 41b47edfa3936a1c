/**
 * User accounts from the command line (administrators; the same store methods as the app):
 *   krp users list [--json]
 *   krp users add NAME --role administrator|clinician [--display-name TEXT]   new password: $KRP_NEW_PASSWORD or stdin
 *   krp users deactivate NAME --reason TEXT
 *   krp users reset-password NAME                                             temporary password: $KRP_NEW_PASSWORD or stdin
 * With --user NAME (or $KRP_USER) and the password ($KRP_PASSWORD or the first stdin line), as the
 * other record verbs. On a record without users, `users add NAME --role administrator` creates the
 * first administrator without signing in. Users are deactivated, never deleted.
 */
import type { UserAccount, UserRole } from '../../../shared/record/accounts';
import { USER_ROLES } from '../../../shared/record/accounts';
import type { CliCommand } from '../cli-io';
import { UsageError, withStore } from './record';

const USERS_USAGE = 'usage: krp users list | add NAME --role administrator|clinician [--display-name TEXT] | deactivate NAME --reason TEXT | reset-password NAME  [--user NAME] [--db FILE] [--json]';

function line(u: UserAccount): string {
  return [String(u.id).padStart(4), u.username.padEnd(16), u.displayName.padEnd(20), u.role.padEnd(13), u.active ? 'active' : `deactivated ${u.deactivatedAt}`, u.mustChangePassword ? '(must change password)' : '']
    .join('  ').trimEnd();
}

/** Splits NAME and the named options of one action. */
function parseAction(opts: string[], known: string[]): { name: string | null; values: Record<string, string> } {
  const values: Record<string, string> = {};
  let name: string | null = null;
  for (let i = 0; i < opts.length; i++) {
    const arg = opts[i]!;
    if (known.includes(arg)) {
      const v = opts[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      values[arg] = v;
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option "${arg}"`);
    else if (name === null) name = arg;
    else throw new UsageError(`unexpected "${arg}"`);
  }
  return { name, values };
}

export const usersCommand: CliCommand = {
  run: (args, io) => withStore('users', USERS_USAGE, args, io, async (store, common, secrets) => {
    const [sub, ...opts] = common.rest;
    const print = (u: UserAccount, what: string) => io.stdout(common.json ? `${JSON.stringify(u)}\n` : `${what}: ${line(u)}\n`);
    const byName = (name: string | null) => {
      if (name === null) throw new UsageError('name the user');
      const user = store.listUsers().find((u) => u.username.normalize('NFKC').toLowerCase() === name.normalize('NFKC').trim().toLowerCase());
      if (!user) { io.stderr(`krp users: there is no user named "${name}".\n`); return null; }
      return user;
    };
    switch (sub) {
      case 'list': {
        if (opts.length) throw new UsageError(`unknown option "${opts[0]}"`);
        const users = store.listUsers();
        if (common.json) io.stdout(`${JSON.stringify(users, null, 2)}\n`);
        else for (const u of users) io.stdout(`${line(u)}\n`);
        return 0;
      }
      case 'add': {
        const { name, values } = parseAction(opts, ['--role', '--display-name']);
        if (name === null) throw new UsageError('name the new user');
        const role = values['--role'] as UserRole | undefined;
        if (role === undefined || !USER_ROLES.includes(role)) throw new UsageError('--role must be administrator or clinician');
        let password: string;
        try { password = await secrets.newPassword(); } catch (error) { throw new UsageError((error as Error).message); }
        const input = { username: name, displayName: values['--display-name'] ?? null, password };
        if (!store.hasUsers()) {
          if (role !== 'administrator') throw new UsageError('the record has no users yet: the first one must be --role administrator');
          print(await store.createFirstAdministrator(input), 'First administrator created');
        } else print(await store.addUser({ ...input, role }), 'User added (must change the password at first sign-in)');
        return 0;
      }
      case 'deactivate': {
        const { name, values } = parseAction(opts, ['--reason']);
        if (values['--reason'] === undefined) throw new UsageError('--reason is required: say why the user is deactivated');
        const user = byName(name);
        if (!user) return 1;
        print(store.deactivateUser(user.id, values['--reason']), 'Deactivated');
        return 0;
      }
      case 'reset-password': {
        const { name } = parseAction(opts, []);
        const user = byName(name);
        if (!user) return 1;
        let password: string;
        try { password = await secrets.newPassword(); } catch (error) { throw new UsageError((error as Error).message); }
        print(await store.resetPassword(user.id, password), 'Password reset (must be changed at next sign-in)');
        return 0;
      }
      default:
        throw new UsageError(sub === undefined ? 'which action? (list, add, deactivate, reset-password)' : `unknown action "${sub}"`);
    }
  }, (common, store) => (common.rest[0] === 'add' && !store.hasUsers() ? 'none' : 'user')),
};
