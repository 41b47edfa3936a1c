/** Live / saved HADS subscale and PCS totals with bands, as the score form and the chart show them. */
import type { scoreHads, scorePcs } from '../../shared/scoring';
import type { HadsSubscaleScore, PcsScaleScore } from '../../shared/scoring/types';
import type { I18n } from '../i18n/i18n';

function subscaleText(i18n: I18n, s: HadsSubscaleScore | PcsScaleScore): string {
  if (!s.scored) return i18n.t('score.unscored', { answered: s.answered });
  const band = 'band' in s ? ` · ${i18n.t(`hads.band.${s.band}`)}` : '';
  return `${i18n.number(s.score, 1)}${band}${s.prorated ? ` · ${i18n.t('score.prorated')}` : ''}`;
}

export function HadsTotals({ i18n, score }: { i18n: I18n; score: ReturnType<typeof scoreHads> | null }) {
  if (score === null) return <div className="totals muted">{i18n.t('assess.notGiven')}</div>;
  return (
    <dl className="totals" data-testid="hads-totals">
      <div><dt>{i18n.t('hads.anxiety')}</dt><dd data-testid="hads-anxiety">{subscaleText(i18n, score.anxiety)}</dd></div>
      <div><dt>{i18n.t('hads.depression')}</dt><dd data-testid="hads-depression">{subscaleText(i18n, score.depression)}</dd></div>
    </dl>
  );
}

export function PcsTotals({ i18n, score }: { i18n: I18n; score: ReturnType<typeof scorePcs> | null }) {
  if (score === null) return <div className="totals muted">{i18n.t('assess.notGiven')}</div>;
  return (
    <dl className="totals" data-testid="pcs-totals">
      <div><dt>{i18n.t('pcs.total')}</dt><dd data-testid="pcs-total">{subscaleText(i18n, score.total)}{score.clinicallyRelevant ? ` · ${i18n.t('pcs.relevant')}` : ''}</dd></div>
      <div><dt>{i18n.t('pcs.rumination')}</dt><dd>{subscaleText(i18n, score.rumination)}</dd></div>
      <div><dt>{i18n.t('pcs.magnification')}</dt><dd>{subscaleText(i18n, score.magnification)}</dd></div>
      <div><dt>{i18n.t('pcs.helplessness')}</dt><dd>{subscaleText(i18n, score.helplessness)}</dd></div>
    </dl>
  );
}
