/** Settings → Users (administrators): the accounts, adding one, resetting a password, deactivating (never deleting). */
import { useEffect, useState, type FormEvent } from 'react';
import { PASSWORD_MIN, type UserAccount, type UserRole } from '../../shared/record/accounts';
import { krp } from '../bridge';
import { useI18n } from '../i18n/i18n';
import { Field } from '../components/field';
import { problemText, type Problem } from '../error-text';

export function UsersPanel(props: { selfId: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [users, setUsers] = useState<UserAccount[]>([]);
  const [message, setMessage] = useState<{ problem: Problem; error: boolean } | null>(null);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<UserRole>('clinician');
  const [password, setPassword] = useState('');
  const refresh = () => { krp().users.list({}).then(setUsers, (e) => setMessage({ problem: { error: e }, error: true })); };
  useEffect(refresh, []);

  const act = async (work: () => Promise<Problem>) => {
    setMessage(null);
    try { setMessage({ problem: await work(), error: false }); } catch (e) { setMessage({ problem: { error: e }, error: true }); }
    refresh();
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const user = await krp().users.add({ username, displayName: displayName.trim() === '' ? null : displayName, role, password });
      setUsername(''); setDisplayName(''); setPassword('');
      return { key: 'users.added', values: { username: user.username } };
    });
  };

  return (
    <div className="card setting-group" data-testid="users-panel">
      <h2>{t('users.title')}</h2>
      <table className="table users-table">
        <thead><tr><th>{t('users.username')}</th><th>{t('users.displayName')}</th><th>{t('users.role')}</th><th>{t('users.status')}</th><th /></tr></thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} data-testid="user-row">
              <td>{u.username}</td>
              <td>{u.displayName}</td>
              <td>{t(`users.role.${u.role}`)}</td>
              <td>{u.active ? t('users.active') : t('users.inactive')}{u.active && u.mustChangePassword ? ` · ${t('users.mustChange')}` : ''}</td>
              <td className="button-row">
                {u.active ? (
                  <>
                    <button type="button" onClick={() => {
                      const temp = window.prompt(t('users.resetPrompt', { username: u.username, min: PASSWORD_MIN }));
                      if (temp) void act(async () => { await krp().users.resetPassword({ userId: u.id, password: temp }); return { key: 'users.resetDone', values: { username: u.username } }; });
                    }}>{t('users.reset')}</button>
                    {u.id !== props.selfId ? (
                      <button type="button" onClick={() => {
                        const reason = window.prompt(t('users.deactivatePrompt', { username: u.username }));
                        if (reason && reason.trim()) void act(async () => { await krp().users.deactivate({ userId: u.id, reason }); return { key: 'users.deactivated', values: { username: u.username } }; });
                      }}>{t('users.deactivate')}</button>
                    ) : null}
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="user-add" onSubmit={add} noValidate data-testid="add-user">
        <Field id="new-username" label={t('users.username')} required>
          <input id="new-username" autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} />
        </Field>
        <Field id="new-displayName" label={t('users.displayName')}>
          <input id="new-displayName" autoComplete="off" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </Field>
        <Field id="new-role" label={t('users.role')}>
          <select id="new-role" value={role} onChange={(e) => setRole(e.target.value as UserRole)}>
            <option value="clinician">{t('users.role.clinician')}</option>
            <option value="administrator">{t('users.role.administrator')}</option>
          </select>
        </Field>
        <Field id="new-password" label={t('users.tempPassword')} required hint={t('account.passwordHint', { min: PASSWORD_MIN })}>
          <input id="new-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <div className="actions"><button type="submit" className="primary">{t('users.add')}</button></div>
      </form>
      {message ? <p className={message.error ? 'error' : 'notice'} role="status" data-testid="users-message">{problemText(message.problem, i18n)}</p> : null}
    </div>
  );
}
