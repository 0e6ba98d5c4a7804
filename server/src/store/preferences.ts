import { asc, eq } from 'drizzle-orm';
import { MESSAGE_CHANNELS, NO_PREFERENCES, TopicSettings, type ContactPreferences } from '@parcours/shared';
import { inTransaction, type Db } from '../db/open.ts';
import { contactPreferences, meta, preferenceChanges } from '../db/schema.ts';
import { statements } from '../db/statements.ts';

const TOPICS_KEY = 'topics';

/** The operator's topics (none until an operator defines some). */
export function loadTopics(db: Db): TopicSettings {
  const text = db.select({ value: meta.value }).from(meta).where(eq(meta.key, TOPICS_KEY)).get()?.value;
  // Written by saveTopics only, after validation.
  return text === undefined ? { topics: [] } : TopicSettings.parse(JSON.parse(text));
}

export function saveTopics(db: Db, settings: TopicSettings): void {
  const value = JSON.stringify(TopicSettings.parse(settings));
  db.insert(meta).values({ key: TOPICS_KEY, value }).onConflictDoUpdate({ target: meta.key, set: { value } }).run();
}

/** The contact's preferences; every topic and no frequency limit until the contact says otherwise. */
export function preferencesOf(db: Db, contactId: string): ContactPreferences {
  return statements(db).preferences.get({ contactId })?.preferences ?? NO_PREFERENCES;
}

type ChangeRow = Omit<typeof preferenceChanges.$inferInsert, 'id' | 'contactId' | 'source' | 'at'>;

/** What differs between two sets of preferences, one row per topic and channel, one for the frequency. */
function differences(before: ContactPreferences, after: ContactPreferences): ChangeRow[] {
  const rows: ChangeRow[] = [];
  const topics = new Set([...Object.keys(before.topics), ...Object.keys(after.topics)]);
  for (const topic of topics) {
    for (const channel of MESSAGE_CHANNELS) {
      // No word on a channel means opted in: only a change of that meaning is a change.
      const was = before.topics[topic]?.[channel] !== false;
      const is = after.topics[topic]?.[channel] !== false;
      if (was !== is) rows.push({ topic, channel, granted: is, frequency: null });
    }
  }
  if (before.frequency !== after.frequency) rows.push({ topic: null, channel: null, granted: null, frequency: after.frequency });
  return rows;
}

/**
 * Replaces the contact's preferences and records each change with its source ("preference_centre", "api").
 * Returns how many changes there were.
 */
export function savePreferences(db: Db, contactId: string, next: ContactPreferences, source: string, now: number): number {
  return inTransaction(db, () => {
    const changes = differences(preferencesOf(db, contactId), next);
    if (changes.length === 0) return 0;
    db.insert(contactPreferences)
      .values({ contactId, preferences: next, updatedAt: now })
      .onConflictDoUpdate({ target: contactPreferences.contactId, set: { preferences: next, updatedAt: now } })
      .run();
    db.insert(preferenceChanges)
      .values(changes.map((change) => ({ ...change, contactId, source, at: now })))
      .run();
    return changes.length;
  });
}

/** Every change of the contact's preferences, oldest first, with what made it. */
export function preferenceChangesOf(db: Db, contactId: string) {
  return db
    .select()
    .from(preferenceChanges)
    .where(eq(preferenceChanges.contactId, contactId))
    .orderBy(asc(preferenceChanges.at), asc(preferenceChanges.id))
    .all()
    .map(({ topic, channel, granted, frequency, source, at }) => ({ topic, channel, granted, frequency, source, at: new Date(at).toISOString() }));
}
