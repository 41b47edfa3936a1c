/**
 * Pieces of the printed report (report-page.tsx): the scores table with each HADS subscale's band
 * beside its score and the PCS clinical mark, the scale notes (HADS bands, PCS cut-off, NRS
 * anchors), the signature block and the footer (page, research-use notice, app version, record
 * audit head).
 */
import type { Assessment, TimePoint } from '../../shared/record/types';
import type { HadsSubscaleScore, PcsScaleScore } from '../../shared/scoring/types';
import { useI18n } from '../i18n/i18n';

/** PCS total at or above this is read as clinically relevant (Sullivan's cut-off). */
export const PCS_RELEVANT_FROM = 30;

export function ReportScores(props: { rows: { timePoint: TimePoint; assessment: Assessment | null }[] }) {
  const { t } = useI18n();
  return (
    <table className="table report-scores" data-testid="report-scores">
      <thead><tr>
        <th>{t('report.col.time')}</th><th className="num">{t('report.col.nrs')}</th><th className="num">{t('report.col.hadsA')}</th><th className="num">{t('report.col.hadsD')}</th>
        <th className="num">{t('report.col.pcs')}</th><th className="num">{t('report.col.pcsR')}</th><th className="num">{t('report.col.pcsM')}</th><th className="num">{t('report.col.pcsH')}</th>
      </tr></thead>
      <tbody>
        {props.rows.map((r) => <ScoreRow key={r.timePoint} label={t(r.timePoint === 'pre' ? 'tp.pre' : 'tp.post60')} a={r.assessment} />)}
      </tbody>
    </table>
  );
}

function ScoreRow({ label, a }: { label: string; a: Assessment | null }) {
  const { t } = useI18n();
  const none = t('common.none');
  const hads = (s: HadsSubscaleScore | undefined) => (s && s.scored ? (
    <><span className="score-value">{s.score}</span> <span className={`band ${s.band}`} data-testid="report-hads-band">{t(`hads.band.${s.band}`)}</span></>
  ) : none);
  const pcs = (s: PcsScaleScore | undefined) => (s && s.scored ? String(s.score) : none);
  const total = a?.pcs?.total;
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="num">{a?.nrs ?? none}</td>
      <td className="num">{hads(a?.hads?.anxiety)}</td>
      <td className="num">{hads(a?.hads?.depression)}</td>
      <td className="num">{pcs(total)}{total && total.scored && total.score >= PCS_RELEVANT_FROM ? <> <span className="band abnormal" title={t('pcs.relevant')}>{t('report.pcsHigh')}</span></> : null}</td>
      <td className="num">{pcs(a?.pcs?.rumination)}</td>
      <td className="num">{pcs(a?.pcs?.magnification)}</td>
      <td className="num">{pcs(a?.pcs?.helplessness)}</td>
    </tr>
  );
}

/** What the numbers in the scores table mean: HADS bands, the PCS cut-off, NRS anchors and the responder rule. */
export function ScaleNotes() {
  const { t } = useI18n();
  return (
    <ul className="report-notes" data-testid="report-scale-notes">
      <li>{t('report.hadsBands')}</li>
      <li>{t('report.pcsNote')}</li>
      <li>{t('report.nrsNote')}</li>
    </ul>
  );
}

export function SignatureBlock() {
  const { t } = useI18n();
  return (
    <div className="report-signature" data-testid="report-signature">
      <div className="sign-line wide"><span>{t('report.signature')}</span></div>
      <div className="sign-line"><span>{t('report.signatureDate')}</span></div>
    </div>
  );
}

export function ReportFooter(props: { generated: string; auditHead: string | null }) {
  const { t } = useI18n();
  return (
    <footer className="report-foot" data-testid="report-footer">
      <span>{props.generated}</span>
      <span>{t('report.footerNotice')}</span>
      {props.auditHead ? <span data-testid="report-audit-head">{t('report.auditHead', { head: props.auditHead })}</span> : null}
      <span className="page-no">{t('report.page', { page: 1, pages: 1 })}</span>
    </footer>
  );
}
