import { CACHED_TOPICS, CHANGES_CHANNEL, dropCopies, type CachedTopic } from '../changes.ts';
import type { Db } from '../open.ts';
import { keepFinished, loadLibPq, redactPassword, type LibPq } from './connection.ts';

/** How long the listener waits before connecting again after losing its connection. */
const RECONNECT_MS = 1_000;

/**
 * Hears the changes other processes announce on the database at `url` (LISTEN on a connection of its own, read when
 * its socket has data, never blocking the thread) and drops this process's copies of what changed. While it is not
 * connected nothing would be heard, so on losing its connection, and again once reconnected, it drops every copy.
 * Returns a function that stops it.
 */
export function listenForChanges(db: Db, url: string, onError: (error: Error) => void = (error) => console.error(error)): () => void {
  let pq: LibPq | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const dropAll = () => CACHED_TOPICS.forEach((topic) => dropCopies(db, topic));

  const close = () => {
    if (!pq) return;
    pq.stopReader();
    pq.finish();
    keepFinished(pq);
    pq = undefined;
  };
  const connect = () => {
    retry = undefined;
    if (stopped) return;
    try {
      const LibPqClient = loadLibPq();
      const client = new LibPqClient();
      client.connectSync(url);
      client.exec(`LISTEN ${CHANGES_CHANNEL}`);
      client.on('readable', () => read(client));
      client.startReader();
      pq = client;
      dropAll();
    } catch (error) {
      onError(new Error(`cannot listen for changes on ${redactPassword(url)}: ${(error as Error).message.trim()}`));
      retry = setTimeout(connect, RECONNECT_MS);
    }
  };
  const read = (client: LibPq) => {
    if (client !== pq) return;
    if (!client.consumeInput()) {
      onError(new Error(`lost the connection that listens for changes on ${redactPassword(url)}: reconnecting`));
      close();
      dropAll();
      retry = setTimeout(connect, RECONNECT_MS);
      return;
    }
    for (let heard = client.notifies(); heard; heard = client.notifies()) {
      if ((CACHED_TOPICS as readonly string[]).includes(heard.extra)) dropCopies(db, heard.extra as CachedTopic);
    }
  };

  connect();
  return () => {
    stopped = true;
    clearTimeout(retry);
    close();
  };
}
