/** Settings card: the institution name printed at the top of every report (renderer/institution.ts). */
import { useState, type FormEvent } from 'react';
import { checkInstitution, INSTITUTION_MAX, loadInstitution, saveInstitution } from '../institution';
import { useI18n } from '../i18n/i18n';

export function InstitutionSetting() {
  const { t } = useI18n();
  const [text, setText] = useState(() => loadInstitution());
  const [state, setState] = useState<'idle' | 'saved' | 'too-long' | 'control'>('idle');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkInstitution(text);
    if (!checked.ok) { setState(checked.error); return; }
    saveInstitution(checked.value);
    setText(checked.value);
    setState('saved');
  };
  const error = state === 'too-long' ? t('settings.institutionTooLong') : state === 'control' ? t('settings.institutionControl') : null;
  return (
    <form className="card setting-group" onSubmit={submit} noValidate data-testid="institution-setting">
      <h2><label htmlFor="institution">{t('settings.institution')}</label></h2>
      <p className="hint" id="institution-hint">{t('settings.institutionHint')}</p>
      <div className="button-row">
        <input id="institution" className="grow" value={text} maxLength={INSTITUTION_MAX * 2} autoComplete="organization"
          aria-describedby={error ? 'institution-hint institution-error' : 'institution-hint'} aria-invalid={error ? true : undefined}
          onChange={(e) => { setText(e.target.value); setState('idle'); }} data-testid="institution-input" />
        <button type="submit" data-testid="institution-save">{t('settings.institutionSave')}</button>
      </div>
      {error ? <p className="error" id="institution-error" role="alert">{error}</p> : null}
      {state === 'saved' ? <p className="notice" role="status">{t('settings.institutionSaved')}</p> : null}
    </form>
  );
}
