import { contactDueAt, heldBackFromJourney, overCeiling, parseDuration, spreadOffset, volumeTarget, type CampaignVolume } from '@parcours/shared';
import type { DeliverySource, RunStage } from '../db/schema.ts';
import { contactsInOrder, RANK_START, type RankedContact } from '../store/campaign-order.ts';
import { addDeliveries, membersAfter, type ActiveRun, type CopyProgress, type NewDelivery } from '../store/campaigns.ts';
import type { Session } from './session.ts';
import { runJourney } from './campaign-journey.ts';

/**
 * The stage a run starts its copy with: its segment's members in id order, or, when they are more than the
 * campaign's volume ceiling, the best-ordered of them first.
 */
export const firstStage = (audience: number, volume: CampaignVolume | undefined): RunStage => (overCeiling(audience, volume) ? 'top' : 'segment');

/**
 * Copies the next part of the run's audience into its deliveries, by the run's stage (see RunStage), and moves its
 * cursors in the same transaction. Returns how many items of work it did (at least 1: the run's state changed).
 *
 * - `segment`: the segment's members in contact id order, all kept.
 * - `top` (the segment is over the ceiling): the contacts in the volume order, keeping the members, until the
 *   ceiling's number are kept; then `cut`: the other members in id order, skipped `over_ceiling` (a row each, so
 *   the report counts them and a contact's page can say why they were left out).
 * - `widen` (fewer kept than the floor once the members are copied): the contacts outside the segment in the volume
 *   order, each added when the run will start them (the journey's sends would reach them and its entry rule lets them
 *   in, see widenedDelivery), until the floor is met or nobody is left.
 */
export function copyAudience(session: Session, run: ActiveRun, limit: number): number {
  switch (run.stage) {
    case 'segment':
    case 'cut':
      return copyMembers(session, run, limit);
    case 'top':
    case 'widen':
      return walkInOrder(session, run, limit);
  }
}

/** When the members are all copied: widening when the floor is not met, else the copy is done. */
function afterMembers(run: ActiveRun, keptNow: number): CopyProgress {
  const floor = run.definition.volume?.min;
  return floor !== undefined && keptNow < floor ? { stage: 'widen', after: '', rankAfter: RANK_START } : { stage: run.stage, after: null };
}

/**
 * The instant a contact is due in the run (the run's start, or their own local time, then paced by their rank over
 * the spreading window), or skipped when a local-time run started after their time had passed.
 */
function deliveryOf(run: ActiveRun, contact: { id: string; timeZone: string | null }, position: number, source: DeliverySource): NewDelivery {
  const { definition } = run;
  const due = contactDueAt(definition, run.day, run.startedAt, contact.timeZone);
  if (definition.localTime && due < run.startedAt) return { contactId: contact.id, dueAt: due, status: 'skipped', reason: 'local_time_passed', source };
  const spreadMs = definition.spread ? parseDuration(definition.spread) : 0;
  return { contactId: contact.id, dueAt: due + spreadOffset(position, volumeTarget(run.audience, definition.volume), spreadMs), status: 'pending', reason: null, source };
}

/** The `segment` and `cut` stages: the next members of the run's segment in contact id order (a member already in the run stays as it is). */
function copyMembers(session: Session, run: ActiveRun, limit: number): number {
  const rows = membersAfter(session.db, run.definition.segment, run.snapshotAfter ?? '', limit);
  let kept = run.kept;
  const deliveries = rows.map((row): NewDelivery => {
    if (run.stage === 'cut') return { contactId: row.id, dueAt: run.startedAt, status: 'skipped', reason: 'over_ceiling', source: 'segment' };
    const delivery = deliveryOf(run, row, kept, 'segment');
    if (delivery.status === 'pending') kept++;
    return delivery;
  });
  const done = rows.length < limit;
  addDeliveries(session.db, run, deliveries, done ? afterMembers(run, kept) : { stage: run.stage, after: rows.at(-1)!.id });
  // A segment with no member left to copy still counts as work done: the run's state changed.
  return Math.max(rows.length, 1);
}

/** What a stage walking the volume order does with a contact it meets at `position`: the delivery it adds, or none. */
type Take = (contact: RankedContact, position: number) => NewDelivery | undefined;

/**
 * The `top` and `widen` stages: the next contacts in the volume order; `top` keeps the segment's members until the
 * ceiling, `widen` adds the contacts outside it whom the run will start until the floor. Each contact looked at is an
 * item of work.
 */
function walkInOrder(session: Session, run: ActiveRun, limit: number): number {
  const { volume, segment } = run.definition;
  const widening = run.stage === 'widen';
  const target = widening ? volume!.min! : volume!.max!;
  const take: Take | undefined = widening ? widenedDelivery(session, run) : (c, position) => (c.member === 1 && c.inRun === 0 ? deliveryOf(run, c, position, 'segment') : undefined);
  if (!take) {
    addDeliveries(session.db, run, [], { stage: 'widen', after: null });
    return 1;
  }
  const contacts = contactsInOrder(session.db, volume!.orderBy, run.rankAfter ?? RANK_START, limit, { id: run.id, segmentId: segment });
  let kept = run.kept;
  const deliveries: NewDelivery[] = [];
  let last: RankedContact | undefined;
  for (const contact of contacts) {
    if (kept >= target) break;
    last = contact;
    const delivery = take(contact, kept);
    if (!delivery) continue;
    if (delivery.status === 'pending') kept++;
    deliveries.push(delivery);
  }
  const done = kept >= target || contacts.length < limit;
  const rankAfter = last ? { key: last.key, id: last.id } : run.rankAfter;
  const progress: CopyProgress = !done ? { stage: run.stage, after: '', rankAfter } : widening ? { stage: 'widen', after: null } : { stage: 'cut', after: '' };
  addDeliveries(session.db, run, deliveries, progress);
  return Math.max(contacts.length, 1);
}

/**
 * The delivery of a contact met on the widening walk when the run will start them: known, outside the segment and
 * the run, due before their local time has passed, and taken by the run's journey. That is, its sends would reach
 * them now (the engine's send decision: consent, suppression, topics, caps, frequency choice), and its entry rule
 * would let them in at their instant in the run: not in the journey now (unless its re-trigger choice restarts it),
 * allowed to enter again by then (the start's own rule, see startCampaignMember). Undefined when the journey is no
 * longer live: there is nothing to judge by, so nobody is added.
 *
 * The contact is judged as they are now, the re-entry delay at their instant. What changes before that instant (they
 * enter the journey by another way, withdraw consent...) is judged again by the start, which then skips them and the
 * run's report counts it: the floor is met at the copy, not guaranteed at the starts. A contact in the journey now is
 * passed over even if they would have left it by their instant: the floor is met with others.
 */
function widenedDelivery(session: Session, run: ActiveRun): Take | undefined {
  const live = runJourney(session, run);
  if (!live) return undefined;
  return (contact, position) => {
    if (contact.member === 1 || contact.inRun === 1 || contact.anonymous === 1) return undefined;
    const delivery = deliveryOf(run, contact, position, 'widened');
    // A contact whose local time has passed is not taken: widening looks for the next one.
    if (delivery.status !== 'pending') return undefined;
    const state = session.contact(contact.id);
    if (!state || state.journeys.entryRefusal(live, delivery.dueAt)) return undefined;
    const { runner } = state;
    const heldBack = heldBackFromJourney(live.compiled.scenario, { contact: runner.facts(), sent: runner.sentMessages(), policy: session.policy, now: session.now });
    return heldBack === undefined ? delivery : undefined;
  };
}
