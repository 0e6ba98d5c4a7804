import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { formatWhen } from '../ui/format.ts';
import { AttributeSettings } from './AttributeSettings.tsx';
import { ChannelSettings } from './ChannelSettings.tsx';
import { PressureSettings } from './PressureSettings.tsx';
import { SuppressionSettings } from './SuppressionSettings.tsx';

/** The operator's settings: marketing pressure over every scenario, contact attributes, how channels deliver, suppressed addresses, API keys. */
export function SettingsPage() {
  return (
    <div className="page narrow">
      <header className="page-head">
        <h1>Settings</h1>
      </header>
      <PressureSettings />
      <AttributeSettings />
      <ChannelSettings />
      <SuppressionSettings />
      <ApiKeys />
    </div>
  );
}

/** API keys: admin keys for people and tools, ingest keys for sending events and contacts only. */
function ApiKeys() {
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: ['keys'], queryFn: api.keys });
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'admin' | 'ingest'>('ingest');
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
      <h2 id="keys-title">API keys</h2>
      <p className="muted">An ingest key can only send events and contacts: give that one to your website and apps.</p>
      <form className="card inline-form" onSubmit={submit}>
        <label htmlFor="key-name">New key</label>
        <input id="key-name" placeholder="e.g. Website tracking" value={name} onChange={(e) => setName(e.target.value)} />
        <select aria-label="Scope" value={scope} onChange={(e) => setScope(e.target.value as 'admin' | 'ingest')}>
          <option value="ingest">ingest (events and contacts)</option>
          <option value="admin">admin (everything)</option>
        </select>
        <button type="submit" className="primary" disabled={!name.trim() || create.isPending}>
          Create key
        </button>
      </form>
      {create.error && <div className="callout error">{describeError(create.error)}</div>}
      {remove.error && <div className="callout error">{describeError(remove.error)}</div>}
      {created && (
        <div className="callout ok" role="status">
          Copy this key now, it will not be shown again: <code className="secret">{created}</code>
          <button type="button" className="link" onClick={() => void navigator.clipboard?.writeText(created)}>
            Copy
          </button>
        </div>
      )}
      {keys.isLoading && <p className="loading">Loading…</p>}
      {keys.error && <div className="callout error">{describeError(keys.error)}</div>}
      {keys.data && (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Scope</th>
              <th>Created</th>
              <th>Last used</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {keys.data.items.map((k) => (
              <tr key={k.id}>
                <td>
                  {k.name} {k.prefix && <code className="muted">{k.prefix}…</code>}
                </td>
                <td>
                  <span className="chip">{k.scope}</span>
                </td>
                <td className="muted">{formatWhen(k.createdAt)}</td>
                <td className="muted" data-testid="key-last-used">{k.lastUsedAt ? formatWhen(k.lastUsedAt) : 'Never'}</td>
                <td className="actions">
                  <button type="button" className="link danger" onClick={() => window.confirm(`Revoke “${k.name}”? Anything using it stops working.`) && remove.mutate(k.id)}>
                    Revoke
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
