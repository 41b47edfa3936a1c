/**
 * The site model's track record forward in time (issue 12): how predictions made only from
 * patients treated earlier fared — cumulative error, calibration slope and AUC at points in time.
 */
import type { CohortTrackRecord } from '../../shared/api-imaging';
import { GATING } from '../../shared/model';
import { useI18n } from '../i18n/i18n';

export function TrackRecord({ track }: { track: CohortTrackRecord }) {
  const i18n = useI18n();
  const { t } = i18n;
  const num = (v: number | null, d = 2) => (v === null ? t('common.none') : i18n.number(v, d));
  return (
    <section className="card" data-testid="track-record" aria-labelledby="track-title">
      <h2 id="track-title">{t('track.title')}</h2>
      <p className="muted">{t('track.intro')}</p>
      {track.predicted === 0 ? <p className="hint" data-testid="track-none">{t('track.none', { min: GATING.minPatients })}</p> : (
        <>
          <p data-testid="track-counts">{t('track.counts', { predicted: track.predicted, shown: track.shownWouldHaveBeen })}</p>
          <table className="small">
            <thead><tr><th>{t('track.date')}</th><th>{t('track.n')}</th><th>{t('track.mae')}</th><th>{t('track.slope')}</th><th>{t('track.auc')}</th></tr></thead>
            <tbody>
              {track.overTime.map((p) => (
                <tr key={p.n}><td>{i18n.dateTime(p.treatedAt)}</td><td>{p.n}</td><td>{num(p.mae, 1)}</td><td>{num(p.calibrationSlope)}</td><td>{num(p.auc)}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
