import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sameJson, Settings, type GlobalPolicy } from '@parcours/shared';
import { api } from '../api/client.ts';
import { ApiError, describeError } from '../api/errors.ts';
import { SchemaForm } from '../editor/panel/SchemaForm.tsx';
import type { ZodLike } from '../editor/panel/zodShape.ts';
import { errorsUnder } from '../editor/validation.ts';
import { formatWhen } from '../ui/format.ts';
import { i18n, useTranslation } from '../i18n/index.ts';

// The same fields as a scenario's own caps and quiet hours, so the form is generated from the shared schema.
const POLICY_SCHEMA = Settings.pick({ frequencyCaps: true, quietHours: true }) as unknown as ZodLike;

/** The 400's issues keyed by the form's field keys (["frequencyCaps", 0, "per"] → "frequencyCaps.0.per"). */
export function fieldErrorsOf(error: unknown): Map<string, string[]> {
  return error instanceof ApiError ? errorsUnder(error.issues, []) : new Map();
}

/** The operator's frequency caps and quiet hours, over every scenario (on top of each scenario's own). */
export function PressureSettings() {
  const { t } = useTranslation();
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
      <h2 id="pressure-title">{t('pressure.title')}</h2>
      <p className="muted">{t('pressure.intro')}</p>
      {stored.isLoading && <p className="loading">{t('common.loading')}</p>}
      {stored.error && <div className="callout error">{describeError(stored.error)}</div>}
      {draft && (
        <form className="card" onSubmit={submit} aria-label={t('pressure.title')} data-testid="pressure-form">
          <SchemaForm schema={POLICY_SCHEMA} value={draft} onChange={(v) => setDraft(v as GlobalPolicy)} context={{ errors }} />
          {save.error && (
            <div className="callout error" role="alert">
              {errors.size > 0 ? t('pressure.notSaved') : describeError(save.error)}
            </div>
          )}
          <div className="row">
            <button type="submit" className="primary" disabled={!changed || save.isPending}>
              {save.isPending ? t('pressure.saving') : t('pressure.save')}
            </button>
            {changed ? (
              <>
                <span className="muted">{t('pressure.unsaved')}</span>
                <button type="button" className="link" onClick={() => {
                    save.reset();
                    setDraft(stored.data!);
                  }}>
                  {t('pressure.discard')}
                </button>
              </>
            ) : (
              <span className="muted" role="status">
                {savedAt ? t('pressure.savedAt', { when: formatWhen(savedAt) }) : t('pressure.saved')}
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
  const caps = policy.frequencyCaps.length === 0 ? i18n.t('pressure.noCap') : i18n.t('pressure.caps', { count: policy.frequencyCaps.length });
  const quiet = policy.quietHours ? i18n.t('pressure.quiet', { start: policy.quietHours.start, end: policy.quietHours.end }) : i18n.t('pressure.noQuiet');
  return i18n.t('pressure.summary', { caps, quiet });
}
