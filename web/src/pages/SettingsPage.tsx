import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { formatWhen } from '../ui/format.ts';
import { useTranslation } from '../i18n/index.ts';
import { useCan } from '../people/session.ts';
import { ROLES, type KeyScope } from '@parcours/shared';
import { AttributeSettings } from './AttributeSettings.tsx';
import { ChannelSettings } from './ChannelSettings.tsx';
import { DoubleOptInSettings } from './DoubleOptInSettings.tsx';
import { PressureSettings } from './PressureSettings.tsx';
import { SiteKeySettings } from './SiteKeySettings.tsx';
import { SuppressionSettings } from './SuppressionSettings.tsx';
import { TopicSettings } from './TopicSettings.tsx';
import { QueryStatus } from '../ui/QueryStatus.tsx';
import { ReviewSettingsSection } from '../review/ReviewSettingsSection.tsx';
import { ConfirmButton } from '../ui/ConfirmButton.tsx';

/** The operator's settings: marketing pressure over every scenario, contact attributes, how channels deliver, suppressed addresses, API keys. */
export function SettingsPage() {
  const { t } = useTranslation();
  const admin = useCan()('admin');
  return (
    <div className="page narrow">
      <header className="page-head">
        <h1>{t('settings.title')}</h1>
      </header>
      {!admin && <p className="callout">{t('people.needs.admin')}</p>}
      {/* A disabled fieldset disables every control inside it: others read the settings, admins change them. */}
      <fieldset className="bare" disabled={!admin}>
        <PressureSettings />
        <TopicSettings />
        <DoubleOptInSettings />
        <ReviewSettingsSection />
        <AttributeSettings />
        <ChannelSettings />
        <SuppressionSettings />
      </fieldset>
      {admin && <ApiKeys />}
      {admin && <SiteKeySettings />}
    </div>
  );
}

/** API keys: admin keys for people and tools, ingest keys for sending events and contacts only. */
function ApiKeys() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: ['keys'], queryFn: api.keys });
  const [name, setName] = useState('');
  const [scope, setScope] = useState<KeyScope>('ingest');
  const [created, setCreated] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['keys'] });
  const create = useMutation({
    mutationFn: () => api.createKey(name.trim(), scope),
    onSuccess: (k) => {
      setCreated(k.key);
      setName('');
      void refresh();
    },
  });
  const remove = useMutation({ mutationFn: (id: string | number) => api.deleteKey(id), onSuccess: refresh });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) create.mutate();
  };
  return (
    <section className="settings-section" aria-labelledby="keys-title">
      <h2 id="keys-title">{t('apiKeys.title')}</h2>
      <p className="muted">{t('apiKeys.intro')}</p>
      <form className="card inline-form" onSubmit={submit}>
        <label htmlFor="key-name">{t('apiKeys.new')}</label>
        <input id="key-name" placeholder={t('apiKeys.namePlaceholder')} value={name} onChange={(e) => setName(e.target.value)} />
        <select aria-label={t('apiKeys.scope')} value={scope} onChange={(e) => setScope(e.target.value as KeyScope)}>
          <option value="ingest">{t('apiKeys.scopeOption.ingest')}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`people.roleHint.${r}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={!name.trim() || create.isPending}>
          {t('apiKeys.create')}
        </button>
      </form>
      {create.error && <div className="callout error">{describeError(create.error)}</div>}
      {remove.error && <div className="callout error">{describeError(remove.error)}</div>}
      {created && (
        <div className="callout ok" role="status">
          {t('apiKeys.copyNow')}
          <code className="secret">{created}</code>
          <button type="button" className="link" onClick={() => void navigator.clipboard?.writeText(created)}>
            {t('apiKeys.copy')}
          </button>
        </div>
      )}
      <QueryStatus query={keys} />
      {keys.data && (
        <table className="table">
          <thead>
            <tr>
              <th>{t('apiKeys.column.name')}</th>
              <th>{t('apiKeys.column.scope')}</th>
              <th>{t('apiKeys.column.created')}</th>
              <th>{t('apiKeys.column.lastUsed')}</th>
              <th aria-label={t('common.actions')} />
            </tr>
          </thead>
          <tbody>
            {keys.data.items.map((k) => (
              <tr key={k.id}>
                <td>
                  {k.name} {k.prefix && <code className="muted">{k.prefix}…</code>}
                </td>
                <td>
                  <span className="chip">{k.scope === 'ingest' ? t('apiKeys.scopeName.ingest') : t(`people.role.${k.scope}`)}</span>
                </td>
                <td className="muted">{formatWhen(k.createdAt)}</td>
                <td className="muted" data-testid="key-last-used">{k.lastUsedAt ? formatWhen(k.lastUsedAt) : t('apiKeys.never')}</td>
                <td className="actions">
                  <ConfirmButton question={t('apiKeys.revokeConfirm', { name: k.name })} onConfirm={() => remove.mutate(k.id)}>
                    {t('apiKeys.revoke')}
                  </ConfirmButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
