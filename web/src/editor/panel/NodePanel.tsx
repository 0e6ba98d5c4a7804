import { NODE_CATALOGUE, NODE_SCHEMAS, channelOf, isMessageChannel, messageFigures, type ScenarioNode } from '@parcours/shared';
import type { PressureRule, VersionStats } from '@parcours/shared';
import { useEditor } from '../store.ts';
import { NO_STATS, useOverlay } from '../overlay.ts';
import { outputLabel } from '../summary.ts';
import { figureName, rateText, useMeasuredBy } from '../LiveCounts.tsx';
import { PRESSURE_RULES } from '@parcours/shared';
import { useTranslation } from '../../i18n/index.ts';
import { nodeDescription, nodeTitle } from '../../i18n/nodes.ts';
import { problemText } from '../../i18n/problems.ts';
import { vocabularyOf } from '../vocabulary.ts';
import { fieldErrors, type Problems } from '../validation.ts';
import { MessageContent } from './MessageContent.tsx';
import { SchemaForm, type FormContext } from './SchemaForm.tsx';
import type { ZodLike } from './zodShape.ts';
import { formatPercent } from '../../ui/format.ts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { useEventNames, withSeenEvents } from '../../api/event-names.ts';
import { TOPICS_QUERY } from '../../pages/TopicSettings.tsx';
import { EntryNote } from '../../segments/EntryNote.tsx';
import { JourneyCampaigns } from '../../campaigns/JourneyCampaigns.tsx';
import { useSegments } from '../../segments/queries.ts';

/** The selected node: its name, its problems and the form of its config, generated from the schema. */
export function NodePanel(props: { node: ScenarioNode; problems: Problems; scenarios?: { id: string; name: string }[] }) {
  const { node, problems } = props;
  const { t } = useTranslation();
  const scenario = useEditor((s) => s.scenario)!;
  const readOnly = useEditor((s) => s.readOnly);
  const updateConfig = useEditor((s) => s.updateConfig);
  const updateLabel = useEditor((s) => s.updateLabel);
  const info = NODE_CATALOGUE[node.type];
  const errors = fieldErrors(scenario, node.id, problems);
  const graphErrors = (problems.byNode.get(node.id) ?? []).filter((e) => !(e.path && e.path.length > 3 && e.path[2] === 'config'));
  const channel = channelOf(node.type);
  const vocabulary = vocabularyOf(scenario);
  const eventNames = useEventNames(!readOnly);
  // A message node's template is written in the node's own "Message" section, not picked in the generic form.
  const message = channel && isMessageChannel(channel) ? channel : undefined;
  const topics = useQuery({ queryKey: TOPICS_QUERY, queryFn: api.topics, enabled: message !== undefined });
  const segments = useSegments(node.type === 'entry.membership');
  const context: FormContext = {
    errors,
    readOnly,
    hidden: message ? ['template'] : undefined,
    suggestions: { event: withSeenEvents(vocabulary.event, eventNames.data), attribute: vocabulary.attribute, inList: vocabulary.list, list: vocabulary.list },
    choices: {
      ...(channel && { template: scenario.templates.filter((t) => t.channel === channel).map((t) => ({ value: t.id, label: t.name || t.id })) }),
      // A message's topic: one of the settings' topics offered on the node's channel.
      ...(message && { topic: (topics.data?.topics ?? []).filter((topic) => topic.channels.includes(message)).map((topic) => ({ value: topic.id, label: topic.name })) }),
      ...(node.type === 'action.scenario' &&
        props.scenarios && { scenario: props.scenarios.filter((s) => s.id !== scenario.id).map((s) => ({ value: s.id, label: s.name })) }),
      // A saved segment entry picks one of the saved segments.
      ...(node.type === 'entry.membership' && { segment: (segments.data?.items ?? []).map((s) => ({ value: s.id, label: s.name })) }),
    },
  };
  const stats = useOverlay((s) => s.stats);
  const configSchema = (NODE_SCHEMAS[node.type].shape.config as unknown) as ZodLike;
  return (
    <div className="panel-section" data-testid="node-panel">
      <div className={`panel-kicker family-${info.family}`}>{t(`palette.family.${info.family}`)}</div>
      <h2>{nodeTitle(node.type)}</h2>
      <p className="muted">{nodeDescription(node.type)}</p>
      <div className="field">
        <label htmlFor="node-label">{t('node.name')}</label>
        <input id="node-label" type="text" readOnly={readOnly} placeholder={nodeTitle(node.type)} value={node.label ?? ''} onChange={(e) => updateLabel(node.id, e.target.value)} />
        <div className="field-hint">
          {t('node.id')} <code>{node.id}</code>
        </div>
      </div>
      {stats && <NodeStatsTable node={node} stats={stats} />}
      {graphErrors.length > 0 && (
        <ul className="problems-inline" role="alert">
          {graphErrors.map((e, i) => (
            <li key={i}>{problemText(e)}</li>
          ))}
        </ul>
      )}
      {message && <MessageContent key={`message-${node.id}`} node={node} channel={message} problems={problems} error={errors.get('template')?.join('; ')} />}
      <SchemaForm key={node.id} schema={configSchema} value={node.config} onChange={(config) => updateConfig(node.id, config)} context={context} />
      {node.type === 'entry.membership' && <EntryNote node={node} />}
      {info.family === 'entry' && <JourneyCampaigns scenarioId={scenario.id} />}
    </div>
  );
}

