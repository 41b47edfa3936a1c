/**
 * Settings: whether in-app preprocessing refines the affine normalization to MNI with a B-spline
 * (nonlinear) registration. Off by default; administrators change it (audited); it applies to the
 * analyses started afterwards and enters their settings hash, so analyses with and without it are
 * not pooled for the site's calibration.
 */
import { useEffect, useState } from 'react';
import { krp } from '../bridge';
import { useI18n } from '../i18n/i18n';
import { problemText } from '../error-text';

export function NonlinearSetting(props: { administrator: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [on, setOn] = useState<boolean | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => { krp().settings.get({}).then((p) => setOn(p.nonlinearNormalization), setError); }, []);

  const change = async (next: boolean) => {
    setError(null);
    setSaved(false);
    try {
      const prefs = await krp().settings.setNonlinearNormalization({ on: next });
      setOn(prefs.nonlinearNormalization);
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="card setting-group" data-testid="nonlinear-setting">
      <h2>{t('settings.nonlinear')}</h2>
      <p className="muted">{t('settings.nonlinearHint')}</p>
      <fieldset className="plain" disabled={on === null || !props.administrator}>
        <legend className="sr-only">{t('settings.nonlinear')}</legend>
        {([false, true] as const).map((value) => (
          <label key={String(value)} className="radio">
            <input type="radio" name="nonlinear" checked={on === value} onChange={() => void change(value)} data-testid={`nonlinear-${value ? 'on' : 'off'}`} />
            {t(value ? 'settings.nonlinearOn' : 'settings.nonlinearOff')}
          </label>
        ))}
      </fieldset>
      {!props.administrator ? <p className="muted">{t('users.adminOnly')}</p> : null}
      {saved ? <p className="notice" role="status">{t(on ? 'settings.nonlinearSavedOn' : 'settings.nonlinearSavedOff')}</p> : null}
      {error ? <p className="error" role="alert">{problemText({ error }, i18n)}</p> : null}
    </div>
  );
}
