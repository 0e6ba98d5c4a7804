import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { roleAllows, type Session } from '@parcours/shared';
import { api, rememberSession, SESSION_ENDED } from './api/client.ts';
import { describeError } from './api/errors.ts';
import { useOnline } from './api/connection.ts';
import { href, useRoute, type Route } from './router.ts';
import { SignIn } from './people/SignIn.tsx';
import { ResetPage, SetupPage } from './people/TokenPages.tsx';
import { InvitePage } from './people/InvitePage.tsx';
import { UsersPage } from './people/UsersPage.tsx';
import { AuditPage } from './audit/AuditPage.tsx';
import { SignedInUser } from './people/session.ts';
import { ScenarioList } from './pages/ScenarioList.tsx';
import { EditorPage } from './pages/EditorPage.tsx';
import { AnalyticsPage } from './analytics/AnalyticsPage.tsx';
import { ContactsPage } from './pages/ContactsPage.tsx';
import { OutboxPage } from './pages/OutboxPage.tsx';
import { TasksPage } from './pages/TasksPage.tsx';
import { SegmentsPage } from './segments/SegmentsPage.tsx';
import { CampaignsPage } from './campaigns/CampaignsPage.tsx';
import { SettingsPage } from './pages/SettingsPage.tsx';
import { DiffPage } from './review/DiffPage.tsx';
import { ReviewsPage } from './review/ReviewsPage.tsx';
import { ErrorBoundary } from './ui/ErrorBoundary.tsx';
import { LanguageSwitch } from './ui/LanguageSwitch.tsx';
import { useTranslation } from './i18n/index.ts';

const NAV = [
  { page: 'scenarios', icon: '⇶' },
  { page: 'contacts', icon: '☺' },
  { page: 'segments', icon: '◉' },
  { page: 'reviews', icon: '✓' },
  { page: 'campaigns', icon: '➚' },
  { page: 'outbox', icon: '✉' },
  { page: 'tasks', icon: '☎' },
  { page: 'settings', icon: '⚙' },
] as const satisfies { page: Route['page']; icon: string }[];

/** Pages for admins only. */
const ADMIN_NAV = [
  { page: 'users', icon: '⚇' },
  { page: 'audit', icon: '☷' },
] as const satisfies { page: Route['page']; icon: string }[];

export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  const online = useOnline();
  const queryClient = useQueryClient();
  const session = useQuery({ queryKey: ['session'], queryFn: api.session, staleTime: Infinity });
  const [ended, setEnded] = useState(false);
  const user = session.data?.user ?? null;
  rememberSession(session.data ?? null);
  // What one person loaded is not shown to the next: every query but the session's goes (the session's own query
  // stays, so that this component, which observes it, hears the change).
  const switchTo = (s: Session | null) => {
    rememberSession(s);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    queryClient.setQueryData(['session'], s);
  };
  const signedIn = (s: Session) => {
    switchTo(s);
    setEnded(false);
  };
  const signedOut = () => switchTo(null);
  useEffect(() => {
    const onEnded = () => {
      signedOut();
      setEnded(true);
    };
    window.addEventListener(SESSION_ENDED, onEnded);
    return () => window.removeEventListener(SESSION_ENDED, onEnded);
  }, [queryClient]);
  if (route.page === 'setup') return <SetupPage token={route.token} onSignedIn={signedIn} />;
  if (route.page === 'reset') return <ResetPage token={route.token} />;
  if (route.page === 'invite') return <InvitePage token={route.token} onSignedIn={signedIn} />;
  if (session.isPending) return <div className="page loading">{t('common.loading')}</div>;
  if (session.error) {
    return (
      <div className="callout error" role="alert">
        {describeError(session.error)}
      </div>
    );
  }
  if (!user) return <SignIn notice={ended ? t('people.signIn.sessionEnded') : undefined} onSignedIn={signedIn} />;
  const current = route.page === 'editor' || route.page === 'analytics' || route.page === 'diff' ? 'scenarios' : route.page;
  const signOut = () => void api.logout().finally(signedOut);
  const nav = roleAllows(user.role, 'admin') ? [...NAV, ...ADMIN_NAV] : NAV;
  const navTitle = (page: (typeof nav)[number]['page']) => (page === 'users' ? t('people.users.nav') : page === 'audit' ? t('audit.nav') : page === 'reviews' ? t('review.nav') : t(`nav.${page}`));
  return (
    <SignedInUser.Provider value={user}>
    <div className={`shell${route.page === 'editor' ? ' shell-editor' : ''}`}>
      <nav className="nav" aria-label={t('nav.label')}>
        <div className="brand">
          <span className="brand-mark">P</span> <span className="nav-label">Parcours</span>
        </div>
        {nav.map((n) => (
          <a key={n.page} title={navTitle(n.page)} href={href({ page: n.page } as Route)} className={current === n.page ? 'active' : ''} aria-current={current === n.page ? 'page' : undefined}>
            <span className="nav-icon" aria-hidden="true">{n.icon}</span>
            <span className="nav-label">{navTitle(n.page)}</span>
          </a>
        ))}
        <span className="nav-user muted" data-testid="signed-in-as" title={t('people.signedInAs', { email: user.email, role: t(`people.role.${user.role}`) })}>
          <span className="nav-label">{t('people.signedInAs', { email: user.email, role: t(`people.role.${user.role}`) })}</span>
        </span>
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
          {route.page === 'segments' && <SegmentsPage id={route.id} />}
          {route.page === 'campaigns' && <CampaignsPage id={route.id} journey={route.journey} />}
          {route.page === 'settings' && <SettingsPage />}
          {route.page === 'diff' && <DiffPage key={`${route.id}/${route.from}/${route.to}`} id={route.id} from={route.from} to={route.to} />}
          {route.page === 'reviews' && <ReviewsPage id={route.id} />}
          {route.page === 'users' && <UsersPage />}
          {route.page === 'audit' && <AuditPage />}
        </ErrorBoundary>
      </main>
    </div>
    </SignedInUser.Provider>
  );
}
