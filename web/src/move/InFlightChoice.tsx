import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { InFlightMapping, InFlightPreview } from '@parcours/shared';
import { api } from '../api/client.ts';
import { useTranslation } from '../i18n/index.ts';
import { QueryStatus } from '../ui/QueryStatus.tsx';

/** What the publish request says about the contacts in flight: kept on their version (undefined), or moved as mapped. */
export interface InFlightRequest {
  inFlight: 'move';
  mapping: InFlightMapping;
}

type Row = InFlightPreview['rows'][number];
const key = (row: Row) => `${row.version}:${row.node}`;

/** The mapping a publish sends: the preview's defaults, with the publisher's choices over them. */
function mappingOf(rows: Row[], chosen: Record<string, string | null>): InFlightMapping {
  const mapping: InFlightMapping = {};
  for (const row of rows) (mapping[String(row.version)] ??= {})[row.node] = Object.hasOwn(chosen, key(row)) ? chosen[key(row)] : row.to;
  return mapping;
}

/**
 * In the publish dialog, when contacts are in flight on earlier versions: keep them there, or move them to the
 * new version, node by node (old node → new node, with their counts), each destination chosen among the new
 * version's nodes that can take them, or "stay".
 */
export function InFlightChoice(props: { scenarioId: string; onChange: (request: InFlightRequest | undefined) => void }) {
  const { t } = useTranslation();
  const preview = useQuery({ queryKey: ['scenario', props.scenarioId, 'in-flight'], queryFn: () => api.inFlight(props.scenarioId), gcTime: 0 });
  // null: keep them; else the destinations chosen so far, by version and node.
  const [chosen, setChosen] = useState<Record<string, string | null> | null>(null);
  const rows = preview.data?.rows ?? [];
  if (!preview.data) return <QueryStatus query={preview} />;
  if (rows.length === 0) return null;
  const choose = (next: Record<string, string | null> | null) => {
    setChosen(next);
    props.onChange(next === null ? undefined : { inFlight: 'move', mapping: mappingOf(rows, next) });
  };
  const moving = chosen !== null;
  const total = rows.reduce((sum, row) => sum + row.contacts, 0);
  const destination = (row: Row) => (chosen && Object.hasOwn(chosen, key(row)) ? chosen[key(row)] : row.to);
  return (
    <section data-testid="in-flight">
      <h4>{t('move.title')}</h4>
      <p>{t('move.intro', { count: total })}</p>
      <div className="field" role="radiogroup" aria-label={t('move.title')}>
        <label>
          <input type="radio" name="in-flight" checked={!moving} onChange={() => choose(null)} /> {t('move.keep')}
        </label>
        <label>
          <input type="radio" name="in-flight" checked={moving} onChange={() => choose({})} /> {t('move.move', { version: preview.data.version })}
        </label>
      </div>
      <table className="table" data-testid="in-flight-table">
        <thead>
          <tr>
            <th>{t('move.from')}</th>
            <th>{t('move.contacts')}</th>
            <th>{t('move.to', { version: preview.data.version })}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={key(row)} data-node={row.node} data-version={row.version}>
              <td>
                {t('move.oldNode', { version: row.version, name: row.name })} <span className="muted small">{row.node}</span>
              </td>
              <td data-testid="in-flight-count">{row.contacts}</td>
              <td>
                {moving ? (
                  <select
                    aria-label={t('move.destinationOf', { version: row.version, name: row.name })}
                    value={destination(row) ?? ''}
                    onChange={(e) => choose({ ...chosen, [key(row)]: e.target.value === '' ? null : e.target.value })}
                  >
                    <option value="">{t('move.stay', { version: row.version })}</option>
                    {row.targets.map((target) => (
                      <option key={target.node} value={target.node}>
                        {target.name === target.node ? target.node : `${target.name} (${target.node})`}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span className="muted">{t('move.stay', { version: row.version })}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {moving && rows.some((row) => row.targets.length === 0) && <p className="muted small">{t('move.noTarget')}</p>}
    </section>
  );
}

