/**
 * The app frame: research-use banner (always visible), top bar (navigation, clinician, language),
 * and the current screen. Boots from `session.get`; until a clinician is named, shows the start screen.
 */
import { useCallback, useEffect, useState } from 'react';
import type { SessionState } from '../shared/api';
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
    if (session?.clinician) setSession(await krp().session.setLanguage({ language: next }));
  }, [session]);

  const startSession = useCallback(async (clinician: string, lang: Language) => {
    const s = await krp().session.start({ clinician, language: lang });
    setSession(s);
    setLanguage(lang);
    setView({ name: 'list' });
  }, []);

  const signedIn = session !== null && session.clinician !== null;
  return (
    <I18nProvider language={language}>
      <div className="app">
        <Banner />
        {signedIn ? <TopBar view={view} onNavigate={setView} clinician={session.clinician!} language={language} onLanguage={changeLanguage} /> : null}
        <div className="screen-scroll">
          {bootError ? <BootFailure /> : session === null ? <Loading /> : !signedIn ? (
            <StartScreen initialName={session.lastClinician ?? ''} language={language} onLanguage={setLanguage} onStart={startSession} />
          ) : (
            <main className="screen">
              {view.name === 'list' && <PatientListScreen onOpen={(patientId) => setView({ name: 'chart', patientId })} onNew={() => setView({ name: 'new-patient' })} />}
              {view.name === 'new-patient' && <NewPatientScreen onCreated={(patientId) => setView({ name: 'chart', patientId })} onCancel={() => setView({ name: 'list' })} />}
              {view.name === 'chart' && <PatientChartScreen key={view.patientId} patientId={view.patientId} initialTab={view.tab ?? 'timeline'}
                onBack={() => setView({ name: 'list' })} onReport={() => setView({ name: 'report', patientId: view.patientId })} />}
              {view.name === 'report' && <ReportView patientId={view.patientId} onBack={() => setView({ name: 'chart', patientId: view.patientId, tab: 'estimate' })} />}
              {view.name === 'cohort' && <CohortScreen onOpenPatient={(patientId) => setView({ name: 'chart', patientId })} />}
              {view.name === 'settings' && (
                <SettingsScreen language={language} onLanguage={changeLanguage}
                  onSwitchClinician={() => setSession({ ...session, clinician: null, lastClinician: session.clinician })} />
              )}
            </main>
          )}
        </div>
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
