import type { Context } from 'hono';
import type { AuditAction, AuditActorKind, Json } from '@parcours/shared';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/open.ts';
import { appendAudit } from '../store/audit.ts';
import type { Caller } from './auth.ts';
import { ipOf, userAgentOf } from './client.ts';
import type { AppEnv } from './context.ts';

/** What a route says about the change it made: the action, what it acted on, and a small summary (never a secret). */
export interface AuditNote {
  action: AuditAction;
  target: { type: string; id: string | null };
  change?: Record<string, Json>;
}

export interface AuditActor {
  kind: AuditActorKind;
  id: string | null;
  label: string | null;
}

export const userActor = (user: { id: string; email: string }): AuditActor => ({ kind: 'user', id: user.id, label: user.email });

export const actorOf = (caller: Caller | undefined): AuditActor =>
  caller === undefined
    ? { kind: 'anonymous', id: null, label: null }
    : caller.kind === 'user'
      ? userActor(caller.user)
      : { kind: 'key', id: caller.key.id, label: caller.key.name };

/**
 * Appends the entry of a change made by this request: who (the caller the access middleware found, unless the
 * route knows better, e.g. signing in), when, what, and from where. Call it inside the change's transaction, or use
 * `audited`, so a change is never without its entry nor an entry without its change.
 */
export function recordAudit(c: Context<AppEnv>, { db, clock }: { db: Db; clock: Clock }, note: AuditNote, actor = actorOf(c.get('caller'))): void {
  appendAudit(db, {
    at: clock.now(),
    actorKind: actor.kind,
    actorId: actor.id,
    actorLabel: actor.label,
    action: note.action,
    targetType: note.target.type,
    targetId: note.target.id,
    change: note.change ?? {},
    ip: ipOf(c),
    userAgent: userAgentOf(c),
  });
}

type NoteOf<T> = AuditNote | undefined | ((result: T) => AuditNote | undefined);

/**
 * Runs a (synchronous) change and appends its entry in the same transaction. The note may depend on the change's
 * result; undefined when nothing changed (e.g. a revoke of a key that does not exist): no entry then.
 */
export function audited<T>(c: Context<AppEnv>, deps: { db: Db; clock: Clock }, note: NoteOf<T>, write: () => T): T {
  return inTransaction(deps.db, () => {
    const result = write();
    const entry = typeof note === 'function' ? note(result) : note;
    if (entry) recordAudit(c, deps, entry);
    return result;
  });
}

/** For changes that answer whether they did anything: the note, only when they did. */
export const ifDone = (note: AuditNote) => (done: boolean) => (done ? note : undefined);
