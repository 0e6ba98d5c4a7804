import { useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useQuery } from '@tanstack/react-query';
import { channelOf, isMessageChannel, messageFigures, PRESSURE_RULES, type EngagementMetric, type MeasuredBy, type NodeCounts, type ScenarioNode } from '@parcours/shared';
import { api } from '../api/client.ts';
import { href } from '../router.ts';
import { useDismiss } from '../ui/useDismiss.ts';
import { useOverlay } from './overlay.ts';
import { useEditor } from './store.ts';
import { i18n, useTranslation } from '../i18n/index.ts';
import { formatCompact, formatPercent } from '../ui/format.ts';

/** One version's counts of a node, for the split on hover. */
export interface VersionCounts {
  version: number;
  counts: NodeCounts;
}

export const fmt = { format: formatCompact };
export const percent = (part: number, whole: number) => formatPercent(part / whole);

/** A message figure's name and what it counts, in the interface's language. */
export const figureName = (metric: EngagementMetric) => ({ name: i18n.t(`figures.${metric}`), hint: i18n.t(`figures.${metric}Hint`) });

/** A figure's share of the sent messages; empty while nothing was sent. */
export const rateText = (rate: number | null) => (rate === null ? '' : formatPercent(rate));

/** Always on the node; the other figures show once they are not zero (the panel shows them all). */
const ALWAYS_ON_NODE: EngagementMetric[] = ['opened', 'clicked'];

/**
 * What measures a message node's figures: its channel, the scenario's tracking switch and the server's feedback providers;
 * null for a node that sends no message.
 */
export function useMeasuredBy(node: ScenarioNode): MeasuredBy | null {
  const tracking = useEditor((s) => s.scenario?.settings.tracking ?? true);
  const channels = useQuery({ queryKey: ['settings', 'channels'], queryFn: api.channelSettings, staleTime: 60_000 });
  const channel = channelOf(node.type);
  if (channel === undefined || !isMessageChannel(channel)) return null;
  return { channel, tracking, feedback: (channels.data?.feedbackProviders.length ?? 0) > 0 };
}

/** The figures of a message node after its sends went out, each with its rate out of the sent messages. */
function EngagementFigures({ counts, measured }: { counts: NodeCounts; measured: MeasuredBy }) {
  const { t } = useTranslation();
  const shown = messageFigures(counts, measured).filter((f) => ALWAYS_ON_NODE.includes(f.metric) || f.count > 0);
  if (shown.length === 0) return null;
  return (
    <div className="jnode-sends jnode-engagement" aria-label={t('figures.label')}>
      {shown.map((f) => (
        <span key={f.metric} title={figureName(f.metric).hint} data-testid={`figure-${f.metric}`}>
          {fmt.format(f.count)} {figureName(f.metric).name.toLocaleLowerCase()}
          {f.rate !== null && <span className="rate"> ({rateText(f.rate)})</span>}
        </span>
      ))}
    </div>
  );
}

/** The hover text of a node's counts when several versions hold contacts: one line per version. */
function splitText(split: VersionCounts[]): string {
  const lines = split.map(({ version, counts: c }) =>
    i18n.t('counts.versionLine', { version, entered: c.entered, waiting: c.waiting, converted: c.converted, completed: c.completed }),
  );
  return [i18n.t('counts.splitHead'), ...lines].join('\n');
}

function skippedText(counts: NodeCounts): string {
  const rules = PRESSURE_RULES.filter((rule) => counts.skippedBy[rule] > 0);
  return [i18n.t('counts.skippedHead'), ...rules.map((rule) => i18n.t('counts.ruleLine', { rule: i18n.t(`rules.${rule}`), count: counts.skippedBy[rule] }))].join('\n');
}

/**
 * A node's live counts: contacts that entered, wait now and converted (the goal happened); on a goal,
 * those who reached it without the goal happening (completed); on a message node, what its sends became,
 * with a badge that opens why they failed. Hovering shows each version's share.
 */
