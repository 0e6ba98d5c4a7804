/**
 * The forms of drizzle's SQLite dialect (the query builder the stores use) that PostgreSQL words differently, rewritten
 * before a statement is sent. drizzle qualifies an upsert's conflict target with its table (`on conflict
 * ("meta"."key")`), which SQLite accepts and PostgreSQL refuses: it takes the bare column names.
 */
export function fromSqliteForms(source: string): string {
  return source.replace(/on conflict \(([^)]*)\)/gi, (_whole, target: string) => `on conflict (${target.replace(/"[^"]+"\./g, '')})`);
}
