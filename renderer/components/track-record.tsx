/**
 * The site model's track record forward in time (issue 12): how predictions made only from
 * patients treated earlier fared — cumulative error, calibration slope and AUC at points in time.
 */
import type { CohortTrackRecord } from '../../shared/api-imaging';
import { GATING } from '../../shared/model';
import { useI18n } from '../i18n/i18n';
import { useNumberFormat } from '../number-format';

export function TrackRecord({ track }: { track: CohortTrackRecord }) {
  const i18n = useI18n();
  const { t } = i18n;
  const f = useNumberFormat();
  /** Fixed decimals so the column lines up (0.80, 1.00). */
  const num = (v: number | null, d = 2) => (v === null ? t('common.none') : f.fixed(v, d));
  return (
    <section className="card" data-testid="track-record" aria-labelledby="track-title">
      <h2 id="track-title">{t('track.title')}</h2>
      <p className="muted">{t('track.intro')}</p>
      {track.predicted === 0 ? <p className="hint" data-testid="track-none">{t('track.none', { min: GATING.minPatients })}</p> : (
        <>
          <p data-testid="track-counts">{t('track.counts', { predicted: track.predicted, shown: track.shownWouldHaveBeen })}</p>
          <table className="table small">
            <thead><tr><th>{t('track.date')}</th><th className="num">{t('track.n')}</th><th className="num">{t('track.mae')}</th><th className="num">{t('track.slope')}</th><th className="num">{t('track.auc')}</th></tr></thead>
            <tbody>
              {track.overTime.map((p) => (
                <tr key={p.n}><td>{i18n.dateTime(p.treatedAt)}</td><td className="num">{f.count(p.n)}</td><td className="num">{num(p.mae, 1)}</td><td className="num">{num(p.calibrationSlope)}</td><td className="num">{num(p.auc)}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
