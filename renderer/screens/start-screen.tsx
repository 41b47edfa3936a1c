/**
 * First screen of every start: sign-in (user name, password, language). On the very first run —
 * no user yet — it creates the first administrator instead. The main process checks the password;
 * a failure reads the same whether or not the user exists.
 */
import { useState, type FormEvent } from 'react';
import type { SessionState } from '../../shared/api';
import { PASSWORD_MIN, checkUsername } from '../../shared/record/accounts';
import { krp } from '../bridge';
import { useI18n, type Language } from '../i18n/i18n';
import { Field, describedBy } from '../components/field';
import { LanguageSwitch } from '../components/language-switch';
import { problemText, type Problem } from '../error-text';

type Errors = Partial<Record<'username' | 'password' | 'password2' | 'form', Problem>>;

export function StartScreen(props: { session: SessionState; language: Language; onLanguage(l: Language): void; onSignedIn(s: SessionState): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const firstRun = props.session.needsFirstAdministrator;
  const [username, setUsername] = useState(firstRun ? '' : props.session.lastUsername ?? '');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [password2, setPassword2] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const text = (key: keyof Errors) => (errors[key] ? problemText(errors[key]!, i18n) : null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next: Errors = {};
    if (username.trim() === '') next.username = { key: 'signin.err.usernameRequired' };
    else if (!checkUsername(username).ok) next.username = { key: 'error.auth.invalid-username' };
    if (password === '') next.password = { key: 'signin.err.passwordRequired' };
    else if (firstRun && Array.from(password.normalize('NFKC')).length < PASSWORD_MIN) next.password = { key: 'account.err.tooShort', values: { min: PASSWORD_MIN } };
    if (firstRun && !next.password && password.normalize('NFKC') !== password2.normalize('NFKC')) next.password2 = { key: 'account.err.mismatch' };
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    setBusy(true);
    try {
      const state = firstRun
        ? await krp().session.createAdministrator({ username, displayName: displayName.trim() === '' ? null : displayName, password, language: props.language })
        : await krp().session.signIn({ username, password, language: props.language });
      props.onSignedIn(state);
    } catch (e) {
      setErrors({ form: { error: e } });
      setPassword('');
      setPassword2('');
      setBusy(false);
    }
  };

  return (
    <main className="screen start">
      <form className="card start-card" onSubmit={submit} noValidate aria-labelledby="start-title" data-testid={firstRun ? 'first-admin-form' : 'sign-in-form'}>
        <h1 id="start-title">{t('app.name')}</h1>
        {firstRun ? <h2>{t('firstrun.title')}</h2> : null}
        <p className="muted">{t(firstRun ? 'firstrun.intro' : 'signin.intro')}</p>
        <Field id="username" label={t('signin.username')} error={text('username')} required>
          <input id="username" name="username" autoFocus={firstRun || username === ''} autoComplete="username" value={username}
            onChange={(e) => { setUsername(e.target.value); setErrors({}); }} {...describedBy('username', text('username'))} />
        </Field>
        {firstRun ? (
          <Field id="displayName" label={t('firstrun.displayName')}>
            <input id="displayName" name="displayName" autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
          </Field>
        ) : null}
        <Field id="password" label={t('signin.password')} error={text('password')} required hint={firstRun ? t('account.passwordHint', { min: PASSWORD_MIN }) : undefined}>
          <input id="password" name="password" type="password" autoFocus={!firstRun && username !== ''} autoComplete={firstRun ? 'new-password' : 'current-password'} value={password}
            onChange={(e) => { setPassword(e.target.value); setErrors({}); }} {...describedBy('password', text('password'), firstRun)} />
        </Field>
        {firstRun ? (
          <Field id="password2" label={t('firstrun.password2')} error={text('password2')} required>
            <input id="password2" name="password2" type="password" autoComplete="new-password" value={password2}
              onChange={(e) => { setPassword2(e.target.value); setErrors({}); }} {...describedBy('password2', text('password2'))} />
          </Field>
        ) : null}
        <div className="field">
          <span className="label">{t('start.language')}</span>
          <LanguageSwitch language={props.language} onChange={props.onLanguage} />
        </div>
        {errors.form ? <p className="error" role="alert" data-testid="sign-in-error">{text('form')}</p> : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>{t(firstRun ? 'firstrun.submit' : 'signin.submit')}</button>
        </div>
      </form>
    </main>
  );
}
