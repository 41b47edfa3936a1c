/** Settings: language, the signed-in user, backup / restore, cohort export, audit verification, lock and automatic backups, users (administrators), model metric, nonlinear normalization, about. */
import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/api';
import type { BackupStatus } from '../../shared/record/types';
import type { UserAccount } from '../../shared/record/accounts';
import { ChangePasswordForm } from './change-password';
import { SecurityPanel } from './security-panel';
import { UsersPanel } from './users-panel';
import { krp } from '../bridge';
import { useI18n, type Language } from '../i18n/i18n';
import { problemText, type Problem } from '../error-text';
import { LanguageSwitch } from '../components/language-switch';
import { ModelMetricSetting } from '../components/model-metric-setting';
import { NonlinearSetting } from '../components/nonlinear-setting';
import { InstitutionSetting } from '../components/institution-setting';

export function SettingsScreen(props: { language: Language; onLanguage(l: Language): void; user: UserAccount; onSignOut(): void; onSessionChanged(): void }) {
  const administrator = props.user.role === 'administrator';
  const [changing, setChanging] = useState(false);
  const i18n = useI18n();
  const { t } = i18n;
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [message, setMessage] = useState<{ problem: Problem; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const [backups, setBackups] = useState<BackupStatus | null>(null);
  const refreshBackups = () => { krp().records.backupStatus({}).then(setBackups, () => undefined); };

  useEffect(() => { krp().app.info({}).then(setInfo, () => undefined); refreshBackups(); }, []);

  /** Runs a settings action; its outcome is kept as a Problem so it follows a language switch. */
  const run = async (action: () => Promise<Problem & { bad?: boolean }>) => {
    setBusy(true);
    setMessage(null);
    try {
      const outcome = await action();
      setMessage({ problem: outcome, error: outcome.bad === true });
    } catch (e) {
      setMessage({ problem: { error: e }, error: true });
    } finally {
      setBusy(false);
      refreshBackups();
    }
  };
  const headText = (h: { seq: number; hash: string } | null | undefined) => (h ? `${h.seq}:${h.hash.slice(0, 16)}…` : '—');
  const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${i18n.number(bytes / 1024 / 1024, 1)} MB` : `${i18n.number(bytes / 1024, 0)} kB`);

  return (
    <section aria-labelledby="settings-title" className="settings">
      <div className="screen-head"><h1 id="settings-title">{t('settings.title')}</h1></div>
      <div className="card setting-group">
        <h2>{t('settings.language')}</h2>
        <LanguageSwitch language={props.language} onChange={props.onLanguage} />
      </div>
      <InstitutionSetting administrator={administrator} />
      <div className="card setting-group">
        <h2>{t('settings.clinician')}</h2>
        <p data-testid="signed-in-as">{t('settings.signedInAs', { name: props.user.displayName, role: t(`users.role.${props.user.role}`) })}</p>
        {changing ? <ChangePasswordForm required={false} onChanged={() => { setChanging(false); setMessage({ problem: { key: 'password.changed' }, error: false }); }} onCancel={() => setChanging(false)} /> : (
          <div className="button-row">
            <button type="button" onClick={() => setChanging(true)} data-testid="change-password-open">{t('settings.changePassword')}</button>
            <button type="button" onClick={props.onSignOut}>{t('frame.signOut')}</button>
          </div>
        )}
      </div>
      <div className="card setting-group">
        <h2>{t('settings.records')}</h2>
        <div className="button-row">
          <button type="button" disabled={busy} data-testid="backup" onClick={() => run(async () => {
            const r = await krp().records.backup({});
            return r.status === 'cancelled' ? { key: 'settings.cancelled' } : { key: 'settings.backupDone', values: { path: r.result.path, size: size(r.result.bytes) } };
          })}>{t('settings.backup')}</button>
          <button type="button" disabled={busy || !administrator} title={administrator ? undefined : t('users.adminOnly')} data-testid="restore" onClick={() => {
            if (!window.confirm(t('settings.restoreConfirm'))) return;
            void run(async () => {
              const r = await krp().records.restore({});
              return r.status === 'cancelled' ? { key: 'settings.cancelled' } : { key: 'settings.restoreDone', values: { path: r.result.from } };
            });
          }}>{t('settings.restore')}</button>
          <button type="button" disabled={busy} data-testid="export" onClick={() => run(async () => {
            const r = await krp().records.export({ deidentified: false });
            return r.status === 'cancelled' ? { key: 'settings.cancelled' } : { key: 'settings.exportDone', values: { rows: r.result.rows, path: r.result.path } };
          })}>{t('settings.export')}</button>
          <button type="button" disabled={busy} data-testid="export-deid" onClick={() => run(async () => {
            const r = await krp().records.export({ deidentified: true });
            return r.status === 'cancelled' ? { key: 'settings.cancelled' } : { key: 'settings.exportDone', values: { rows: r.result.rows, path: r.result.path } };
          })}>{t('settings.exportDeid')}</button>
          <button type="button" disabled={busy} data-testid="verify-audit" onClick={() => run(async (): Promise<Problem & { bad?: boolean }> => {
            const r = await krp().audit.verify({});
            return r.ok ? { key: 'audit.verifyOk', values: { entries: r.entries } } : { key: 'audit.verifyBad', values: { seq: r.firstBadSeq ?? '?' }, bad: true };
          })}>{t('audit.verify')}</button>
        </div>
        <p className="muted" data-testid="backup-status">
          {backups?.lastBackup
            ? t('settings.lastBackup', { at: i18n.dateTime(backups.lastBackup.createdAt), path: backups.lastBackup.path, head: headText(backups.lastBackup.auditHead) })
            : t('settings.noBackup')}
          <br />
          <span title={backups?.head ? `${backups.head.seq}:${backups.head.hash}` : ''}>{t('settings.auditHead', { head: headText(backups?.head) })}</span>
        </p>
        {!administrator ? <p className="muted" data-testid="restore-admin-only">{t('users.adminOnly')}</p> : null}
        {message ? <p className={message.error ? 'error' : 'notice'} role="status" data-testid="settings-message">{problemText(message.problem, i18n)}</p> : null}
      </div>
      <SecurityPanel administrator={administrator} onSaved={() => props.onSessionChanged()} />
      {administrator ? <UsersPanel selfId={props.user.id} /> : null}
      <ModelMetricSetting />
      <NonlinearSetting administrator={administrator} />
      <div className="card setting-group">
        <h2>{t('settings.about')}</h2>
        {info ? (
          <>
            <p>{t('app.name')} · {t('settings.version', { version: info.version })}</p>
            <p className="muted">{t('settings.dataDir', { dir: info.dataDir })}</p>
          </>
        ) : null}
        <p className="muted">{t('app.banner')}</p>
      </div>
    </section>
  );
}
