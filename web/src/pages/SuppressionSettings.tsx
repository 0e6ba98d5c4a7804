import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MESSAGE_CHANNELS, type MessageChannel, type Suppression } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { formatWhen } from '../ui/format.ts';

const REASONS: Record<Suppression['reason'], string> = {
  hard_bounce: 'Hard bounce',
  complaint: 'Spam complaint',
  manual: 'Added by hand',
};

/**
 * The suppression list: addresses no message goes to, whatever the scenario (hard bounces and complaints land here
 * on their own). Searchable; an operator adds an address by hand or removes one after confirming.
 */
export function SuppressionSettings() {
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
      <h2 id="suppressions-title">Suppression list</h2>
      <p className="muted">No message goes to these addresses. Hard bounces and spam complaints are added on their own.</p>
      <form className="card inline-form" onSubmit={submit}>
        <label htmlFor="suppress-address">Suppress an address</label>
        <select aria-label="Channel" value={channel} onChange={(e) => setChannel(e.target.value as MessageChannel)}>
          {MESSAGE_CHANNELS.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <input id="suppress-address" placeholder="e.g. someone@example.com" value={address} onChange={(e) => setAddress(e.target.value)} />
        <button type="submit" className="primary" disabled={!address.trim() || add.isPending}>
          Suppress
        </button>
      </form>
      {add.error && <div className="callout error">{describeError(add.error)}</div>}
      {remove.error && <div className="callout error">{describeError(remove.error)}</div>}
      <input type="search" aria-label="Search suppressed addresses" placeholder="Search addresses" value={search} onChange={(e) => setSearch(e.target.value)} />
      {list.isLoading && <p className="loading">Loading…</p>}
      {list.error && <div className="callout error">{describeError(list.error)}</div>}
      {list.data && list.data.items.length === 0 && <p className="muted">No suppressed address.</p>}
      {list.data && list.data.items.length > 0 && (
        <table className="table" aria-label="Suppressed addresses">
          <thead>
            <tr>
              <th>Address</th>
              <th>Channel</th>
              <th>Reason</th>
              <th>Since</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((s) => (
              <tr key={`${s.channel}:${s.address}`} data-testid="suppression">
                <td>{s.address}</td>
                <td>
                  <span className="chip">{s.channel}</span>
                </td>
                <td title={s.source}>{REASONS[s.reason]}</td>
                <td className="muted">{formatWhen(s.createdAt)}</td>
                <td className="actions">
                  <button type="button" className="link danger" onClick={() => window.confirm(`Remove ${s.address} from the suppression list? Messages may go to it again.`) && remove.mutate(s)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
