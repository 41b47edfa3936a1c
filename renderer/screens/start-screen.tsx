/** First screen of every start: the clinician's name (for the audit trail) and the language. */
import { useState, type FormEvent } from 'react';
import { useI18n, type Language } from '../i18n/i18n';
import { Field, describedBy } from '../components/field';
import { LanguageSwitch } from '../components/language-switch';
import { problemText, type Problem } from '../error-text';

export function StartScreen(props: { initialName: string; language: Language; onLanguage(l: Language): void; onStart(name: string, l: Language): Promise<void> }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [name, setName] = useState(props.initialName);
  const [problem, setError] = useState<Problem | null>(null);
  const error = problem ? problemText(problem, i18n) : null;
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') { setError({ key: 'start.clinicianRequired' }); return; }
    if (trimmed.length > 120) { setError({ key: 'start.clinicianTooLong' }); return; }
    setBusy(true);
    try {
      await props.onStart(trimmed, props.language);
    } catch (e) {
      setError({ error: e });
      setBusy(false);
    }
  };

  return (
    <main className="screen start">
      <form className="card start-card" onSubmit={submit} noValidate aria-labelledby="start-title">
        <h1 id="start-title">{t('app.name')}</h1>
        <p className="muted">{t('start.intro')}</p>
        <Field id="clinician" label={t('start.clinician')} error={error} required>
          <input id="clinician" name="clinician" autoFocus autoComplete="off" value={name}
            onChange={(e) => { setName(e.target.value); setError(null); }} {...describedBy('clinician', error)} />
        </Field>
        <div className="field">
          <span className="label">{t('start.language')}</span>
          <LanguageSwitch language={props.language} onChange={props.onLanguage} />
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>{t('start.submit')}</button>
        </div>
      </form>
    </main>
  );
}
