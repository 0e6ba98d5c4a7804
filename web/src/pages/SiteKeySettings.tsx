import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { formatWhen } from '../ui/format.ts';
import { useTranslation } from '../i18n/index.ts';
import { QueryStatus } from '../ui/QueryStatus.tsx';
import { ConfirmButton } from '../ui/ConfirmButton.tsx';

/** The origins typed one per line or separated by commas or spaces. */
const originsOf = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** Site keys of the browser snippet: public keys, each usable only from the origins listed, rate-limited. */
export function SiteKeySettings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: ['site-keys'], queryFn: api.siteKeys });
  const [name, setName] = useState('');
  const [origins, setOrigins] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['site-keys'] });
  const create = useMutation({
    mutationFn: () => api.createSiteKey(name.trim(), originsOf(origins)),
    onSuccess: () => {
      setName('');
      setOrigins('');
      void refresh();
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => api.deleteSiteKey(id), onSuccess: refresh });
  const ready = name.trim() !== '' && originsOf(origins).length > 0;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) create.mutate();
  };
  return (
    <section className="settings-section" aria-labelledby="site-keys-title">
      <h2 id="site-keys-title">{t('siteKeys.title')}</h2>
      <p className="muted">{t('siteKeys.intro')}</p>
      <form className="card inline-form" onSubmit={submit} data-testid="site-key-form">
        <label htmlFor="site-key-name">{t('siteKeys.name')}</label>
        <input id="site-key-name" placeholder={t('siteKeys.namePlaceholder')} value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="site-key-origins">{t('siteKeys.origins')}</label>
        <input id="site-key-origins" placeholder="https://shop.example.com" value={origins} onChange={(e) => setOrigins(e.target.value)} />
        <button type="submit" className="primary" disabled={!ready || create.isPending}>
          {t('siteKeys.create')}
        </button>
      </form>
      {create.error && <div className="callout error">{describeError(create.error)}</div>}
      {remove.error && <div className="callout error">{describeError(remove.error)}</div>}
      <QueryStatus query={keys} />
      {keys.data && (
        <table className="table" aria-label={t('siteKeys.title')}>
          <thead>
            <tr>
              <th>{t('siteKeys.column.name')}</th>
              <th>{t('siteKeys.column.key')}</th>
              <th>{t('siteKeys.column.origins')}</th>
              <th>{t('siteKeys.column.limits')}</th>
              <th>{t('siteKeys.column.created')}</th>
              <th aria-label={t('common.actions')} />
            </tr>
          </thead>
          <tbody>
            {keys.data.items.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.key}</code>
                </td>
                <td>{k.origins.join(', ')}</td>
                <td className="muted">{t('siteKeys.limits', { visitor: k.visitorPerMinute, key: k.keyPerSecond })}</td>
                <td className="muted">{formatWhen(k.createdAt)}</td>
                <td className="actions">
                  <ConfirmButton question={t('siteKeys.revokeConfirm', { name: k.name })} onConfirm={() => remove.mutate(k.id)}>
                    {t('siteKeys.revoke')}
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
