import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sameJson } from '@parcours/shared';
import { ApiError, describeError } from '../api/errors.ts';
import { SchemaForm } from '../editor/panel/SchemaForm.tsx';
import type { ZodLike } from '../editor/panel/zodShape.ts';
import { errorsUnder } from '../editor/validation.ts';
import { QueryStatus } from '../ui/QueryStatus.tsx';

/** The 400's issues keyed by the form's field keys (["frequencyCaps", 0, "per"] → "frequencyCaps.0.per"). */
export function fieldErrorsOf(error: unknown): Map<string, string[]> {
  return error instanceof ApiError ? errorsUnder(error.issues, []) : new Map();
}

export interface SchemaSettingsProps<T> {
  /** Names the heading (`<name>-title`) and the form's test id (`<name>-form`). */
  name: string;
  queryKey: readonly unknown[];
  load: () => Promise<T>;
  store: (value: T) => Promise<T>;
  /** The shared schema the form is generated from. */
  schema: ZodLike;
  words: { title: string; intro: string; save: string; saving: string; unsaved: string; discard: string; notSaved: string };
  /** Labels of fields by their key, where the schema's titles are not the words wanted. */
  labels?: Record<string, string>;
  /** What the status line says once nothing is unsaved; `savedAt`: when this page last saved. */
  status: (value: T, savedAt: number | null) => string;
}

/** One settings document the API reads and replaces whole, edited in a form generated from its shared schema. */
export function SchemaSettingsSection<T>(props: SchemaSettingsProps<T>) {
  const { words } = props;
  const queryClient = useQueryClient();
  const stored = useQuery({ queryKey: props.queryKey, queryFn: props.load });
  const [draft, setDraft] = useState<T | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  useEffect(() => {
    if (stored.data && draft === null) setDraft(stored.data);
  }, [stored.data, draft]);
  const save = useMutation({
    mutationFn: props.store,
    onSuccess: (saved) => {
      queryClient.setQueryData(props.queryKey, saved);
      setDraft(saved);
      setSavedAt(Date.now());
    },
  });
  const errors = useMemo(() => fieldErrorsOf(save.error), [save.error]);
  const changed = draft !== null && stored.data !== undefined && !sameJson(draft, stored.data);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft) save.mutate(draft);
  };

  return (
    <section className="settings-section" aria-labelledby={`${props.name}-title`}>
      <h2 id={`${props.name}-title`}>{words.title}</h2>
      <p className="muted">{words.intro}</p>
      <QueryStatus query={stored} />
      {draft && (
        <form className="card" onSubmit={submit} aria-label={words.title} data-testid={`${props.name}-form`}>
          <SchemaForm schema={props.schema} value={draft} onChange={(v) => setDraft(v as T)} context={{ errors, ...(props.labels ? { labels: props.labels } : {}) }} />
          {save.error && (
            <div className="callout error" role="alert">
              {errors.size > 0 ? words.notSaved : describeError(save.error)}
            </div>
          )}
          <div className="row">
            <button type="submit" className="primary" disabled={!changed || save.isPending}>
              {save.isPending ? words.saving : words.save}
            </button>
            {changed ? (
              <>
                <span className="muted">{words.unsaved}</span>
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    save.reset();
                    setDraft(stored.data!);
                  }}
                >
                  {words.discard}
                </button>
              </>
            ) : (
              <span className="muted" role="status">
                {props.status(draft, savedAt)}
              </span>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