export function NodeLiveCounts({ node, counts, split }: { node: ScenarioNode; counts: NodeCounts; split: VersionCounts[] | undefined }) {
  const { t } = useTranslation();
  const sends = channelOf(node.type) !== undefined;
  const measured = useMeasuredBy(node);
  return (
    <div className="jnode-counts" title={split ? splitText(split) : undefined} data-testid="live-counts">
      <div className="jnode-stats" aria-label={t('counts.label')}>
        <span title={t('counts.entered')}>▶ {fmt.format(counts.entered)}</span>
        <span title={t('counts.waiting')}>⏸ {fmt.format(counts.waiting)}</span>
        <span title={t('counts.converted')} data-testid="count-converted">
          ★ {fmt.format(counts.converted)}
          {counts.entered > 0 && <span className="rate"> ({percent(counts.converted, counts.entered)})</span>}
        </span>
        {node.type === 'flow.goal' && (
          <span title={t('counts.completedLong')} data-testid="count-completed">
            ✓ {t('counts.completed', { count: counts.completed, shown: fmt.format(counts.completed) })}
          </span>
        )}
      </div>
      {sends && (
        <div className="jnode-sends" aria-label={t('counts.sends')}>
          <span title={t('counts.sentHint')} data-testid="count-sent">
            {t('counts.sent', { count: counts.sent, shown: fmt.format(counts.sent) })}
          </span>
          <span title={counts.skipped > 0 ? skippedText(counts) : t('counts.skippedHint')} data-testid="count-skipped">
            {t('counts.skipped', { count: counts.skipped, shown: fmt.format(counts.skipped) })}
          </span>
          <span title={t('counts.deferredHint')} data-testid="count-deferred">
            {t('counts.deferred', { count: counts.deferred, shown: fmt.format(counts.deferred) })}
          </span>
          {counts.failed > 0 ? <FailureBadge node={node} failed={counts.failed} /> : <span data-testid="count-failed">{t('counts.failed', { count: 0, shown: fmt.format(0) })}</span>}
        </div>
      )}
      {measured && <EngagementFigures counts={counts} measured={measured} />}
    </div>
  );
}

/** The failed sends of a node, as a badge that opens their reasons and contacts. */
function FailureBadge({ node, failed }: { node: ScenarioNode; failed: number }) {
  const { t } = useTranslation();
  const [anchor, setAnchor] = useState<DOMRect | null>(null);
  return (
    <>
      <button
        type="button"
        className="jnode-badge failed nodrag nopan"
        data-testid="count-failed"
        aria-expanded={anchor !== null}
        title={t('counts.failedHint')}
        onClick={(e) => {
          e.stopPropagation();
          setAnchor(anchor ? null : e.currentTarget.getBoundingClientRect());
        }}
      >
        ⚠ {t('counts.failed', { count: failed, shown: fmt.format(failed) })}
      </button>
      {anchor && <FailureReasons node={node} anchor={anchor} onClose={() => setAnchor(null)} />}
    </>
  );
}

const POPOVER_WIDTH = 300;

/**
 * The reasons, over the page rather than inside the node (a node below would cover it): it stays where
 * it opened, and a press anywhere else closes it.
 */
function FailureReasons({ node, anchor, onClose }: { node: ScenarioNode; anchor: DOMRect; onClose: () => void }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  useDismiss(box, onClose);
  const scenarioId = useEditor((s) => s.scenario?.id ?? null);
  const failures = useQuery({
    queryKey: ['failures', scenarioId, node.id],
    queryFn: () => api.failures(scenarioId!, node.id),
    enabled: scenarioId !== null,
  });
  const position = { top: anchor.bottom + 4, left: Math.max(8, Math.min(anchor.left, window.innerWidth - POPOVER_WIDTH - 8)), width: POPOVER_WIDTH };
  return createPortal(
    <div className="failure-popover" ref={box} style={position} role="dialog" aria-label={t('counts.whyFailed')}>
      <div className="failure-popover-head">
        <strong>{t('counts.whyFailed')}</strong>
        <button type="button" className="link" onClick={onClose} aria-label={t('common.close')}>
          ✕
        </button>
      </div>
      {failures.isPending && <p className="muted">{t('common.loading')}</p>}
      {failures.error && <p className="danger">{t('counts.reasonsFailed')}</p>}
      <ul>
        {failures.data?.items.map((f) => (
          <li key={f.reason}>
            <div className="failure-reason">
              <span>{f.reason}</span> <span className="failure-count">×{f.count}</span>
            </div>
            <div className="failure-contacts">
              {f.contacts.map((id) => (
                <a key={id} href={href({ page: 'contacts', id })}>
                  {id}
                </a>
              ))}
            </div>
          </li>
        ))}
      </ul>
      {scenarioId !== null && <a href={href({ page: 'outbox', scenarioId })}>{t('counts.openOutbox')}</a>}
    </div>,
    document.body,
  );
}

/** Contacts still waiting on nodes that the shown version no longer has, with the version they are on. */
export function RemovedNodesNote() {
  // The selector returns the stored array itself (a fresh `[]` each time would re-render forever).
  const { t } = useTranslation();
  const removed = useOverlay((s) => s.stats?.removed);
  if (!removed || removed.length === 0) return null;
  const byVersion = new Map<number, number>();
  for (const r of removed) byVersion.set(r.version, (byVersion.get(r.version) ?? 0) + r.waiting);
  return (
    <div className="removed-note" data-testid="removed-nodes" title={removed.map((r) => t('counts.removedLine', { version: r.version, node: r.node, count: r.waiting })).join('\n')}>
      {[...byVersion].map(([version, waiting]) => (
        <div key={version}>{t('counts.removed', { count: waiting, version })}</div>
      ))}
    </div>
  );
}
