/** The always-visible research-use banner and the top bar. */
import type { View } from '../app';
import { useI18n, type Language } from '../i18n/i18n';
import { LanguageSwitch } from './language-switch';

export function Banner() {
  const { t } = useI18n();
  return <div className="banner" role="note" data-testid="research-banner">{t('app.banner')}</div>;
}

export function TopBar(props: { view: View; onNavigate(view: View): void; clinician: string; language: Language; onLanguage(l: Language): void; onLock(): void; onSignOut(): void }) {
  const { t } = useI18n();
  const current = props.view.name === 'settings' ? 'settings' : props.view.name === 'cohort' ? 'cohort' : 'patients';
  return (
    <header className="topbar">
      <div className="brand">{t('app.name')}</div>
      <nav className="nav" aria-label={t('app.name')}>
        <button type="button" className={current === 'patients' ? 'nav-item active' : 'nav-item'} aria-current={current === 'patients' ? 'page' : undefined}
          onClick={() => props.onNavigate({ name: 'list' })}>{t('nav.patients')}</button>
        <button type="button" className={current === 'cohort' ? 'nav-item active' : 'nav-item'} aria-current={current === 'cohort' ? 'page' : undefined}
          onClick={() => props.onNavigate({ name: 'cohort' })} data-testid="nav-cohort">{t('nav.cohort')}</button>
        <button type="button" className={current === 'settings' ? 'nav-item active' : 'nav-item'} aria-current={current === 'settings' ? 'page' : undefined}
          onClick={() => props.onNavigate({ name: 'settings' })}>{t('nav.settings')}</button>
      </nav>
      <div className="topbar-end">
        <span className="clinician" data-testid="clinician">{t('nav.clinician', { name: props.clinician })}</span>
        <LanguageSwitch language={props.language} onChange={props.onLanguage} />
        <button type="button" className="nav-item" onClick={props.onLock} data-testid="lock">{t('frame.lock')}</button>
        <button type="button" className="nav-item" onClick={props.onSignOut} data-testid="sign-out">{t('frame.signOut')}</button>
      </div>
    </header>
  );
}
