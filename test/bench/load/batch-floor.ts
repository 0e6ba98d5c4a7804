/**
 * The floor of `/api/batch`: events like the batch line's, inserted with one plain prepared statement, 100 per
 * transaction, into a fresh database of the server's schema holding a copy of its contacts and events (foreign keys
 * on and WAL checkpoints off the writing thread, as the server runs): no HTTP, no parsing, no contact read, no journey
 * check. What the server takes beyond this is ours; this much any server storing the same events in that base would take.
 */
import { checkpointOffThread, openDatabase } from '@parcours/server';

export async function batchFloor(file: string, scratch: string, events: number, contactOf: () => string): Promise<{ ms: number; events: number }> {
  const database = openDatabase(scratch);
  const db = database.$client;
  // The starting point, untimed: the base the server's events land in.
  db.prepare('attach database ? as server').run(file);
  db.exec('insert into contacts select * from server.contacts; insert into events select * from server.events');
  db.exec('detach database server');
  const stopCheckpoints = checkpointOffThread(database, scratch);
  const insert = db.prepare('insert into events (contact_id, name, properties, at, received_at) values (?, ?, ?, ?, ?)');
  const properties = JSON.stringify({ path: '/products/42' });
  const start = performance.now();
  for (let done = 0; done < events; done += 100) {
    const at = Date.now();
    db.transaction(() => {
      for (let i = done; i < Math.min(events, done + 100); i++) insert.run(contactOf(), 'bench_noise', properties, at, at);
    })();
  }
  const ms = performance.now() - start;
  await stopCheckpoints();
  db.close();
  return { ms, events };
}
