/**
 * The audit trail of one patient (or the whole record): who did what, when, newest first; for a
 * correction or removal, each field before → after and the reason given.
 */
import { useEffect, useState } from 'react';
import type { AuditEntry, Correction } from '../../shared/record/types';
import { krp } from '../bridge';
import { useI18n } from '../i18n/i18n';
import { problemText, type Problem } from '../error-text';
import { auditChanges } from './audit-changes';

export function AuditView({ patientId }: { patientId?: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [reasons, setReasons] = useState<Map<number, Correction>>(new Map());
  const [correctionsOnly, setCorrectionsOnly] = useState(false);
  const [error, setError] = useState<Problem | null>(null);

  useEffect(() => {
    krp().audit.list(patientId === undefined ? { limit: 200 } : { patientId, limit: 500 }).then(setEntries, (e: unknown) => setError({ error: e }));
    if (patientId !== undefined) {
      krp().corrections.list({ patientId }).then((list) => setReasons(new Map(list.map((c) => [c.auditSeq, c]))), (e: unknown) => setError({ error: e }));
    }
  }, [patientId]); // eslint-disable-line react-hooks/exhaustive-deps

  if (error) return <p className="error" role="alert">{problemText(error, i18n)}</p>;
  if (entries === null) return <p className="muted">{t('app.loading')}</p>;
  if (entries.length === 0) return <p className="muted">{t('audit.empty')}</p>;
  const shown = correctionsOnly ? entries.filter((e) => e.action === 'update' || e.action === 'delete') : entries;
  return (
    <div className="card table-card">
      <label className="inline-check">
        <input type="checkbox" checked={correctionsOnly} onChange={(e) => setCorrectionsOnly(e.target.checked)} data-testid="audit-corrections-only" />
        {' '}{t('audit.correctionsOnly')}
      </label>
      <table className="table audit" data-testid="audit-table">
        <thead><tr><th className="num">{t('audit.seq')}</th><th>{t('audit.when')}</th><th>{t('audit.who')}</th><th>{t('audit.action')}</th><th>{t('audit.what')}</th><th>{t('audit.change')}</th></tr></thead>
        <tbody>
          {shown.map((e) => {
            const changes = e.action === 'update' || e.action === 'delete' ? auditChanges(e.before, e.after) : [];
            const why = reasons.get(e.seq);
            return (
              <tr key={e.seq} data-testid="audit-row">
                <td className="num muted">{e.seq}</td>
                <td>{i18n.dateTime(e.at)}</td>
                <td>{e.clinician}</td>
                <td data-testid="audit-action">{t(`audit.action.${e.action}`)}</td>
                <td>{t(`audit.entity.${e.entity}`)}{e.entityId !== null ? <span className="muted"> #{e.entityId}</span> : null}</td>
                <td data-testid="audit-change">
                  {changes.length > 0 ? (
                    <ul className="changes">{changes.map((c) => <li key={c.field}><code>{c.field}</code>: {c.before} → {c.after}</li>)}</ul>
                  ) : null}
                  {why ? <div className="reason" data-testid="audit-reason">{t('audit.reason', { reason: why.reason })}</div> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
