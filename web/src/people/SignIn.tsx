import { useState } from 'react';
import type { Session } from '@parcours/shared';
import { api } from '../api/client.ts';
import { useTranslation } from '../i18n/index.ts';
import { AuthCard, FormError } from './AuthCard.tsx';
import { useSubmit } from './useSubmit.ts';

/** Email and password; "forgot your password?" asks for a reset link instead. */
export function SignIn(props: { onSignedIn: (session: Session) => void; notice?: string }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [forgot, setForgot] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const { submit, busy, error, setError } = useSubmit(async () => {
    if (forgot) {
      await api.requestReset(email.trim());
      setSent(email.trim());
    } else props.onSignedIn(await api.login(email.trim(), password));
  });
  const back = () => {
    setForgot(false);
    setSent(null);
    setError(null);
  };
  return (
    <AuthCard onSubmit={submit}>
      {forgot && <h1>{t('people.forgot.title')}</h1>}
      <p className="muted">{forgot ? t('people.forgot.intro') : t('people.signIn.intro')}</p>
      <div className="field">
        <label htmlFor="email">{t('people.signIn.email')}</label>
        <input id="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
      </div>
      {!forgot && (
        <div className="field">
          <label htmlFor="password">{t('people.signIn.password')}</label>
          <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
      )}
      {props.notice && !error && !forgot && <div className="callout error">{props.notice}</div>}
      <FormError error={error} />
      {sent && (
        <div className="callout ok" role="status">
          {t('people.forgot.sent', { email: sent })}
        </div>
      )}
      <button type="submit" className="primary" disabled={!email.trim() || (!forgot && !password) || busy}>
        {forgot ? t('people.forgot.submit') : busy ? t('people.signIn.checking') : t('people.signIn.submit')}
      </button>
      <button type="button" className="link" onClick={forgot ? back : () => setForgot(true)}>
        {forgot ? t('people.forgot.back') : t('people.signIn.forgot')}
      </button>
    </AuthCard>
  );
}
