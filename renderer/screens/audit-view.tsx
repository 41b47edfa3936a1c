/** The audit trail of one patient (or the whole record): who did what, when; newest first. */
import { useEffect, useState } from 'react';
import type { AuditEntry } from '../../shared/record/types';
import { krp } from '../bridge';
import { useI18n } from '../i18n/i18n';
import { problemText, type Problem } from '../error-text';

export function AuditView({ patientId }: { patientId?: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<Problem | null>(null);

  useEffect(() => {
    krp().audit.list(patientId === undefined ? { limit: 200 } : { patientId, limit: 500 }).then(setEntries, (e: unknown) => setError({ error: e }));
  }, [patientId]); // eslint-disable-line react-hooks/exhaustive-deps

  if (error) return <p className="error" role="alert">{problemText(error, i18n)}</p>;
  if (entries === null) return <p className="muted">{t('app.loading')}</p>;
  if (entries.length === 0) return <p className="muted">{t('audit.empty')}</p>;
  return (
    <div className="card table-card">
      <table className="table audit" data-testid="audit-table">
        <thead><tr><th className="num">{t('audit.seq')}</th><th>{t('audit.when')}</th><th>{t('audit.who')}</th><th>{t('audit.action')}</th><th>{t('audit.what')}</th></tr></thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq} data-testid="audit-row">
              <td className="num muted">{e.seq}</td>
              <td>{i18n.dateTime(e.at)}</td>
              <td>{e.clinician}</td>
              <td data-testid="audit-action">{t(`audit.action.${e.action}`)}</td>
              <td>{t(`audit.entity.${e.entity}`)}{e.entityId !== null ? <span className="muted"> #{e.entityId}</span> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
