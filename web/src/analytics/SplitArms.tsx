import type { JourneyAnalytics } from '@parcours/shared';
import { useTranslation } from '../i18n/index.ts';
import { NodeName } from '../ui/NodeName.tsx';
import { count, money, pValue, rate, signedPercent } from './format.ts';

type Split = JourneyAnalytics['splits'][number];

/** Below this p-value a difference from the baseline is called significant (the usual 5%). */
const SIGNIFICANCE = 0.05;

/** Each arm of each split: its conversion rate with a 95% interval, and how it compares with the control. */
export function SplitArms({ splits }: { splits: Split[] }) {
  const { t } = useTranslation();
  if (splits.length === 0) return null;
  return (
    <section className="card" aria-label={t('analytics.splitArms')}>
      <h2>{t('analytics.splitArms')}</h2>
      {splits.map((split) => (
        <div key={split.node} className="split-arms">
          <h3>
            <NodeName name={split.label} id={split.node} />
          </h3>
          <table className="table" data-testid={`arms-${split.node}`}>
            <thead>
              <tr>
                <th>{t('analytics.arm')}</th>
                <th className="num">{t('analytics.contacts')}</th>
                <th className="num">{t('analytics.conversions')}</th>
                <th className="num">{t('analytics.rate')}</th>
                <th className="num" title={t('analytics.intervalHint')}>{t('analytics.interval')}</th>
                <th className="num" title={t('analytics.pValueHint')}>{t('analytics.pValue')}</th>
                <th className="num">{t('analytics.uplift')}</th>
                <th className="num">{t('analytics.revenue')}</th>
              </tr>
            </thead>
            <tbody>
              {split.arms.map((arm) => (
                <tr key={arm.id} data-testid={`arm-${arm.id}`}>
                  <td>
                    {arm.label ?? arm.id}
                    {arm.id === split.baseline && <span className="chip">{arm.control ? t('analytics.control') : t('analytics.baseline')}</span>}
                  </td>
                  <td className="num">{count(arm.taken)}</td>
                  <td className="num">{count(arm.converted)}</td>
                  <td className="num">{rate(arm.rate)}</td>
                  <td className="num" data-testid="interval">
                    {arm.interval ? `${rate(arm.interval.low)} – ${rate(arm.interval.high)}` : '—'}
                  </td>
                  <td className="num" data-testid="p-value">
                    {arm.test ? (
                      <>
                        {pValue(arm.test.pValue)}{' '}
                        {arm.test.pValue < SIGNIFICANCE ? <span className="chip ok">{t('analytics.significant')}</span> : <span className="chip off">{t('analytics.notSignificant')}</span>}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="num">{arm.uplift === null ? '—' : signedPercent(arm.uplift)}</td>
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
