import { asc } from 'drizzle-orm';
import type { AttributeCatalogue, DeclaredAttributes } from '@parcours/shared';
import { inTransaction, type Db } from '../db/open.ts';
import { contactAttributes, contactTotals, declaredAttributes } from '../db/schema.ts';

/**
 * The attribute catalogue: attributes seen on known contacts (counted by triggers as contacts are written) merged
 * with those declared in the settings. Reads two small tables, never the contacts.
 */
export function attributeCatalogue(db: Db): AttributeCatalogue {
  const seen = db.select().from(contactAttributes).all();
  const declared = new Map(db.select().from(declaredAttributes).all().map((a) => [a.name, a.type]));
  const names = [...new Set([...seen.map((a) => a.name), ...declared.keys()])].sort((a, b) => a.localeCompare(b));
  const counts = new Map(seen.map((a) => [a.name, a.contacts]));
  return {
    contacts: db.select().from(contactTotals).get()?.known ?? 0,
    attributes: names.map((name) => {
      const type = declared.get(name);
      return { name, contacts: counts.get(name) ?? 0, ...(type ? { type } : {}) };
    }),
  };
}

export function listDeclaredAttributes(db: Db): DeclaredAttributes {
  return { attributes: db.select().from(declaredAttributes).orderBy(asc(declaredAttributes.name)).all() };
}

/** Replaces the declared attributes with `declared` (validated by the route). */
export function saveDeclaredAttributes(db: Db, declared: DeclaredAttributes): void {
  inTransaction(db, () => {
    db.delete(declaredAttributes).run();
    if (declared.attributes.length > 0) db.insert(declaredAttributes).values(declared.attributes).run();
  });
}
