/**
 * The cohort's patients as a table: every patient with an analysis, one page at a time from the
 * main process (10 000 patients stay fast), sortable by clicking a column header (code, z, NRS
 * reduction; a second click reverses the order, so the smallest and the largest reduction are
 * both one click away), paged with first/previous/page number/next/last. A row opens the chart.
 */
import { useEffect, useRef, useState } from 'react';
import type { PatientListResult, PatientSort } from '../../shared/api';
import { krp } from '../bridge';
import { problemText, type Problem } from '../error-text';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/catalog-en';
import { OutcomeCells } from './outcome';
import { PagerBar } from './pager';

const PAGE_SIZE = 20;

export type SortState = { sort: PatientSort; direction: 'asc' | 'desc' };

/** The order after clicking `column`: the same column flips its direction; another starts descending for numbers, ascending for codes. */
export function nextSort(current: SortState, column: PatientSort): SortState {
  if (current.sort === column) return { sort: column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { sort: column, direction: column === 'code' ? 'asc' : 'desc' };
}

export function CohortPatientTable(props: { onOpen(patientId: number): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [order, setOrder] = useState<SortState>({ sort: 'reduction', direction: 'desc' });
  const [offset, setOffset] = useState(0);
  const [result, setResult] = useState<PatientListResult | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const ticket = useRef(0);

  useEffect(() => {
    const mine = ++ticket.current;
    krp().patients.list({ analysis: 'analysed', sort: order.sort, direction: order.direction, offset, limit: PAGE_SIZE }).then(
      (r) => { if (mine === ticket.current) { setResult(r); setProblem(null); } },
      (e: unknown) => { if (mine === ticket.current) setProblem({ error: e }); },
    );
  }, [order, offset]);

  const header = (column: PatientSort, label: MessageKey, numeric = false) => {
    const active = order.sort === column;
    return (
      <th className={numeric ? 'num' : undefined} aria-sort={active ? (order.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
        <button type="button" className="sort" onClick={() => { setOrder(nextSort(order, column)); setOffset(0); }}
          title={t('cohort.sortBy', { column: t(label) })} data-testid={`cohort-sort-${column}`}>
          {t(label)}{active ? (order.direction === 'asc' ? ' ▲' : ' ▼') : ''}
        </button>
      </th>
    );
  };

  return (
    <section className="card" aria-labelledby="cohort-patients-title" data-testid="cohort-patients">
      <h2 id="cohort-patients-title">{t('cohort.patients')}</h2>
      {problem ? <p className="error" role="alert">{problemText(problem, i18n)}</p> : null}
      {result === null ? <p className="muted">{t('app.loading')}</p> : result.total === 0 ? <p className="muted">{t('cohort.empty')}</p> : (
        <>
          <table className="table cohort-table" data-testid="cohort-table">
            <thead><tr>
              {header('code', 'col.code')}
              {header('z', 'col.z', true)}
              <th>{t('col.nrs')}</th>
              {header('reduction', 'col.reduction', true)}
              <th>{t('col.response')}</th>
            </tr></thead>
            <tbody>
              {result.rows.map((row) => (
                <tr key={row.id} tabIndex={0} className="clickable" data-testid="cohort-row" onClick={() => props.onOpen(row.id)}
                  onKeyDown={(e) => { if (e.key === 'Enter') props.onOpen(row.id); }}>
                  <td className="code">{row.displayCode}</td>
                  <OutcomeCells z={row.latestZ} preNrs={row.preNrs} post60Nrs={row.post60Nrs} outcome={row.outcome} reductionTestId="cohort-reduction" />
                </tr>
              ))}
            </tbody>
          </table>
          <PagerBar offset={offset} pageSize={PAGE_SIZE} total={result.total} onOffset={setOffset} countTestId="cohort-count" />
        </>
      )}
    </section>
  );
}
