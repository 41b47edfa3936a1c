/**
 * The app frame: research-use banner (always visible), top bar (navigation, clinician, language),
 * and the current screen. Boots from `session.get`; until a clinician is named, shows the start screen.
 */
import { useCallback, useEffect, useState } from 'react';
import type { SessionState } from '../shared/api';
import type { AutoBackupStatus } from '../shared/api-accounts';
import { krp } from './bridge';
import { I18nProvider, makeI18n, useI18n, type Language } from './i18n/i18n';
import { StartScreen } from './screens/start-screen';
import { PatientListScreen } from './screens/patient-list';
import { NewPatientScreen } from './screens/new-patient';
import { PatientChartScreen } from './screens/patient-chart';
import { SettingsScreen } from './screens/settings-screen';
import { CohortScreen } from './screens/cohort-screen';
import { ReportView } from './screens/report-view';
import { connectJobStore } from './imaging/job-store';
import { LockScreen } from './screens/lock-screen';
import { ChangePasswordForm } from './screens/change-password';
import { autoBackupText } from './screens/security-panel';
import { useInactivityLock } from './use-inactivity-lock';
import { Banner, TopBar } from './components/frame';

export type View =
  | { name: 'list' }
  | { name: 'new-patient' }
  | { name: 'chart'; patientId: number; tab?: ChartTab }
  | { name: 'report'; patientId: number }
  | { name: 'cohort' }
  | { name: 'settings' };

export type ChartTab = 'timeline' | 'imaging' | 'estimate' | 'audit';

export function App() {
  const [session, setSession] = useState<SessionState | null>(null);
  const [language, setLanguage] = useState<Language>('ja');
  const [view, setView] = useState<View>({ name: 'list' });
  const [bootError, setBootError] = useState(false);

  useEffect(() => {
    if (!window.krp) { setBootError(true); return; }
    connectJobStore(window.krp);
    krp().session.get({}).then((s) => {
      setSession(s);
      if (s.language) setLanguage(s.language);
    }, () => setBootError(true));
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = makeI18n(language).t('app.name');
  }, [language]);

  const changeLanguage = useCallback(async (next: Language) => {
    setLanguage(next);
    if (session?.user) setSession(await krp().session.setLanguage({ language: next }));
  }, [session]);

  const signedInWith = useCallback((s: SessionState) => {
    setSession(s);
    if (s.language) setLanguage(s.language);
    setView({ name: 'list' });
  }, []);
  const refreshSession = useCallback(async () => { setSession(await krp().session.get({})); }, []);
  const signOut = useCallback(async () => {
    await krp().session.signOut({}).catch(() => undefined);
    setView({ name: 'list' });
    await refreshSession();
  }, [refreshSession]);
  const lockNow = useCallback(async () => {
    await krp().session.lock({ cause: 'user' }).catch(() => undefined);
    await refreshSession();
  }, [refreshSession]);

  // The last automatic backup: a failure is shown on every screen until the next one succeeds.
  const [autoBackup, setAutoBackup] = useState<AutoBackupStatus | null>(null);
  const userId = session?.user?.id ?? null;
  useEffect(() => {
    if (userId === null || !window.krp) return undefined;
    krp().settings.get({}).then((p) => setAutoBackup(p.lastAutoBackup), () => undefined);
    return krp().on('backup.auto', setAutoBackup);
  }, [userId]);

  const user = session?.user ?? null;
  const signedIn = user !== null;
  const mustChange = user?.mustChangePassword === true;
  const locked = session?.locked === true;
  useInactivityLock(signedIn && !locked && !mustChange, session?.lockMinutes ?? 10, () => setSession((s) => (s ? { ...s, locked: true } : s)));
  const i18n = makeI18n(language);

  return (
    <I18nProvider language={language}>
      <div className="app">
        <Banner />
        {signedIn && !mustChange ? <TopBar view={view} onNavigate={setView} clinician={user.displayName} language={language} onLanguage={changeLanguage} onLock={lockNow} onSignOut={signOut} /> : null}
        {signedIn && autoBackup !== null && !autoBackup.ok ? (
          <div className="banner backup-failed" role="alert" data-testid="backup-failed">{i18n.t('backup.auto.banner', { at: i18n.dateTime(autoBackup.at), message: autoBackup.message ?? '' })}</div>
        ) : null}
        <div className="screen-scroll" aria-hidden={locked ? true : undefined}>
          {bootError ? <BootFailure /> : session === null ? <Loading /> : !signedIn ? (
            <StartScreen session={session} language={language} onLanguage={setLanguage} onSignedIn={signedInWith} />
          ) : mustChange ? (
            <main className="screen start"><ChangePasswordForm required onChanged={refreshSession} /></main>
          ) : (
            <main className="screen">
              {view.name === 'list' && <PatientListScreen onOpen={(patientId) => setView({ name: 'chart', patientId })} onNew={() => setView({ name: 'new-patient' })} />}
              {view.name === 'new-patient' && <NewPatientScreen onCreated={(patientId) => setView({ name: 'chart', patientId })} onCancel={() => setView({ name: 'list' })} />}
              {view.name === 'chart' && <PatientChartScreen key={view.patientId} patientId={view.patientId} initialTab={view.tab ?? 'timeline'}
                onBack={() => setView({ name: 'list' })} onReport={() => setView({ name: 'report', patientId: view.patientId })} />}
              {view.name === 'report' && <ReportView patientId={view.patientId} onBack={() => setView({ name: 'chart', patientId: view.patientId, tab: 'estimate' })} />}
              {view.name === 'cohort' && <CohortScreen onOpenPatient={(patientId) => setView({ name: 'chart', patientId })} />}
              {view.name === 'settings' && (
                <SettingsScreen language={language} onLanguage={changeLanguage} user={user}
                  onSignOut={signOut} onSessionChanged={refreshSession} />
              )}
            </main>
          )}
        </div>
        {signedIn && locked ? <LockScreen name={user.displayName} language={language} onLanguage={setLanguage} onUnlocked={setSession} onSignOut={signOut} /> : null}
      </div>
    </I18nProvider>
  );
}

function Loading() {
  return <LocalizedMessage keyName="app.loading" />;
}

function BootFailure() {
  return <LocalizedMessage keyName="app.bridgeMissing" role="alert" />;
}

function LocalizedMessage({ keyName, role }: { keyName: 'app.loading' | 'app.bridgeMissing'; role?: string }) {
  const { t } = useI18n();
  return <main className="screen"><p className="muted" role={role}>{t(keyName)}</p></main>;
}
