import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { dayToIso, dayOf, type DraftScenario, type Scenario } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { useTranslation } from '../i18n/index.ts';
import { href } from '../router.ts';
import { count, money, rate } from './format.ts';
import { FunnelPicker } from './FunnelPicker.tsx';
import { SplitArms } from './SplitArms.tsx';
import { TimeCharts } from './TimeCharts.tsx';

/** A month back from today, the page's first range. */
const defaultRange = () => {
  const today = dayOf(Date.now());
  return { from: dayToIso(today - 29), to: dayToIso(today) };
};

/**
 * A journey's analytics: its figures over time, the arms of its splits against their control, its revenue,
 * and a funnel along a path chosen on its canvas. Figures come from the live counters, every version added up;
 * the canvas, the splits and the funnel are those of the latest published version.
 */
export function AnalyticsPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [range, setRange] = useState(defaultRange);
  const [by, setBy] = useState<'day' | 'week'>('day');
  const [path, setPath] = useState<string[]>([]);
  const detail = useQuery({ queryKey: ['scenario', id], queryFn: () => api.getScenario(id) });
  const latest = detail.data?.latestVersion ?? null;
  const version = useQuery({ queryKey: ['version', id, latest], queryFn: () => api.version(id, latest!), enabled: latest !== null });
  const analytics = useQuery({ queryKey: ['analytics', id, range, by], queryFn: () => api.analytics(id, { ...range, by }) });
  const funnel = useQuery({ queryKey: ['funnel', id, path], queryFn: () => api.funnel(id, path), enabled: path.length >= 2 });
  const scenario: Pick<Scenario | DraftScenario, 'nodes' | 'edges'> | undefined = version.data?.scenario ?? detail.data?.draft;
  const totals = analytics.data?.totals;

  return (
    <div className="page analytics">
      <header className="page-head">
        <div>
          <a href={href({ page: 'editor', id })}>← {detail.data?.name ?? id}</a>
          <h1>{t('analytics.title')}</h1>
          {detail.data && latest === null && <p className="muted">{t('analytics.neverPublished')}</p>}
        </div>
        <div className="row">
          <label>
            {t('analytics.from')} <input type="date" value={range.from} max={range.to} onChange={(e) => e.target.value && setRange((r) => ({ ...r, from: e.target.value }))} />
          </label>
          <label>
            {t('analytics.to')} <input type="date" value={range.to} min={range.from} onChange={(e) => e.target.value && setRange((r) => ({ ...r, to: e.target.value }))} />
          </label>
          <select aria-label={t('analytics.points')} value={by} onChange={(e) => setBy(e.target.value as 'day' | 'week')}>
            <option value="day">{t('analytics.perDay')}</option>
            <option value="week">{t('analytics.perWeek')}</option>
          </select>
        </div>
      </header>
      {analytics.error && <div className="callout error">{describeError(analytics.error)}</div>}
      {totals && (
        <dl className="analytics-totals" data-testid="totals">
          <div>
            <dt>{t('analytics.entries')}</dt>
            <dd>{count(totals.entered)}</dd>
          </div>
          <div>
            <dt>{t('analytics.conversions')}</dt>
            <dd>
              {count(totals.converted)} <span className="muted">({rate(totals.entered > 0 ? totals.converted / totals.entered : null)})</span>
            </dd>
          </div>
          <div>
            <dt>{t('analytics.completed')}</dt>
            <dd>{count(totals.completed)}</dd>
          </div>
          <div>
            <dt>{t('analytics.messagesSent')}</dt>
            <dd>{count(totals.sent)}</dd>
          </div>
          <div>
            <dt>{t('analytics.revenue')}</dt>
            <dd>{money(totals.revenue)}</dd>
          </div>
        </dl>
      )}
      {analytics.data && <TimeCharts series={analytics.data.series} />}
      {analytics.data && <SplitArms splits={analytics.data.splits} />}
      {scenario && (
        <FunnelPicker
          nodes={scenario.nodes}
          edges={scenario.edges}
          path={path}
          onPath={setPath}
          funnel={funnel.data}
          error={funnel.error ? describeError(funnel.error) : undefined}
        />
      )}
    </div>
  );
}
