import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AUDIT_RETENTION_MAX_DAYS, AUDIT_RETENTION_MIN_DAYS, type AuditRetention } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { useTranslation } from '../i18n/index.ts';
import { QueryStatus } from '../ui/QueryStatus.tsx';

const RETENTION = ['audit-retention'];
/** What the form offers first when the log was kept for good: a year, the CNIL's common case. */
const SUGGESTED_DAYS = 365;

/** Admins: how long the log keeps its entries; for good unless a number of days is set. */
export function AuditRetentionCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const retention = useQuery({ queryKey: RETENTION, queryFn: api.auditRetention });
  const [prune, setPrune] = useState(false);
  const [days, setDays] = useState(String(SUGGESTED_DAYS));
  const [saved, setSaved] = useState<AuditRetention | null>(null);
  useEffect(() => {
    if (!retention.data) return;
    setPrune(retention.data.days !== null);
    setDays(String(retention.data.days ?? SUGGESTED_DAYS));
  }, [retention.data]);
  const save = useMutation({
    mutationFn: () => api.saveAuditRetention(prune ? Number(days) : null),
    onSuccess: (answer) => {
      queryClient.setQueryData(RETENTION, answer);
      // The change is itself an entry of the log shown below.
      void queryClient.invalidateQueries({ queryKey: ['audit'] });
      setSaved(answer);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    save.mutate();
  };
  const valid = !prune || (/^\d+$/.test(days) && Number(days) >= AUDIT_RETENTION_MIN_DAYS && Number(days) <= AUDIT_RETENTION_MAX_DAYS);
  return (
    <form className="card" onSubmit={submit} aria-labelledby="audit-retention-title">
      <h2 id="audit-retention-title">{t('auditRetention.title')}</h2>
      <p className="muted">{t('auditRetention.intro', { min: AUDIT_RETENTION_MIN_DAYS })}</p>
      <QueryStatus query={retention} />
      <div className="field">
        <label>
          <input type="radio" name="audit-retention" checked={!prune} onChange={() => setPrune(false)} /> {t('auditRetention.forever')}
        </label>
        <label>
          <input type="radio" name="audit-retention" checked={prune} onChange={() => setPrune(true)} /> {t('auditRetention.prune')}
        </label>
      </div>
      {prune && (
        <div className="field">
          <label htmlFor="audit-retention-days">{t('auditRetention.days')}</label>
          <input id="audit-retention-days" type="number" min={AUDIT_RETENTION_MIN_DAYS} max={AUDIT_RETENTION_MAX_DAYS} value={days} onChange={(e) => setDays(e.target.value)} />
          <p className="hint muted">{t('auditRetention.hint', { min: AUDIT_RETENTION_MIN_DAYS, max: AUDIT_RETENTION_MAX_DAYS })}</p>
        </div>
      )}
      {save.error && <div className="callout error">{describeError(save.error)}</div>}
      {saved && (
        <div className="callout ok" role="status">
          {saved.days === null ? t('auditRetention.savedForever') : t('auditRetention.saved', { days: saved.days })}
        </div>
      )}
      <button type="submit" className="primary" disabled={!retention.data || !valid || save.isPending}>
        {t('auditRetention.save')}
      </button>
    </form>
  );
}
