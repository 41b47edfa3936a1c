/** The signed-in user's own password: required after an administrator's reset, or from Settings. */
import { useState, type FormEvent } from 'react';
import { PASSWORD_MIN } from '../../shared/record/accounts';
import { krp } from '../bridge';
import { useI18n } from '../i18n/i18n';
import { Field, describedBy } from '../components/field';
import { problemText, type Problem } from '../error-text';

type Errors = Partial<Record<'current' | 'next' | 'next2' | 'form', Problem>>;

export function ChangePasswordForm(props: { required: boolean; onChanged(): void; onCancel?(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [next2, setNext2] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const text = (key: keyof Errors) => (errors[key] ? problemText(errors[key]!, i18n) : null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Errors = {};
    if (current === '') found.current = { key: 'signin.err.passwordRequired' };
    if (Array.from(next.normalize('NFKC')).length < PASSWORD_MIN) found.next = { key: 'account.err.tooShort', values: { min: PASSWORD_MIN } };
    else if (next.normalize('NFKC') !== next2.normalize('NFKC')) found.next2 = { key: 'account.err.mismatch' };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await krp().session.changePassword({ current, next });
      props.onChanged();
    } catch (e) {
      setErrors({ form: { error: e } });
      setBusy(false);
    }
  };

  return (
    <form className="card start-card" onSubmit={submit} noValidate aria-labelledby="password-title" data-testid="change-password">
      <h2 id="password-title">{t('password.title')}</h2>
      {props.required ? <p className="muted">{t('password.intro')}</p> : null}
      <Field id="current-password" label={t('password.current')} error={text('current')} required>
        <input id="current-password" type="password" autoComplete="current-password" autoFocus value={current}
          onChange={(e) => { setCurrent(e.target.value); setErrors({}); }} {...describedBy('current-password', text('current'))} />
      </Field>
      <Field id="new-password" label={t('password.new')} error={text('next')} required hint={t('account.passwordHint', { min: PASSWORD_MIN })}>
        <input id="new-password" type="password" autoComplete="new-password" value={next}
          onChange={(e) => { setNext(e.target.value); setErrors({}); }} {...describedBy('new-password', text('next'), true)} />
      </Field>
      <Field id="new-password2" label={t('password.new2')} error={text('next2')} required>
        <input id="new-password2" type="password" autoComplete="new-password" value={next2}
          onChange={(e) => { setNext2(e.target.value); setErrors({}); }} {...describedBy('new-password2', text('next2'))} />
      </Field>
      {errors.form ? <p className="error" role="alert">{text('form')}</p> : null}
      <div className="actions">
        {props.onCancel ? <button type="button" onClick={props.onCancel}>{t('patient.cancel')}</button> : null}
        <button type="submit" className="primary" disabled={busy}>{t('password.submit')}</button>
      </div>
    </form>
  );
}
