import { useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useQuery } from '@tanstack/react-query';
import { channelOf, isMessageChannel, messageFigures, type EngagementMetric, type NodeCounts, type PressureRule, type ScenarioNode } from '@parcours/shared';
import { api } from '../api/client.ts';
import { href } from '../router.ts';
import { useDismiss } from '../ui/useDismiss.ts';
import { useOverlay } from './overlay.ts';
import { useEditor } from './store.ts';

/** One version's counts of a node, for the split on hover. */
export interface VersionCounts {
  version: number;
  counts: NodeCounts;
}

export const fmt = new Intl.NumberFormat('en', { notation: 'compact' });
export const percent = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;

/** Each pressure rule as the marketer says it. */
export const RULE_NAMES: Record<PressureRule, string> = {
  consent: 'No consent',
  suppressed: 'Suppressed address',
  frequency_cap: 'Frequency cap',
  quiet_hours: 'Quiet hours',
  repeat: 'Already received (once)',
};

/** What became of a message node's sends, as the marketer says it: the figure's name and what it counts. */
export const FIGURE_NAMES: Record<EngagementMetric, { name: string; hint: string }> = {
  delivered: { name: 'Delivered', hint: 'Delivered, as the provider reported it' },
  opened: { name: 'Opened', hint: 'Opened by a person (privacy proxies apart), each message once' },
  clicked: { name: 'Clicked', hint: 'A link clicked by a person (link scanners apart), each message once' },
  bounced: { name: 'Bounced', hint: 'Refused by the receiving server or the provider' },
  complained: { name: 'Complained', hint: 'Marked as spam by the recipient' },
  unsubscribed: { name: 'Unsubscribed', hint: "Unsubscribed through this message's link" },
};

/** A figure's share of the sent messages, as a whole percentage; empty while nothing was sent. */
export const rateText = (rate: number | null) => (rate === null ? '' : `${Math.round(100 * rate)}%`);

/** Always on the node; the other figures show once they are not zero (the panel shows them all). */
const ALWAYS_ON_NODE: EngagementMetric[] = ['opened', 'clicked'];

/** The figures of a message node after its sends went out, each with its rate out of the sent messages. */
function EngagementFigures({ counts }: { counts: NodeCounts }) {
  const shown = messageFigures(counts).filter((f) => ALWAYS_ON_NODE.includes(f.metric) || f.count > 0);
  return (
    <div className="jnode-sends jnode-engagement" aria-label="Message figures">
      {shown.map((f) => (
        <span key={f.metric} title={FIGURE_NAMES[f.metric].hint} data-testid={`figure-${f.metric}`}>
          {fmt.format(f.count)} {FIGURE_NAMES[f.metric].name.toLowerCase()}
          {f.rate !== null && <span className="rate"> ({rateText(f.rate)})</span>}
        </span>
      ))}
    </div>
  );
}

/** The hover text of a node's counts when several versions hold contacts: one line per version. */
function splitText(split: VersionCounts[]): string {
  const lines = split.map(
    ({ version, counts: c }) => `Version ${version}: ${c.entered} entered, ${c.waiting} waiting now, ${c.converted} converted, ${c.completed} completed`,
  );
  return ['Counts of every version, added up:', ...lines].join('\n');
}

function skippedText(counts: NodeCounts): string {
  const rules = (Object.keys(RULE_NAMES) as PressureRule[]).filter((rule) => counts.skippedBy[rule] > 0);
  return ['Skipped by a rule:', ...rules.map((rule) => `${RULE_NAMES[rule]}: ${counts.skippedBy[rule]}`)].join('\n');
}

/**
 * A node's live counts: contacts that entered, wait now and converted (the goal happened); on a goal,
 * those who reached it without the goal happening (completed); on a message node, what its sends became,
 * with a badge that opens why they failed. Hovering shows each version's share.
 */
