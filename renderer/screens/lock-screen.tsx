/**
 * Covers the app while the session is locked (inactivity or "Lock"): the screens underneath stay
 * mounted, so typed but unsaved input is still there after unlocking. Only the same user's password
 * unlocks; "Sign out" lets another user sign in. The main process refuses record calls meanwhile.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { SessionState } from '../../shared/api';
import { krp } from '../bridge';
import { useI18n, type Language } from '../i18n/i18n';
import { LanguageSwitch } from '../components/language-switch';
import { Field, describedBy } from '../components/field';
import { problemText, type Problem } from '../error-text';

export function LockScreen(props: { name: string; language: Language; onLanguage(l: Language): void; onUnlocked(s: SessionState): void; onSignOut(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const error = problem ? problemText(problem, i18n) : null;
  useEffect(() => { input.current?.focus(); }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password === '') { setProblem({ key: 'signin.err.passwordRequired' }); return; }
    setBusy(true);
    try {
      props.onUnlocked(await krp().session.unlock({ password }));
    } catch (e) {
      setProblem({ error: e });
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <div className="lock-overlay" role="dialog" aria-modal="true" aria-labelledby="lock-title" data-testid="lock-screen">
      <form className="card start-card" onSubmit={submit} noValidate>
        <h1 id="lock-title">{t('lock.title')}</h1>
        <p className="muted">{t('lock.intro', { name: props.name })}</p>
        <Field id="unlock-password" label={t('signin.password')} error={error} required>
          <input id="unlock-password" ref={input} type="password" autoComplete="current-password" value={password}
            onChange={(e) => { setPassword(e.target.value); setProblem(null); }} {...describedBy('unlock-password', error)} />
        </Field>
        <LanguageSwitch language={props.language} onChange={props.onLanguage} />
        <div className="actions">
          <button type="button" onClick={props.onSignOut} data-testid="lock-sign-out">{t('lock.signOut')}</button>
          <button type="submit" className="primary" disabled={busy}>{t('lock.unlock')}</button>
        </div>
      </form>
    </div>
  );
}
