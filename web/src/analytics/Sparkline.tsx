import { Line, LineChart } from 'recharts';

/** A small line of daily entries, for the scenario list. */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  return (
    <span className="sparkline" role="img" aria-label={label} title={label}>
      <LineChart width={84} height={22} data={values.map((n, i) => ({ i, n }))} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
        <Line type="monotone" dataKey="n" stroke="#2563eb" strokeWidth={1.5} dot={false} isAnimationActive={false} />
      </LineChart>
    </span>
  );
}
