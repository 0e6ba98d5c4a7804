import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ChangedNode } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';

const nodeName = (node: ChangedNode) => node.label ?? node.id;

function ChangeList(props: { title: string; nodes: ChangedNode[] }) {
  if (props.nodes.length === 0) return null;
  return (
    <li>
      <strong>{props.title}</strong> {props.nodes.map(nodeName).join(', ')}
    </li>
  );
}

/**
 * What publishing would do, asked before doing it: the changes since the live version, the warnings, how many
 * contacts would enter now, and a note kept with the version. Publishing is offered only when something changed.
 */
export function PublishDialog(props: { scenarioId: string; nodeName: (id: string) => string; onPublish: (note: string) => void; onClose: () => void }) {
  const [note, setNote] = useState('');
  const summary = useQuery({ queryKey: ['scenario', props.scenarioId, 'publish-summary'], queryFn: () => api.publishSummary(props.scenarioId), gcTime: 0 });
  const data = summary.data;
  const { added = [], removed = [], changed = [], other = [] } = data?.changes ?? {};
  const canPublish = data !== undefined && data.changed && data.validation.ok;
  return (
    <div className="modal-backdrop" onClick={props.onClose}>
      <div className="modal card" role="dialog" aria-label="Publish" onClick={(e) => e.stopPropagation()} data-testid="publish-dialog">
        <h3>{data?.liveVersion ? `Publish over version ${data.liveVersion}` : 'Publish the first version'}</h3>
        {summary.isPending && <p className="muted">Looking at the draft…</p>}
        {summary.error && <div className="callout error">{describeError(summary.error)}</div>}
        {data && (
          <>
            <h4>Changes</h4>
            {data.changed ? (
              <ul data-testid="publish-changes">
                <ChangeList title="Added:" nodes={added} />
                <ChangeList title="Removed:" nodes={removed} />
                <ChangeList title="Changed:" nodes={changed} />
                {other.length > 0 && (
                  <li>
                    <strong>Also changed:</strong> {other.join(', ')}
                  </li>
                )}
              </ul>
            ) : (
              <p data-testid="publish-changes">Nothing changed since version {data.liveVersion}: moving nodes around is not a change to publish.</p>
            )}
            {!data.validation.ok && (
              <div className="callout error" role="alert">
                {data.validation.errors.length === 1 ? '1 problem blocks publishing' : `${data.validation.errors.length} problems block publishing`}: see the problems list.
              </div>
            )}
            {data.validation.warnings.length > 0 && (
              <>
                <h4>Warnings</h4>
                <ul className="issues warnings" data-testid="publish-warnings">
                  {data.validation.warnings.map((w, i) => (
                    <li key={i}>
                      {w.nodeId && <strong>{props.nodeName(w.nodeId)}: </strong>}
                      {w.message}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <h4>Who enters</h4>
            <p data-testid="publish-entry">
              {data.entry.estimate === null
                ? 'Contacts enter when their entry happens (an event, a date or an API call): no one enters on publishing alone.'
                : `About ${data.entry.estimate} of ${data.entry.contacts} contacts match the entry condition now (estimated on ${data.entry.sampled}). A segment entry takes a contact in when the condition becomes true for them: those who match it already enter once it turns false and true again.`}
            </p>
            <div className="field">
              <label htmlFor="publish-note">Note for this version (optional)</label>
              <textarea id="publish-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder="What changes, and why" />
            </div>
          </>
        )}
        <div className="row">
          <button type="button" className="primary" disabled={!canPublish} onClick={() => props.onPublish(note)}>
            Publish
          </button>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
