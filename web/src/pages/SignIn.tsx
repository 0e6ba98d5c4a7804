import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { useTranslation } from '../i18n/index.ts';
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx';

/** Asks for an API key once; it is checked against the server, then kept in this browser. */
export function SignIn(props: { onSignedIn: (key: string) => void; notice?: string }) {
  const { t } = useTranslation();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.checkKey(key.trim());
      props.onSignedIn(key.trim());
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="signin">
      <form onSubmit={submit} className="card">
        <div className="brand big">
          <span className="brand-mark">P</span> Parcours
        </div>
        <p className="muted">{t('signIn.intro')}</p>
        <div className="field">
          <label htmlFor="api-key">{t('signIn.key')}</label>
          <input id="api-key" type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} autoFocus />
        </div>
        {props.notice && !error && <div className="callout error">{props.notice}</div>}
        {error && (
          <div className="callout error" role="alert">
            {error}
          </div>
        )}
        <button type="submit" className="primary" disabled={!key.trim() || busy}>
          {busy ? t('signIn.checking') : t('signIn.submit')}
        </button>
        <LanguageSwitch />
      </form>
    </div>
  );
}
