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

const NAV: { page: Route['page']; label: string; icon: string }[] = [
  { page: 'scenarios', label: 'Scenarios', icon: '⇶' },
  { page: 'contacts', label: 'Contacts', icon: '☺' },
  { page: 'outbox', label: 'Outbox', icon: '✉' },
  { page: 'tasks', label: 'Tasks', icon: '☎' },
  { page: 'settings', label: 'Settings', icon: '⚙' },
];

export function App() {
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
        notice={refused ? 'The server no longer accepts your API key (revoked?). Sign in with a valid one.' : undefined}
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
      <nav className="nav" aria-label="Main">
        <div className="brand">
          <span className="brand-mark">P</span> <span className="nav-label">Parcours</span>
        </div>
        {NAV.map((n) => (
          <a key={n.page} title={n.label} href={href({ page: n.page } as Route)} className={current === n.page ? 'active' : ''} aria-current={current === n.page ? 'page' : undefined}>
            <span className="nav-icon" aria-hidden="true">{n.icon}</span>
            <span className="nav-label">{n.label}</span>
          </a>
        ))}
        <button type="button" className="link signout" onClick={signOut}>
          <span className="nav-icon" aria-hidden="true">⇤</span>
          <span className="nav-label">Sign out</span>
        </button>
      </nav>
      <main className="main">
        {!online && (
          <div className="banner offline" role="status">
            Connection to the server lost. Keep working: your edits are kept in this browser and saved as soon as it is back.
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
