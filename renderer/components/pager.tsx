/**
 * Paging for long lists: first / previous / page number (typed, full-width digits accepted) /
 * next / last, so page 150 of 200 is one entry away rather than 149 clicks.
 */
import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { useNumberFormat } from '../number-format';

/** The 0-based page for typed text (NFKC), clamped to 1..pages; null when it is not a whole number. */
export function pageFromText(text: string, pages: number): number | null {
  const t = text.normalize('NFKC').trim();
  if (!/^\d{1,7}$/.test(t)) return null;
  return Math.min(Math.max(1, Number(t)), Math.max(1, pages)) - 1;
}

export function Pager(props: { offset: number; pageSize: number; total: number; onOffset(offset: number): void }) {
  const { t } = useI18n();
  const f = useNumberFormat();
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  const page = Math.floor(props.offset / props.pageSize);
  const [text, setText] = useState(String(page + 1));
  // A page changed from outside (a button, a new sort) shows its number in this very render.
  const [shownPage, setShownPage] = useState(page);
  if (shownPage !== page) {
    setShownPage(page);
    setText(String(page + 1));
  }
  const go = (p: number) => props.onOffset(Math.min(Math.max(0, p), pages - 1) * props.pageSize);
  const jump = () => { const p = pageFromText(text, pages); if (p === null) setText(String(page + 1)); else go(p); };
  return (
    <div className="pager-controls" data-testid="pager">
      <button type="button" disabled={page === 0} onClick={() => go(0)} aria-label={t('list.first')} title={t('list.first')}>«</button>
      <button type="button" disabled={page === 0} onClick={() => go(page - 1)}>{t('list.prev')}</button>
      <label className="page-jump">
        <span className="sr-only">{t('list.page')}</span>
        <input inputMode="numeric" value={text} size={4} onChange={(e) => setText(e.target.value)} onBlur={jump}
          onKeyDown={(e) => { if (e.key === 'Enter') jump(); }} aria-label={t('list.page')} data-testid="page-input" />
        <span className="muted">{t('list.pageOf', { pages: f.count(pages) })}</span>
      </label>
      <button type="button" disabled={page >= pages - 1} onClick={() => go(page + 1)}>{t('list.next')}</button>
      <button type="button" disabled={page >= pages - 1} onClick={() => go(pages - 1)} aria-label={t('list.last')} title={t('list.last')}>»</button>
    </div>
  );
}

/** Under a paged table: "1–20 of 312" and the pager. */
export function PagerBar(props: { offset: number; pageSize: number; total: number; onOffset(offset: number): void; countTestId: string }) {
  const { t } = useI18n();
  const f = useNumberFormat();
  const { offset, pageSize, total } = props;
  return (
    <div className="pager">
      <span className="muted" data-testid={props.countTestId}>
        {t('list.count', { from: f.count(offset + 1), to: f.count(Math.min(offset + pageSize, total)), total: f.count(total) })}
      </span>
      <Pager offset={offset} pageSize={pageSize} total={total} onOffset={props.onOffset} />
    </div>
  );
}
