import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Settings, type GlobalPolicy } from '@parcours/shared';
import { api } from '../api/client.ts';
import { ApiError, describeError } from '../api/errors.ts';
import { SchemaForm } from '../editor/panel/SchemaForm.tsx';
import type { ZodLike } from '../editor/panel/zodShape.ts';
import { sameJson } from '@parcours/shared';
import { errorsUnder } from '../editor/validation.ts';
import { formatWhen } from '../ui/format.ts';

// The same fields as a scenario's own caps and quiet hours, so the form is generated from the shared schema.
const POLICY_SCHEMA = Settings.pick({ frequencyCaps: true, quietHours: true }) as unknown as ZodLike;

/** The 400's issues keyed by the form's field keys (["frequencyCaps", 0, "per"] → "frequencyCaps.0.per"). */
export function fieldErrorsOf(error: unknown): Map<string, string[]> {
  return error instanceof ApiError ? errorsUnder(error.issues, []) : new Map();
}

/** The operator's frequency caps and quiet hours, over every scenario (on top of each scenario's own). */
export function PressureSettings() {
  const queryClient = useQueryClient();
  const stored = useQuery({ queryKey: ['settings', 'pressure'], queryFn: api.pressurePolicy });
  const [draft, setDraft] = useState<GlobalPolicy | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  useEffect(() => {
    if (stored.data && draft === null) setDraft(stored.data);
  }, [stored.data, draft]);
  const save = useMutation({
    mutationFn: (policy: GlobalPolicy) => api.savePressurePolicy(policy),
    onSuccess: (saved) => {
      queryClient.setQueryData(['settings', 'pressure'], saved);
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
    <section className="settings-section" aria-labelledby="pressure-title">
      <h2 id="pressure-title">Marketing pressure</h2>
      <p className="muted">
        Caps and quiet hours over every scenario, counted across all of them. A message over a cap is skipped or deferred, as its node says, and the
        contact’s timeline tells why.
      </p>
      {stored.isLoading && <p className="loading">Loading…</p>}
      {stored.error && <div className="callout error">{describeError(stored.error)}</div>}
      {draft && (
        <form className="card" onSubmit={submit} aria-label="Marketing pressure" data-testid="pressure-form">
          <SchemaForm schema={POLICY_SCHEMA} value={draft} onChange={(v) => setDraft(v as GlobalPolicy)} context={{ errors }} />
          {save.error && (
            <div className="callout error" role="alert">
              {errors.size > 0 ? 'Not saved: fix the fields marked above.' : describeError(save.error)}
            </div>
          )}
          <div className="row">
            <button type="submit" className="primary" disabled={!changed || save.isPending}>
              {save.isPending ? 'Saving…' : 'Save pressure rules'}
            </button>
            {changed ? (
              <>
                <span className="muted">Unsaved changes</span>
                <button type="button" className="link" onClick={() => {
                    save.reset();
                    setDraft(stored.data!);
                  }}>
                  Discard
                </button>
              </>
            ) : (
              <span className="muted" role="status">
                {savedAt ? `Saved ${formatWhen(savedAt)}` : 'Saved'}
                {' · '}
                {summary(draft)}
              </span>
            )}
          </div>
        </form>
      )}
    </section>
  );
}

/** "2 caps, quiet 21:00–08:00": what is in force, in a few words. */
function summary(policy: GlobalPolicy): string {
  const caps = policy.frequencyCaps.length === 0 ? 'no cap' : `${policy.frequencyCaps.length} cap${policy.frequencyCaps.length === 1 ? '' : 's'}`;
  const quiet = policy.quietHours ? `quiet ${policy.quietHours.start}–${policy.quietHours.end}` : 'no quiet hours';
  return `${caps}, ${quiet}`;
}
