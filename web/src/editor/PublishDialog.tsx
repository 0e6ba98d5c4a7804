import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ChangedNode } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { useTranslation } from '../i18n/index.ts';
import { problemText } from '../i18n/problems.ts';
import { InFlightChoice, type InFlightRequest } from '../move/InFlightChoice.tsx';

const nodeName = (node: ChangedNode) => node.label ?? node.id;

function ChangeList(props: { title: string; nodes: ChangedNode[] }) {
  const { t } = useTranslation();
  if (props.nodes.length === 0) return null;
  return (
    <li>
      <strong>{props.title}</strong>
      {t('common.colon')}
      {props.nodes.map(nodeName).join(', ')}
    </li>
  );
}

/**
 * What publishing would do, asked before doing it: the changes since the live version, the warnings, how many
 * contacts would enter now, and a note kept with the version. Publishing is offered only when something changed.
 */
export function PublishDialog(props: { scenarioId: string; nodeName: (id: string) => string; onPublish: (note: string, inFlight?: InFlightRequest) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [inFlight, setInFlight] = useState<InFlightRequest>();
  const summary = useQuery({ queryKey: ['scenario', props.scenarioId, 'publish-summary'], queryFn: () => api.publishSummary(props.scenarioId), gcTime: 0 });
  const data = summary.data;
  const { added = [], removed = [], changed = [], other = [] } = data?.changes ?? {};
  const canPublish = data !== undefined && data.changed && data.validation.ok;
  return (
    <div className="modal-backdrop" onClick={props.onClose}>
      <div className="modal card"  role="dialog" aria-label={t('publish.label')} onClick={(e) => e.stopPropagation()} data-testid="publish-dialog">
        <h3>{data?.liveVersion ? t('publish.over', { version: data.liveVersion }) : t('publish.first')}</h3>
        {summary.isPending && <p className="muted">{t('publish.looking')}</p>}
        {summary.error && <div className="callout error">{describeError(summary.error)}</div>}
        {data && (
          <>
            <h4>{t('publish.changes')}</h4>
            {data.changed ? (
              <ul data-testid="publish-changes">
                <ChangeList title={t('publish.added')} nodes={added} />
                <ChangeList title={t('publish.removed')} nodes={removed} />
                <ChangeList title={t('publish.changed')} nodes={changed} />
                {other.length > 0 && (
                  <li>
                    <strong>{t('publish.alsoChanged')}</strong>
                    {t('common.colon')}
                    {other.join(', ')}
                  </li>
                )}
              </ul>
            ) : (
              <p data-testid="publish-changes">{t('publish.nothing', { version: data.liveVersion ?? '' })}</p>
            )}
            {!data.validation.ok && (
              <div className="callout error" role="alert">
                {t('publish.blocked', { count: data.validation.errors.length })}
              </div>
            )}
            {data.validation.warnings.length > 0 && (
              <>
                <h4>{t('publish.warnings')}</h4>
                <ul className="issues warnings" data-testid="publish-warnings">
                  {data.validation.warnings.map((w, i) => (
                    <li key={i}>
                      {w.nodeId && (
                        <>
                          <strong>{props.nodeName(w.nodeId)}</strong>
                          {t('common.colon')}
                        </>
                      )}
                      {problemText(w)}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <h4>{t('publish.whoEnters')}</h4>
            <p data-testid="publish-entry">
              {data.entry.estimate === null
                ? t('publish.noEstimate')
                : t('publish.estimate', { count: data.entry.estimate, contacts: data.entry.contacts, sampled: data.entry.sampled })}
            </p>
            {canPublish && <InFlightChoice scenarioId={props.scenarioId} onChange={setInFlight} />}
            <div className="field">
              <label htmlFor="publish-note">{t('publish.note')}</label>
              <textarea id="publish-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('publish.notePlaceholder')} />
            </div>
          </>
        )}
        <div className="row">
          <button type="button" className="primary" disabled={!canPublish} onClick={() => props.onPublish(note, inFlight)}>
            {t('publish.publish')}
          </button>
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}
