/**
 * Settings card: the institution name printed at the top of every report. Kept in the record
 * (records.institution / records.setInstitution: it travels with backups and each change is
 * audited); administrators change it, everyone sees it.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { checkInstitution, INSTITUTION_MAX } from '../../shared/record/institution';
import { krp } from '../bridge';
import { problemText, type Problem } from '../error-text';
import { useI18n } from '../i18n/i18n';

export function InstitutionSetting(props: { administrator: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [text, setText] = useState('');
  const [state, setState] = useState<'idle' | 'saved' | 'too-long' | 'control'>('idle');
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => { krp().records.institution({}).then(setText, (error: unknown) => setProblem({ error })); }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const checked = checkInstitution(text);
    if (!checked.ok) { setState(checked.error); return; }
    try {
      setText(await krp().records.setInstitution({ name: checked.value }));
      setState('saved');
    } catch (error) {
      setProblem({ error });
    }
  };
  const error = state === 'too-long' ? t('settings.institutionTooLong') : state === 'control' ? t('settings.institutionControl')
    : problem ? problemText(problem, i18n) : null;
  return (
    <form className="card setting-group" onSubmit={(e) => void submit(e)} noValidate data-testid="institution-setting">
      <h2><label htmlFor="institution">{t('settings.institution')}</label></h2>
      <p className="hint" id="institution-hint">{t('settings.institutionHint')}</p>
      <div className="button-row">
        <input id="institution" className="grow" value={text} maxLength={INSTITUTION_MAX * 2} autoComplete="organization" readOnly={!props.administrator}
          aria-describedby={error ? 'institution-hint institution-error' : 'institution-hint'} aria-invalid={error ? true : undefined}
          onChange={(e) => { setText(e.target.value); setState('idle'); }} data-testid="institution-input" />
        {props.administrator ? <button type="submit" data-testid="institution-save">{t('settings.institutionSave')}</button> : null}
      </div>
      {error ? <p className="error" id="institution-error" role="alert">{error}</p> : null}
      {state === 'saved' ? <p className="notice" role="status">{t('settings.institutionSaved')}</p> : null}
    </form>
  );
}