export function NodeLiveCounts({ node, counts, split }: { node: ScenarioNode; counts: NodeCounts; split: VersionCounts[] | undefined }) {
  const sends = channelOf(node.type) !== undefined;
  return (
    <div className="jnode-counts" title={split ? splitText(split) : undefined} data-testid="live-counts">
      <div className="jnode-stats" aria-label="Live counts">
        <span title="Entered">▶ {fmt.format(counts.entered)}</span>
        <span title="Waiting now">⏸ {fmt.format(counts.waiting)}</span>
        <span title="Converted: the goal happened" data-testid="count-converted">
          ★ {fmt.format(counts.converted)}
          {counts.entered > 0 && <span className="rate"> ({percent(counts.converted, counts.entered)})</span>}
        </span>
        {node.type === 'flow.goal' && (
          <span title="Completed: reached the goal without the goal happening" data-testid="count-completed">
            ✓ {fmt.format(counts.completed)} completed
          </span>
        )}
      </div>
      {sends && (
        <div className="jnode-sends" aria-label="Sends">
          <span title="Sent, or waiting in the outbox" data-testid="count-sent">
            {fmt.format(counts.sent)} sent
          </span>
          <span title={counts.skipped > 0 ? skippedText(counts) : 'Skipped by a rule: consent, frequency cap, quiet hours, once'} data-testid="count-skipped">
            {fmt.format(counts.skipped)} skipped
          </span>
          <span title="Held back for later by quiet hours or a cap" data-testid="count-deferred">
            {fmt.format(counts.deferred)} deferred
          </span>
          {counts.failed > 0 ? <FailureBadge node={node} failed={counts.failed} /> : <span data-testid="count-failed">0 failed</span>}
        </div>
      )}
      {isMessageChannel(channelOf(node.type) ?? '') && <EngagementFigures counts={counts} />}
    </div>
  );
}

/** The failed sends of a node, as a badge that opens their reasons and contacts. */
function FailureBadge({ node, failed }: { node: ScenarioNode; failed: number }) {
  const [anchor, setAnchor] = useState<DOMRect | null>(null);
  return (
    <>
      <button
        type="button"
        className="jnode-badge failed nodrag nopan"
        data-testid="count-failed"
        aria-expanded={anchor !== null}
        title="Failed at delivery: click for the reasons"
        onClick={(e) => {
          e.stopPropagation();
          setAnchor(anchor ? null : e.currentTarget.getBoundingClientRect());
        }}
      >
        ⚠ {fmt.format(failed)} failed
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
    <div className="failure-popover" ref={box} style={position} role="dialog" aria-label="Why sends failed">
      <div className="failure-popover-head">
        <strong>Why sends failed</strong>
        <button type="button" className="link" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      {failures.isPending && <p className="muted">Loading…</p>}
      {failures.error && <p className="danger">The reasons could not be loaded.</p>}
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
      {scenarioId !== null && <a href={href({ page: 'outbox', scenarioId })}>Open this scenario's outbox</a>}
    </div>,
    document.body,
  );
}

/** Contacts still waiting on nodes that the shown version no longer has, with the version they are on. */
export function RemovedNodesNote() {
  // The selector returns the stored array itself (a fresh `[]` each time would re-render forever).
  const removed = useOverlay((s) => s.stats?.removed);
  if (!removed || removed.length === 0) return null;
  const byVersion = new Map<number, number>();
  for (const r of removed) byVersion.set(r.version, (byVersion.get(r.version) ?? 0) + r.waiting);
  return (
    <div className="removed-note" data-testid="removed-nodes" title={removed.map((r) => `Version ${r.version}, node ${r.node}: ${r.waiting} waiting`).join('\n')}>
      {[...byVersion].map(([version, waiting]) => (
        <div key={version}>{waiting === 1 ? `1 contact on removed nodes of v${version}` : `${waiting} contacts on removed nodes of v${version}`}</div>
      ))}
    </div>
  );
}
