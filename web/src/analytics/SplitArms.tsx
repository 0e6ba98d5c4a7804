import type { JourneyAnalytics } from '@parcours/shared';
import { NodeName } from '../ui/NodeName.tsx';
import { count, money, pValue, rate, signedPercent } from './format.ts';

type Split = JourneyAnalytics['splits'][number];

/** Below this p-value a difference from the baseline is called significant (the usual 5%). */
const SIGNIFICANCE = 0.05;

/** Each arm of each split: its conversion rate with a 95% interval, and how it compares with the control. */
export function SplitArms({ splits }: { splits: Split[] }) {
  if (splits.length === 0) return null;
  return (
    <section className="card" aria-label="Split arms">
      <h2>Split arms</h2>
      {splits.map((split) => (
        <div key={split.node} className="split-arms">
          <h3>
            <NodeName name={split.label} id={split.node} />
          </h3>
          <table className="table" data-testid={`arms-${split.node}`}>
            <thead>
              <tr>
                <th>Arm</th>
                <th className="num">Contacts</th>
                <th className="num">Conversions</th>
                <th className="num">Rate</th>
                <th className="num" title="95% Wilson interval of the conversion rate">95% interval</th>
                <th className="num" title="Two-proportion z-test against the control arm (or the first arm when none is marked control)">p-value</th>
                <th className="num">Uplift</th>
                <th className="num">Revenue</th>
              </tr>
            </thead>
            <tbody>
              {split.arms.map((arm) => (
                <tr key={arm.id} data-testid={`arm-${arm.id}`}>
                  <td>
                    {arm.label ?? arm.id}
                    {arm.id === split.baseline && <span className="chip">{arm.control ? 'control' : 'baseline'}</span>}
                  </td>
                  <td className="num">{count.format(arm.taken)}</td>
                  <td className="num">{count.format(arm.converted)}</td>
                  <td className="num">{rate(arm.rate)}</td>
                  <td className="num" data-testid="interval">
                    {arm.interval ? `${rate(arm.interval.low)} – ${rate(arm.interval.high)}` : '—'}
                  </td>
                  <td className="num" data-testid="p-value">
                    {arm.test ? (
                      <>
                        {pValue(arm.test.pValue)}{' '}
                        {arm.test.pValue < SIGNIFICANCE ? <span className="chip ok">significant</span> : <span className="chip off">not significant</span>}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="num">{arm.uplift === null ? '—' : signedPercent.format(arm.uplift)}</td>
                  <td className="num">{money(arm.revenue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
