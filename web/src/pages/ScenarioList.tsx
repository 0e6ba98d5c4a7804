import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ScenarioSummary } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { blankScenario } from '../editor/starters.ts';
import { ImportButton } from '../editor/ImportButton.tsx';
import { navigate } from '../router.ts';

/** "Welcome series #2" → "welcome-series-2": the id a new scenario gets from its name. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'scenario';
}

/** `base`, or `base-2`, `base-3`… whichever is free. */
function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base.slice(0, 55)}-${i}`;
  return id;
}

const when = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString();
};

export function ScenarioList() {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['scenarios'], queryFn: api.listScenarios });
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [showArchived, setShowArchived] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['scenarios'] });
  const taken = () => new Set(list.data?.items.map((s) => s.id));

  const create = useMutation({
    mutationFn: (n: string) => api.createScenario(blankScenario(uniqueId(slugify(n), taken()), n)),
    onSuccess: (d) => {
      void refresh();
      navigate({ page: 'editor', id: d.id });
    },
    onError: (e) => setError(describeError(e)),
  });
  const duplicate = useMutation({
    mutationFn: async (id: string) => {
      const { draft } = await api.getScenario(id);
      return api.createScenario({ ...draft, id: uniqueId(`${id}-copy`, taken()), name: `${draft.name} (copy)` });
    },
    onSuccess: (d) => {
      void refresh();
      navigate({ page: 'editor', id: d.id });
    },
    onError: (e) => setError(describeError(e)),
  });
  const archive = useMutation({ mutationFn: (id: string) => api.archive(id), onSuccess: refresh, onError: (e) => setError(describeError(e)) });
  const rename = useMutation({
    mutationFn: async ({ id, name: newName }: { id: string; name: string }) => {
      const detail = await api.getScenario(id);
      return api.saveDraft(id, { ...detail.draft, name: newName });
    },
    onSuccess: refresh,
    onError: (e) => setError(describeError(e)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) create.mutate(name.trim());
  };
  const items = (list.data?.items ?? []).filter((s) => showArchived || s.status !== 'archived');
  const archivedCount = (list.data?.items ?? []).filter((s) => s.status === 'archived').length;

  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>Scenarios</h1>
          <p className="muted">Customer journeys: what starts them, how long to wait, which way to go, what to send.</p>
        </div>
        <div className="row">
          <ImportButton onImported={(d) => { void refresh(); navigate({ page: 'editor', id: d.id }); }} />
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            + New scenario
          </button>
        </div>
      </header>
      {error && (
        <div className="callout error" role="alert">
          {error} <button type="button" className="link" onClick={() => setError(null)}>dismiss</button>
        </div>
      )}
      {creating && (
        <form className="card inline-form" onSubmit={submit}>
          <label htmlFor="new-name">Name of the new scenario</label>
          <input id="new-name" autoFocus value={name} placeholder="e.g. Welcome series" onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="primary" disabled={!name.trim() || create.isPending}>
            {create.isPending ? 'Creating…' : 'Create'}
          </button>
          <button type="button" onClick={() => setCreating(false)}>
            Cancel
          </button>
        </form>
      )}
      {list.isLoading && <p className="loading">Loading scenarios…</p>}
      {list.error && <div className="callout error">{describeError(list.error)}</div>}
      {list.data && items.length === 0 && !creating && (
        <div className="empty-state card">
          <h2>No scenario yet</h2>
          <p>Create your first journey — a welcome series, a cart reminder, a birthday message — or import one exported as JSON.</p>
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            + New scenario
          </button>
        </div>
      )}
      {items.length > 0 && (
        <table className="table" data-testid="scenario-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Status</th>
              <th>Published</th>
              <th>Last change</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <ScenarioRow
                key={s.id}
                s={s}
                onRename={(n) => rename.mutate({ id: s.id, name: n })}
                onDuplicate={() => duplicate.mutate(s.id)}
                onArchive={() => archive.mutate(s.id)}
              />
            ))}
          </tbody>
        </table>
      )}
      {archivedCount > 0 && (
        <label className="switch">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> Show {archivedCount} archived
        </label>
      )}
    </div>
  );
}

function ScenarioRow(props: { s: ScenarioSummary; onRename: (name: string) => void; onDuplicate: () => void; onArchive: () => void }) {
  const { s } = props;
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(s.name);
  const [nameError, setNameError] = useState<string | null>(null);
  return (
    <tr>
      <td>
        {editing ? (
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              // An empty name is refused where it is typed, not dropped in silence.
              if (!name.trim()) return setNameError('A scenario needs a name.');
              props.onRename(name.trim());
              setEditing(false);
            }}
          >
            <input
              aria-label="New name"
              autoFocus
              value={name}
              aria-invalid={nameError !== null}
              aria-describedby={nameError ? `rename-error-${s.id}` : undefined}
              onChange={(e) => {
                setName(e.target.value);
                setNameError(null);
              }}
            />
            <button type="submit">Save</button>
            {nameError && (
              <div className="field-error" id={`rename-error-${s.id}`} role="alert">
                {nameError}
              </div>
            )}
          </form>
        ) : (
          <a href={`#/scenarios/${encodeURIComponent(s.id)}`} className="strong">
            {s.name}
          </a>
        )}
        <div className="muted small">{s.id}</div>
      </td>
      <td>
        <span className={`chip status-${s.status}`}>{s.status}</span>
      </td>
      <td>{s.latestVersion ? `v${s.latestVersion}` : '—'}</td>
      <td className="muted">{when(s.updatedAt)}</td>
      <td className="actions">
        <button type="button" className="link" onClick={() => setEditing(true)}>
          Rename
        </button>
        <button type="button" className="link" onClick={props.onDuplicate}>
          Duplicate
        </button>
        {s.status !== 'archived' && (
          <button type="button" className="link danger" onClick={() => window.confirm(`Archive “${s.name}”? Contacts stop entering it.`) && props.onArchive()}>
            Archive
          </button>
        )}
      </td>
    </tr>
  );
}
