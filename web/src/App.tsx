import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { apiKey, KEY_REFUSED } from './api/client.ts';
import { useOnline } from './api/connection.ts';
import { href, useRoute, type Route } from './router.ts';
import { SignIn } from './pages/SignIn.tsx';
import { ScenarioList } from './pages/ScenarioList.tsx';
import { EditorPage } from './pages/EditorPage.tsx';
import { AnalyticsPage } from './analytics/AnalyticsPage.tsx';
import { ContactsPage } from './pages/ContactsPage.tsx';
import { OutboxPage } from './pages/OutboxPage.tsx';
import { TasksPage } from './pages/TasksPage.tsx';
import { SettingsPage } from './pages/SettingsPage.tsx';
import { ErrorBoundary } from './ui/ErrorBoundary.tsx';
import { LanguageSwitch } from './ui/LanguageSwitch.tsx';
import { useTranslation } from './i18n/index.ts';

const NAV = [
  { page: 'scenarios', icon: '⇶' },
  { page: 'contacts', icon: '☺' },
  { page: 'outbox', icon: '✉' },
  { page: 'tasks', icon: '☎' },
  { page: 'settings', icon: '⚙' },
] as const satisfies { page: Route['page']; icon: string }[];

export function App() {
  const { t } = useTranslation();
  const [key, setKey] = useState(apiKey.get());
  const route = useRoute();
  const online = useOnline();
  const queryClient = useQueryClient();
  const [refused, setRefused] = useState(false);
  useEffect(() => {
    const onRefused = () => {
      apiKey.clear();
      queryClient.clear();
      setRefused(true);
      setKey(null);
    };
    window.addEventListener(KEY_REFUSED, onRefused);
    return () => window.removeEventListener(KEY_REFUSED, onRefused);
  }, [queryClient]);
  if (!key) {
    return (
      <SignIn
        notice={refused ? t('app.keyRefused') : undefined}
        onSignedIn={(k) => {
          apiKey.set(k);
          setRefused(false);
          setKey(k);
        }}
      />
    );
  }
  const current = route.page === 'editor' || route.page === 'analytics' ? 'scenarios' : route.page;
  const signOut = () => {
    apiKey.clear();
    queryClient.clear();
    setKey(null);
  };
  return (
    <div className={`shell${route.page === 'editor' ? ' shell-editor' : ''}`}>
      <nav className="nav" aria-label={t('nav.label')}>
        <div className="brand">
          <span className="brand-mark">P</span> <span className="nav-label">Parcours</span>
        </div>
        {NAV.map((n) => (
          <a key={n.page} title={t(`nav.${n.page}`)} href={href({ page: n.page } as Route)} className={current === n.page ? 'active' : ''} aria-current={current === n.page ? 'page' : undefined}>
            <span className="nav-icon" aria-hidden="true">{n.icon}</span>
            <span className="nav-label">{t(`nav.${n.page}`)}</span>
          </a>
        ))}
        <button type="button" className="link signout" onClick={signOut}>
          <span className="nav-icon" aria-hidden="true">⇤</span>
          <span className="nav-label">{t('nav.signOut')}</span>
        </button>
        <LanguageSwitch />
      </nav>
      <main className="main">
        {!online && (
          <div className="banner offline" role="status">
            {t('app.offline')}
          </div>
        )}
        <ErrorBoundary resetKey={window.location.hash}>
          {route.page === 'scenarios' && <ScenarioList />}
          {route.page === 'editor' && <EditorPage key={`${route.id}/${route.version ?? 'draft'}`} id={route.id} version={route.version} />}
          {route.page === 'analytics' && <AnalyticsPage key={route.id} id={route.id} />}
          {route.page === 'contacts' && <ContactsPage id={route.id} />}
          {route.page === 'outbox' && <OutboxPage key={route.scenarioId} scenarioId={route.scenarioId} />}
          {route.page === 'tasks' && <TasksPage />}
          {route.page === 'settings' && <SettingsPage />}
        </ErrorBoundary>
      </main>
    </div>
  );
}
