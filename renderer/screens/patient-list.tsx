/**
 * Patient list: search (display code or hospital ID), analysis and response filters, sort, paging
 * (one page at a time from the main process, so 10 000 patients stay fast), keyboard navigation.
 */
import { useEffect, useRef, useState } from 'react';
import {
  ANALYSIS_FILTERS, PATIENT_SORTS, RESPONDER_FILTERS,
  type AnalysisFilter, type PatientListResult, type PatientSort, type ResponderFilter,
} from '../../shared/api';
import { krp } from '../bridge';
import { useI18n } from '../i18n/i18n';
import { problemText, type Problem } from '../error-text';
import { OutcomeCells } from '../components/outcome';
import { PagerBar } from '../components/pager';

const PAGE_SIZE = 50;

export function PatientListScreen(props: { onOpen(patientId: number): void; onNew(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [search, setSearch] = useState('');
  const [analysis, setAnalysis] = useState<AnalysisFilter>('any');
  const [responder, setResponder] = useState<ResponderFilter>('any');
  const [sort, setSort] = useState<PatientSort>('updated');
  const [direction, setDirection] = useState<'asc' | 'desc'>('desc');
  const [offset, setOffset] = useState(0);
  const [result, setResult] = useState<PatientListResult | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const request = useRef(0);

  useEffect(() => {
    const ticket = ++request.current;
    const timer = setTimeout(() => {
      krp().patients.list({ search: search.trim() || undefined, analysis, responder, sort, direction, offset, limit: PAGE_SIZE }).then(
        (r) => { if (ticket === request.current) { setResult(r); setError(null); } },
        (e: unknown) => { if (ticket === request.current) setError({ error: e }); },
      );
    }, search ? 150 : 0);
    return () => clearTimeout(timer);
  }, [search, analysis, responder, sort, direction, offset]); // eslint-disable-line react-hooks/exhaustive-deps

  const reset = () => setOffset(0);
  const filtered = search.trim() !== '' || analysis !== 'any' || responder !== 'any';

  return (
    <section aria-labelledby="list-title">
      <div className="screen-head">
        <h1 id="list-title">{t('list.title')}</h1>
        <button type="button" className="primary" onClick={props.onNew} accessKey="n">{t('list.new')}</button>
      </div>
      <div className="toolbar card">
        <label className="tool grow">
          <span className="label">{t('list.search')}</span>
          <input type="search" value={search} placeholder={t('list.searchPlaceholder')} autoFocus
            onChange={(e) => { setSearch(e.target.value); reset(); }} data-testid="patient-search" />
        </label>
        <label className="tool">
          <span className="label">{t('list.analysisFilter')}</span>
          <select value={analysis} onChange={(e) => { setAnalysis(e.target.value as AnalysisFilter); reset(); }} data-testid="filter-analysis">
            {ANALYSIS_FILTERS.map((f) => <option key={f} value={f}>{t(`filter.analysis.${f}`)}</option>)}
          </select>
        </label>
        <label className="tool">
          <span className="label">{t('list.responderFilter')}</span>
          <select value={responder} onChange={(e) => { setResponder(e.target.value as ResponderFilter); reset(); }} data-testid="filter-responder">
            {RESPONDER_FILTERS.map((f) => <option key={f} value={f}>{t(`filter.responder.${f}`)}</option>)}
          </select>
        </label>
        <label className="tool">
          <span className="label">{t('list.sort')}</span>
          <select value={sort} onChange={(e) => { const next = e.target.value as PatientSort; setSort(next); setDirection(next === 'updated' ? 'desc' : 'asc'); reset(); }} data-testid="sort">
            {PATIENT_SORTS.map((s) => <option key={s} value={s}>{t(`sort.${s}`)}</option>)}
          </select>
        </label>
        <label className="tool">
          <span className="label">{t('list.direction')}</span>
          <select value={direction} onChange={(e) => { setDirection(e.target.value as 'asc' | 'desc'); reset(); }} data-testid="sort-direction">
            <option value="desc">{t('direction.desc')}</option>
            <option value="asc">{t('direction.asc')}</option>
          </select>
        </label>
      </div>
      {error ? <p className="error" role="alert">{problemText(error, i18n)}</p> : null}
      {result === null ? <p className="muted">{t('app.loading')}</p> : result.total === 0 ? (
        <p className="empty card">{filtered ? t('list.empty') : t('list.emptyAll')}</p>
      ) : (
        <div className="card table-card">
          <table className="table patients" data-testid="patient-table">
            <thead>
              <tr>
                <th>{t('col.code')}</th><th>{t('col.hospitalId')}</th><th>{t('col.age')}</th><th>{t('col.sex')}</th>
                <th>{t('col.diagnosis')}</th><th className="num">{t('col.z')}</th><th>{t('col.nrs')}</th>
                <th className="num">{t('col.reduction')}</th><th>{t('col.response')}</th><th>{t('col.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((row) => (
                <tr key={row.id} tabIndex={0} className="clickable" data-testid="patient-row"
                  onClick={() => props.onOpen(row.id)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') props.onOpen(row.id);
                    if (e.key === 'ArrowDown') (e.currentTarget.nextElementSibling as HTMLElement | null)?.focus();
                    if (e.key === 'ArrowUp') (e.currentTarget.previousElementSibling as HTMLElement | null)?.focus();
                  }}>
                  <td className="code">{row.displayCode}</td>
                  <td>{row.hospitalId ?? t('common.none')}</td>
                  <td>{row.birthYear ?? t('common.none')}</td>
                  <td>{t(`sex.${row.sex}`)}</td>
                  <td className="ellipsis">{row.diagnosis || t('common.none')}</td>
                  <OutcomeCells z={row.latestZ} preNrs={row.preNrs} post60Nrs={row.post60Nrs} outcome={row.outcome} />
                  <td className="muted">{i18n.dateTime(row.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <PagerBar offset={offset} pageSize={PAGE_SIZE} total={result.total} onOffset={setOffset} countTestId="list-count" />
        </div>
      )}
    </section>
  );
}
