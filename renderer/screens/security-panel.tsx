/**
 * Settings → Lock and automatic backups: minutes of inactivity before the screen locks, and the
 * automatic backup folder, interval and how many to keep (administrators change them; everyone
 * sees the last automatic backup: when, where, OK or failed).
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { AppPreferences, AutoBackupStatus } from '../../shared/api-accounts';
import { parseIntegerText } from '../../shared/input/number-text';
import { krp } from '../bridge';
import { useI18n, type I18n } from '../i18n/i18n';
import { Field } from '../components/field';
import { problemText, type Problem } from '../error-text';

export function autoBackupText(status: AutoBackupStatus | null, i18n: I18n): string {
  if (status === null) return i18n.t('backup.auto.none');
  return status.ok
    ? i18n.t('backup.auto.ok', { at: i18n.dateTime(status.at), path: status.path })
    : i18n.t('backup.auto.failed', { at: i18n.dateTime(status.at), path: status.path, message: status.message ?? '' });
}

export function SecurityPanel(props: { administrator: boolean; onSaved(p: AppPreferences): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [prefs, setPrefs] = useState<AppPreferences | null>(null);
  const [lock, setLock] = useState('');
  const [folder, setFolder] = useState<string | null>(null);
  const [hours, setHours] = useState('');
  const [keep, setKeep] = useState('');
  const [message, setMessage] = useState<{ problem: Problem; error: boolean } | null>(null);
  const load = (p: AppPreferences) => {
    setPrefs(p); setLock(String(p.lockMinutes)); setFolder(p.autoBackup.folder); setHours(String(p.autoBackup.intervalHours)); setKeep(String(p.autoBackup.keep));
  };
  useEffect(() => {
    krp().settings.get({}).then(load, () => undefined);
    return krp().on('backup.auto', (status) => setPrefs((p) => (p ? { ...p, lastAutoBackup: status } : p)));
  }, []);

  const whole = (text: string, min: number, max: number) => {
    const parsed = parseIntegerText(text, min, max);
    return parsed.ok ? parsed.value : null;
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const lockMinutes = whole(lock, 1, 240);
    const autoBackupHours = whole(hours, 1, 720);
    const autoBackupKeep = whole(keep, 1, 365);
    if (lockMinutes === null) { setMessage({ problem: { key: 'settings.err.lockMinutes' }, error: true }); return; }
    if (autoBackupHours === null) { setMessage({ problem: { key: 'settings.err.hours' }, error: true }); return; }
    if (autoBackupKeep === null) { setMessage({ problem: { key: 'settings.err.keep' }, error: true }); return; }
    try {
      const saved = await krp().settings.update({ lockMinutes, autoBackupFolder: folder, autoBackupHours, autoBackupKeep });
      load(saved);
      props.onSaved(saved);
      setMessage({ problem: { key: 'settings.saved' }, error: false });
    } catch (e) {
      setMessage({ problem: { error: e }, error: true });
    }
  };
  const last = prefs?.lastAutoBackup ?? null;

  return (
    <form className="card setting-group" onSubmit={save} noValidate data-testid="security-panel">
      <h2>{t('settings.security')}</h2>
      <p className={last && !last.ok ? 'error' : 'muted'} data-testid="auto-backup-status">{autoBackupText(last, i18n)}</p>
      <fieldset disabled={!props.administrator} className="plain">
        <Field id="lockMinutes" label={t('settings.lockMinutes')}>
          <input id="lockMinutes" inputMode="numeric" value={lock} onChange={(e) => setLock(e.target.value)} />
        </Field>
        <div className="field">
          <span className="label">{t('settings.autoBackupFolder')}</span>
          <span data-testid="auto-backup-folder">{folder ?? t('settings.autoBackupNone')}</span>
          <button type="button" onClick={async () => {
            try {
              const r = await krp().settings.chooseBackupFolder({});
              if (r.status === 'done') setFolder(r.result.path);
            } catch (e) { setMessage({ problem: { error: e }, error: true }); }
          }}>{t('settings.chooseFolder')}</button>
        </div>
        <Field id="autoBackupHours" label={t('settings.autoBackupHours')}>
          <input id="autoBackupHours" inputMode="numeric" value={hours} onChange={(e) => setHours(e.target.value)} />
        </Field>
        <Field id="autoBackupKeep" label={t('settings.autoBackupKeep')}>
          <input id="autoBackupKeep" inputMode="numeric" value={keep} onChange={(e) => setKeep(e.target.value)} />
        </Field>
        <div className="actions"><button type="submit">{t('settings.saveSettings')}</button></div>
      </fieldset>
      {!props.administrator ? <p className="muted">{t('users.adminOnly')}</p> : null}
      {message ? <p className={message.error ? 'error' : 'notice'} role="status" data-testid="security-message">{problemText(message.problem, i18n)}</p> : null}
    </form>
  );
}
