/** 日本語 / English toggle (a radio group of two buttons). */
import { useI18n, type Language } from '../i18n/i18n';

export function LanguageSwitch({ language, onChange }: { language: Language; onChange(l: Language): void }) {
  const { t } = useI18n();
  return (
    <div className="lang-switch" role="radiogroup" aria-label={t('nav.language')}>
      {(['ja', 'en'] as const).map((l) => (
        <button key={l} type="button" role="radio" aria-checked={language === l} lang={l}
          className={language === l ? 'lang active' : 'lang'} onClick={() => onChange(l)}>
          {t(l === 'ja' ? 'lang.ja' : 'lang.en')}
        </button>
      ))}
    </div>
  );
}
