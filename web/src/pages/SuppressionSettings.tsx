import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MESSAGE_CHANNELS, type MessageChannel, type Suppression } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { formatWhen } from '../ui/format.ts';
import { useTranslation } from '../i18n/index.ts';
import { channelName } from '../i18n/channels.ts';
import { QueryStatus } from '../ui/QueryStatus.tsx';
import { ConfirmButton } from '../ui/ConfirmButton.tsx';

/**
 * The suppression list: addresses no message goes to, whatever the scenario (hard bounces and complaints land here
 * on their own). Searchable; an operator adds an address by hand or removes one after confirming.
 */
export function SuppressionSettings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [channel, setChannel] = useState<MessageChannel>('email');
  const [address, setAddress] = useState('');
  const list = useQuery({ queryKey: ['suppressions', search], queryFn: () => api.suppressions(search.trim()) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['suppressions'] });
  const add = useMutation({
    mutationFn: () => api.suppress(channel, address.trim()),
    onSuccess: () => {
      setAddress('');
      void refresh();
    },
  });
  const remove = useMutation({ mutationFn: (s: Suppression) => api.unsuppress(s.channel, s.address), onSuccess: refresh });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (address.trim()) add.mutate();
  };
  return (
    <section className="settings-section" aria-labelledby="suppressions-title">
      <h2 id="suppressions-title">{t('suppressions.title')}</h2>
      <p className="muted">{t('suppressions.intro')}</p>
      <form className="card inline-form" onSubmit={submit}>
        <label htmlFor="suppress-address">{t('suppressions.add')}</label>
        <select aria-label={t('suppressions.channel')} value={channel} onChange={(e) => setChannel(e.target.value as MessageChannel)}>
          {MESSAGE_CHANNELS.map((c) => (
            <option key={c} value={c}>
              {channelName(c)}
            </option>
          ))}
        </select>
        <input id="suppress-address" placeholder={t('suppressions.addressPlaceholder')} value={address} onChange={(e) => setAddress(e.target.value)} />
        <button type="submit" className="primary" disabled={!address.trim() || add.isPending}>
          {t('suppressions.submit')}
        </button>
      </form>
      {add.error && <div className="callout error">{describeError(add.error)}</div>}
      {remove.error && <div className="callout error">{describeError(remove.error)}</div>}
      <input type="search" aria-label={t('suppressions.search')} placeholder={t('suppressions.searchPlaceholder')} value={search} onChange={(e) => setSearch(e.target.value)} />
      <QueryStatus query={list} />
      {list.data && list.data.items.length === 0 && <p className="muted">{t('suppressions.empty')}</p>}
      {list.data && list.data.items.length > 0 && (
        <table className="table" aria-label={t('suppressions.table')}>
          <thead>
            <tr>
              <th>{t('suppressions.column.address')}</th>
              <th>{t('suppressions.column.channel')}</th>
              <th>{t('suppressions.column.reason')}</th>
              <th>{t('suppressions.column.since')}</th>
              <th aria-label={t('common.actions')} />
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((s) => (
              <tr key={`${s.channel}:${s.address}`} data-testid="suppression">
                <td>{s.address}</td>
                <td>
                  <span className="chip">{channelName(s.channel)}</span>
                </td>
                <td title={s.source}>{t(`suppressions.reason.${s.reason}`)}</td>
                <td className="muted">{formatWhen(s.createdAt)}</td>
                <td className="actions">
                  <ConfirmButton question={t('suppressions.removeConfirm', { address: s.address })} onConfirm={() => remove.mutate(s)}>
                    {t('common.remove')}
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
