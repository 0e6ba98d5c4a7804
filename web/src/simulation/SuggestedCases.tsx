import { useState } from 'react';
import { DEFAULT_CAMPAIGN_ZONE, generateMissingCases, type Scenario, type TestCase } from '@parcours/shared';
import { nameTaken } from './cases.ts';
import { i18n, useTranslation } from '../i18n/index.ts';
import { nodeName as nameOfNode } from '../i18n/nodes.ts';

function describeEntry(entry: TestCase['events'][number]): string {
  if ('event' in entry) return i18n.t('suggestedCases.eventAt', { event: entry.event, at: entry.at });
  if ('attributes' in entry) return i18n.t('suggestedCases.attributesAt', { attributes: Object.keys(entry.attributes).join(', '), at: entry.at });
  if ('campaign' in entry) {
    return entry.localTime ? i18n.t('simCampaignLocal.startsAt', { at: entry.at, zone: entry.timeZone ?? DEFAULT_CAMPAIGN_ZONE }) : i18n.t('simCampaign.startsAt', { at: entry.at });
  }
  return i18n.t('suggestedCases.identifiesAt', { id: entry.identify, at: entry.at });
}

/**
 * Cases derived for the outputs the saved cases miss, for the tester to review one by one: read what the
 * contact does and where it goes, rename it, load it into the form to replay it, then save or discard it.
 */
export function SuggestedCases(props: {
  scenario: Scenario;
  /** How many connected outputs the saved cases miss. */
  uncovered: number;
  onLoad: (test: TestCase) => void;
  onSave: (test: TestCase) => void;
}) {
  const { t } = useTranslation();
  const [suggestions, setSuggestions] = useState<TestCase[] | null>(null);
  const nodeName = (id: string) => {
    const n = props.scenario.nodes.find((x) => x.id === id);
    return n ? nameOfNode(n) : id;
  };
  const drop = (test: TestCase) => setSuggestions((all) => all?.filter((t) => t !== test) ?? null);
  const rename = (test: TestCase, name: string) => setSuggestions((all) => all?.map((t) => (t === test ? { ...t, name } : t)) ?? null);

  return (
    <div className="suggested-cases" data-testid="suggested-cases">
      <button type="button" onClick={() => setSuggestions(generateMissingCases(props.scenario))} title={t('suggestedCases.buttonHint')}>
        {t('suggestedCases.button')}
      </button>
      {suggestions?.length === 0 && (
        <p className="empty">
          {props.uncovered === 0 ? t('suggestedCases.nothing') : t('suggestedCases.none', { count: props.uncovered })}
        </p>
      )}
      {suggestions && suggestions.length > 0 && (
        <ul className="suggestions">
          {suggestions.map((test, i) => {
            const taken = nameTaken(props.scenario, test.name);
            const blank = test.name.trim() === '';
            return (
              <li key={i} className="suggestion" aria-label={t('suggestedCases.label', { number: i + 1 })}>
                <input aria-label={t('suggestedCases.nameLabel', { number: i + 1 })} value={test.name} onChange={(e) => rename(test, e.target.value)} className="grow" />
                {test.description && <p className="muted">{test.description}</p>}
                <div>
                  {t('suggestedCases.contact')} <code>{test.contact.id}</code>
                  {test.events.length > 0 ? t('suggestedCases.events', { events: test.events.map(describeEntry).join('; ') }) : t('suggestedCases.noEvent')}
                </div>
                {test.expect.path && <div>{t('suggestedCases.path', { path: test.expect.path.map(nodeName).join(' → ') })}</div>}
                {test.expect.status && (
                  <div>
                    {test.expect.at
                      ? t('suggestedCases.endsAt', { status: t(`suggestedCases.status.${test.expect.status}`), node: nodeName(test.expect.at) })
                      : t('suggestedCases.ends', { status: t(`suggestedCases.status.${test.expect.status}`) })}
                  </div>
                )}
                {taken && <div className="danger">{t('suggestedCases.taken')}</div>}
                <div className="row">
                  <button type="button" onClick={() => { props.onSave({ ...test, name: test.name.trim() }); drop(test); }} disabled={taken || blank}>
                    {t('suggestedCases.save')}
                  </button>
                  <button type="button" className="link" onClick={() => props.onLoad(test)}>
                    {t('suggestedCases.load')}
                  </button>
                  <button type="button" className="link remove" onClick={() => drop(test)}>
                    {t('suggestedCases.discard')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
