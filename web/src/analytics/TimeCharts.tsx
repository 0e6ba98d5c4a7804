import type { ReactElement } from 'react';
import type { JourneyAnalytics } from '@parcours/shared';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { count, money } from './format.ts';

type Series = JourneyAnalytics['series'];

const JOURNEY_LINES = [
  { key: 'entered', name: 'Entries', color: '#2563eb' },
  { key: 'converted', name: 'Conversions', color: '#16a34a' },
  { key: 'completed', name: 'Completed', color: '#a16207' },
  { key: 'exited', name: 'Exited', color: '#98a2b3' },
] as const;

const MESSAGE_BARS = [
  { key: 'sent', name: 'Sent', color: '#2563eb' },
  { key: 'deferred', name: 'Deferred', color: '#eab308' },
  { key: 'skipped', name: 'Skipped', color: '#98a2b3' },
  { key: 'failed', name: 'Failed', color: '#dc2626' },
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
  return (
    <div className="analytics-charts">
      <ChartCard title="Entries and conversions" testId="journey-chart">
        <LineChart data={series} margin={MARGIN}>
          {grid}
          {JOURNEY_LINES.map((l) => (
            <Line key={l.key} type="monotone" dataKey={l.key} name={l.name} stroke={l.color} dot={series.length <= 62} isAnimationActive={false} />
          ))}
        </LineChart>
      </ChartCard>
      <ChartCard title="Messages by status" testId="messages-chart">
        <BarChart data={series} margin={MARGIN}>
          {grid}
          {MESSAGE_BARS.map((b) => (
            <Bar key={b.key} dataKey={b.key} name={b.name} stackId="messages" fill={b.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ChartCard>
      <details className="card">
        <summary>Figures</summary>
        <table className="table" data-testid="series-table">
          <thead>
            <tr>
              <th>From</th>
              {JOURNEY_LINES.map((l) => (
                <th key={l.key} className="num">{l.name}</th>
              ))}
              {MESSAGE_BARS.map((b) => (
                <th key={b.key} className="num">{b.name}</th>
              ))}
              <th className="num">Revenue</th>
            </tr>
          </thead>
          <tbody>
            {series.map((point) => (
              <tr key={point.start}>
                <td>{point.start}</td>
                {JOURNEY_LINES.map((l) => (
                  <td key={l.key} className="num">{count.format(point[l.key])}</td>
                ))}
                {MESSAGE_BARS.map((b) => (
                  <td key={b.key} className="num">{count.format(point[b.key])}</td>
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
