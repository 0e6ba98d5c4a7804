import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Condition, SegmentDefinition, describeIssues, type SegmentAnswer } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { useEventNames, withSeenEvents } from '../api/event-names.ts';
import { SchemaForm } from '../editor/panel/SchemaForm.tsx';
import type { ZodLike } from '../editor/panel/zodShape.ts';
import { errorsUnder } from '../editor/validation.ts';
import { useTranslation } from '../i18n/index.ts';
import { useCan } from '../people/session.ts';
import { navigate } from '../router.ts';
import { formatNumber } from '../ui/format.ts';
import { LiveCount } from './LiveCount.tsx';
import { SegmentMembers } from './SegmentMembers.tsx';
import { SegmentSize } from './SegmentSize.tsx';
import { SizeChart } from './SizeChart.tsx';
import { SEGMENTS_QUERY } from './queries.ts';
import { ConfirmButton } from '../ui/ConfirmButton.tsx';

/** A new segment starts with one condition to fill in, inside an "all of" group so that more can be added. */
const NEW_CONDITION = { all: [{ attribute: '', op: 'eq' }] } as unknown as Condition;

interface Draft {
  name: string;
  description: string;
  condition: Condition;
}

const draftOf = (segment?: SegmentAnswer): Draft => ({ name: segment?.name ?? '', description: segment?.description ?? '', condition: segment?.condition ?? NEW_CONDITION });
const definitionOf = (draft: Draft) => ({ name: draft.name, ...(draft.description.trim() ? { description: draft.description } : {}), condition: draft.condition });

/**
 * One segment's builder: its name, its condition in the journeys' own condition editor, the live count of who matches
 * as it is edited, then (once saved) its members, size over time, CSV export and deletion.
 */
export function SegmentEditor({ segment }: { segment?: SegmentAnswer }) {
  const { t } = useTranslation();
  const can = useCan();
  const editable = can('publisher');
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => draftOf(segment));
  const definition = definitionOf(draft);
  const parsed = SegmentDefinition.safeParse(definition);
  // The condition's problems, located on its fields as the journey panels show theirs.
  const problems = useMemo(() => (parsed.success ? [] : describeIssues(parsed.error.issues, definition)), [JSON.stringify(definition)]);
  const conditionErrors = errorsUnder(problems, ['condition']);
  const nameError = errorsUnder(problems, ['name']).get('');
  const dirty = JSON.stringify(definition) !== JSON.stringify(definitionOf(draftOf(segment)));
  const attributes = useQuery({ queryKey: ['attributes'], queryFn: api.attributes, enabled: editable });
  const eventNames = useEventNames(editable);

  const save = useMutation({
    mutationFn: (valid: SegmentDefinition) => (segment ? api.updateSegment(segment.id, valid) : api.createSegment(valid)),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: SEGMENTS_QUERY });
      if (!segment) navigate({ page: 'segments', id: saved.id });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.deleteSegment(id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: SEGMENTS_QUERY });
      navigate({ page: 'segments' });
    },
  });

  return (
    <div className="segment-editor" data-testid="segment-editor">
      <header className="page-head">
        <div>
          <h2>{segment ? segment.name : t('segmentsPage.new')}</h2>
          {segment && <SegmentSize segment={segment} />}
        </div>
        {segment && (
          <div className="row">
            <a className="button" href={api.segmentExportUrl(segment.id)} download>
              {t('segmentsPage.export')}
            </a>
            {editable && (
              <ConfirmButton question={t('segmentsPage.deleteConfirm', { name: segment.name })} onConfirm={() => remove.mutate(segment.id)}>
                {t('segmentsPage.delete')}
              </ConfirmButton>
            )}
          </div>
        )}
      </header>
      {remove.error && <div className="callout error" role="alert">{describeError(remove.error)}</div>}
      {segment?.computing && <p className="callout">{t('segmentsPage.computingHint', { size: formatNumber(segment.size) })}</p>}
      {segment && (
        <div className="segment-facts">
          <SizeChart segment={segment} />
          <SegmentMembers segment={segment} />
        </div>
      )}
      {!editable && <p className="muted">{t('segmentsPage.readOnly')}</p>}
      {/* Counting needs an editor (POST /segments/estimate); a saved segment unchanged shows its size instead. */}
      {can('editor') && (dirty || !segment) && <LiveCount condition={parsed.success ? parsed.data.condition : undefined} />}

      <div className={`field${nameError ? ' field-invalid' : ''}`}>
        <label htmlFor="segment-name">{t('segmentsPage.name')}</label>
        <input id="segment-name" type="text" readOnly={!editable} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        {nameError && <div className="field-error" role="alert">{nameError.join('; ')}</div>}
      </div>
      <div className="field">
        <label htmlFor="segment-description">
          {t('segmentsPage.description')} <span className="optional">{t('form.optional')}</span>
        </label>
        <input id="segment-description" type="text" readOnly={!editable} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
      </div>
      <SchemaForm
        schema={Condition as unknown as ZodLike}
        value={draft.condition}
        onChange={(condition) => setDraft({ ...draft, condition: condition as Condition })}
        label={t('segmentsPage.condition')}
        context={{ errors: conditionErrors, readOnly: !editable, suggestions: { attribute: attributes.data?.attributes.map((a) => a.name) ?? [], event: withSeenEvents([], eventNames.data) } }}
      />

      {editable && (
        <div className="row">
          <button type="button" className="primary" disabled={!parsed.success || !dirty || save.isPending} onClick={() => parsed.success && save.mutate(parsed.data)}>
            {save.isPending ? t('segmentsPage.saving') : segment ? t('segmentsPage.save') : t('segmentsPage.create')}
          </button>
          {dirty && segment && <span className="save-state">{t('segmentsPage.unsaved')}</span>}
        </div>
      )}
      {save.error && <div className="callout error" role="alert">{describeError(save.error)}</div>}
    </div>
  );
}
