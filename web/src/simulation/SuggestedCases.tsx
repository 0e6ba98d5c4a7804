import { useState } from 'react';
import { NODE_CATALOGUE, generateMissingCases, type Scenario, type TestCase } from '@parcours/shared';
import { nameTaken } from './cases.ts';

function describeEntry(entry: TestCase['events'][number]): string {
  if ('event' in entry) return `${entry.event} at ${entry.at}`;
  if ('attributes' in entry) return `attributes ${Object.keys(entry.attributes).join(', ')} change at ${entry.at}`;
  return `identifies as ${entry.identify} at ${entry.at}`;
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
  const [suggestions, setSuggestions] = useState<TestCase[] | null>(null);
  const nodeName = (id: string) => {
    const n = props.scenario.nodes.find((x) => x.id === id);
    return n ? n.label || NODE_CATALOGUE[n.type].title : id;
  };
  const drop = (test: TestCase) => setSuggestions((all) => all?.filter((t) => t !== test) ?? null);
  const rename = (test: TestCase, name: string) => setSuggestions((all) => all?.map((t) => (t === test ? { ...t, name } : t)) ?? null);

  return (
    <div className="suggested-cases" data-testid="suggested-cases">
      <button type="button" onClick={() => setSuggestions(generateMissingCases(props.scenario))} title="Derive a case for each way out of a node that no saved case takes">
        Suggest cases
      </button>
      {suggestions?.length === 0 && (
        <p className="empty">
          {props.uncovered === 0
            ? 'Nothing to suggest: the saved cases take every way out of every node.'
            : `No case could be derived for the ${props.uncovered} way${props.uncovered > 1 ? 's' : ''} the saved cases miss (a condition no contact can meet, or a node out of reach).`}
        </p>
      )}
      {suggestions && suggestions.length > 0 && (
        <ul className="suggestions">
          {suggestions.map((test, i) => {
            const taken = nameTaken(props.scenario, test.name);
            const blank = test.name.trim() === '';
            return (
              <li key={i} className="suggestion" aria-label={`Suggested case ${i + 1}`}>
                <input aria-label={`Name of suggested case ${i + 1}`} value={test.name} onChange={(e) => rename(test, e.target.value)} className="grow" />
                {test.description && <p className="muted">{test.description}</p>}
                <div>
                  Contact <code>{test.contact.id}</code>
                  {test.events.length > 0 ? `: ${test.events.map(describeEntry).join('; ')}` : ', no event'}
                </div>
                {test.expect.path && <div>Path: {test.expect.path.map(nodeName).join(' → ')}</div>}
                {test.expect.status && <div>Ends: {test.expect.status}{test.expect.at ? ` at ${nodeName(test.expect.at)}` : ''}</div>}
                {taken && <div className="danger">A saved case already has this name.</div>}
                <div className="row">
                  <button type="button" onClick={() => { props.onSave({ ...test, name: test.name.trim() }); drop(test); }} disabled={taken || blank}>
                    Save case
                  </button>
                  <button type="button" className="link" onClick={() => props.onLoad(test)}>
                    Load
                  </button>
                  <button type="button" className="link remove" onClick={() => drop(test)}>
                    Discard
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
