import type { ReactElement } from 'react';
import type { JourneyAnalytics } from '@parcours/shared';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from '../i18n/index.ts';
import { count, money } from './format.ts';

type Series = JourneyAnalytics['series'];

/** Each line and bar is named by its catalogue key (analytics.*), read in the interface's language. */
const JOURNEY_LINES = [
  { key: 'entered', name: 'analytics.entries', color: '#2563eb' },
  { key: 'converted', name: 'analytics.conversions', color: '#16a34a' },
  { key: 'completed', name: 'analytics.completed', color: '#a16207' },
  { key: 'exited', name: 'analytics.exited', color: '#98a2b3' },
] as const;

const MESSAGE_BARS = [
  { key: 'sent', name: 'analytics.sent', color: '#2563eb' },
  { key: 'deferred', name: 'analytics.deferred', color: '#eab308' },
  { key: 'skipped', name: 'analytics.skipped', color: '#98a2b3' },
  { key: 'failed', name: 'analytics.failed', color: '#dc2626' },
] as const;

const MARGIN = { top: 8, right: 16, bottom: 0, left: 0 };

/** What both charts draw around their data: grid, axes (dates along, whole counts up), tooltip and legend. */
const grid = [
  <CartesianGrid key="grid" strokeDasharray="3 3" />,
  <XAxis key="x" dataKey="start" fontSize={11} />,
  <YAxis key="y" allowDecimals={false} fontSize={11} width={40} />,
  <Tooltip key="tooltip" />,
  <Legend key="legend" />,
];

function ChartCard({ title, testId, children }: { title: string; testId: string; children: ReactElement }) {
  return (
    <figure className="card" aria-label={title} data-testid={testId}>
      <figcaption className="strong">{title}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        {children}
      </ResponsiveContainer>
    </figure>
  );
}

/** The journey's figures over time: people (entries and ends) as lines, messages by status as stacked bars. */
export function TimeCharts({ series }: { series: Series }) {
  const { t } = useTranslation();
  return (
    <div className="analytics-charts">
      <ChartCard title={t('analytics.journeyChart')} testId="journey-chart">
        <LineChart data={series} margin={MARGIN}>
          {grid}
          {JOURNEY_LINES.map((l) => (
            <Line key={l.key} type="monotone" dataKey={l.key} name={t(l.name)} stroke={l.color} dot={series.length <= 62} isAnimationActive={false} />
          ))}
        </LineChart>
      </ChartCard>
      <ChartCard title={t('analytics.messagesChart')} testId="messages-chart">
        <BarChart data={series} margin={MARGIN}>
          {grid}
          {MESSAGE_BARS.map((b) => (
            <Bar key={b.key} dataKey={b.key} name={t(b.name)} stackId="messages" fill={b.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ChartCard>
      <details className="card">
        <summary>{t('analytics.figures')}</summary>
        <table className="table" data-testid="series-table">
          <thead>
            <tr>
              <th>{t('analytics.from')}</th>
              {JOURNEY_LINES.map((l) => (
                <th key={l.key} className="num">{t(l.name)}</th>
              ))}
              {MESSAGE_BARS.map((b) => (
                <th key={b.key} className="num">{t(b.name)}</th>
              ))}
              <th className="num">{t('analytics.revenue')}</th>
            </tr>
          </thead>
          <tbody>
            {series.map((point) => (
              <tr key={point.start}>
                <td>{point.start}</td>
                {JOURNEY_LINES.map((l) => (
                  <td key={l.key} className="num">{count(point[l.key])}</td>
                ))}
                {MESSAGE_BARS.map((b) => (
                  <td key={b.key} className="num">{count(point[b.key])}</td>
                ))}
                <td className="num">{money(point.revenue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