/** The live counts of the node and of each of its outputs: where contacts went, and who converted. */
function NodeStatsTable({ node, stats }: { node: ScenarioNode; stats: VersionStats }) {
  const { t } = useTranslation();
  const n = stats.nodes[node.id] ?? NO_STATS;
  const measured = useMeasuredBy(node);
  const outputs = Object.entries(stats.outputs[node.id] ?? {});
  return (
    <table className="stats-table" aria-label={t('counts.tableLabel')}>
      <tbody>
        <tr>
          <th>{t('counts.entered')}</th>
          <td>{n.entered}</td>
          <th>{t('counts.waiting')}</th>
          <td>{n.waiting}</td>
        </tr>
        <tr>
          <th>{t('counts.exited')}</th>
          <td>{n.exited}</td>
          <th title={t('counts.convertedHint')}>{t('counts.convertedTitle')}</th>
          <td>{n.converted}</td>
        </tr>
        {node.type === 'flow.goal' && (
          <tr>
            <th colSpan={2} title={t('counts.completedHint')}>
              {t('counts.completedTitle')}
            </th>
            <td colSpan={2}>{n.completed}</td>
          </tr>
        )}
        {channelOf(node.type) !== undefined && (
          <>
            <tr>
              <th>{t('counts.sentTitle')}</th>
              <td>{n.sent}</td>
              <th>{t('counts.failedTitle')}</th>
              <td>{n.failed}</td>
            </tr>
            <tr>
              <th>{t('counts.skippedTitle')}</th>
              <td>{n.skipped}</td>
              <th>{t('counts.deferredTitle')}</th>
              <td>{n.deferred}</td>
            </tr>
            {PRESSURE_RULES.filter((rule: PressureRule) => n.skippedBy[rule] > 0)
              .map((rule) => (
                <tr key={rule}>
                  <th colSpan={2}>{t('counts.skippedBy', { rule: t(`rules.${rule}`) })}</th>
                  <td colSpan={2}>{n.skippedBy[rule]}</td>
                </tr>
              ))}
            {measured &&
              messageFigures(n, measured).map((f) => (
                <tr key={f.metric} data-testid={`panel-figure-${f.metric}`}>
                  <th colSpan={2} title={figureName(f.metric).hint}>
                    {figureName(f.metric).name}
                  </th>
                  <td colSpan={2}>
                    {f.count}
                    {f.rate !== null && ` (${rateText(f.rate)})`}
                  </td>
                </tr>
              ))}
          </>
        )}
        {outputs.map(([o, c]) => (
          <tr key={o}>
            <th colSpan={2}>→ {outputLabel(node, o) || o}</th>
            <td colSpan={2}>
              {c.taken > 0
                ? t('counts.outputConvertedRate', { taken: c.taken, count: c.converted, rate: formatPercent(c.converted / c.taken) })
                : t('counts.outputConverted', { taken: c.taken, count: c.converted })}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
