/**
 * Settings: which connectivity number the site's response model uses (issue 12). Changing it needs
 * a reason (kept in the audit trail); estimates already shown keep the metric they were made with.
 */
import { useEffect, useState } from 'react';
import { MODEL_METRICS, type ModelMetric } from '../../shared/model/model-input';
import { krp } from '../bridge';
import { useI18n } from '../i18n/i18n';
import { problemText } from '../error-text';

export function ModelMetricSetting() {
  const i18n = useI18n();
  const { t } = i18n;
  const [current, setCurrent] = useState<ModelMetric | null>(null);
  const [chosen, setChosen] = useState<ModelMetric | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => { krp().records.modelMetric({}).then((m) => { setCurrent(m); setChosen(m); }, setError); }, []);

  const save = async () => {
    if (chosen === null) return;
    setError(null);
    setSaved(false);
    try {
      const m = await krp().records.setModelMetric({ metric: chosen, reason: reason.normalize('NFKC').trim() });
      setCurrent(m);
      setReason('');
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="card setting-group" data-testid="model-metric-setting">
      <h2>{t('settings.modelMetric')}</h2>
      <p className="muted">{t('settings.modelMetricHint')}</p>
      <fieldset className="plain">
        <legend className="sr-only">{t('settings.modelMetric')}</legend>
        {MODEL_METRICS.map((m) => (
          <label key={m} className="radio">
            <input type="radio" name="model-metric" value={m} checked={chosen === m} onChange={() => { setChosen(m); setSaved(false); }} data-testid={`metric-${m}`} />
            {t(m === 'roi-to-roi' ? 'settings.metricRoi' : 'settings.metricVoxel')}
          </label>
        ))}
      </fieldset>
      {chosen !== null && chosen !== current ? (
        <div className="metric-reason">
          <label>{t('settings.metricReason')}
            <input type="text" value={reason} onChange={(e) => setReason(e.target.value)} data-testid="metric-reason" maxLength={500} />
          </label>
          <div><button type="button" disabled={reason.trim() === ''} onClick={() => void save()} data-testid="metric-save">{t('settings.metricSave')}</button></div>
        </div>
      ) : null}
      {saved ? <p className="notice" role="status">{t('settings.metricSaved')}</p> : null}
      {error ? <p className="error" role="alert">{problemText({ error }, i18n)}</p> : null}
    </div>
  );
}
