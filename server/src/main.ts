import { createApp } from './app.ts';
import { registerPresetKey } from './store/keys.ts';
import { firstStartLink } from './people/first-start.ts';
import { logMailer, smtpMailer } from './people/mail.ts';
import { createChannels, loadChannelConfig, type ChannelConfig, type Channels } from './channels/index.ts';
import { ManualClock, systemClock } from './clock.ts';
import { readConfig, type Config } from './config.ts';
import { checkpointOffThread } from './db/checkpointer.ts';
import { openDatabase, type Db } from './db/open.ts';
import { redactPassword } from './db/postgres/connection.ts';
import { openPostgresDatabase } from './db/postgres/open.ts';
import { listenForChanges } from './db/postgres/change-listener.ts';
import { oneProcessAtATime } from './db/dialect.ts';
import { lockDatabaseFile } from './db/writer-lock.ts';
import { createDeliver } from './delivery/index.ts';
import { loadExamplesOnce } from './examples.ts';
import { listen, listeningUrl } from './listen.ts';
import { startLoops } from './runtime/loops.ts';
import { watchLongTasks } from './runtime/long-tasks.ts';
import { Retention } from './runtime/retention.ts';
import { Runtime } from './runtime/runtime.ts';

let config: Config;
let channels: Channels;
let channelConfig: ChannelConfig;
let db: Db;
// Where this server is reached once it listens (its port may be 0 until then): unsubscribe links are built on it
// unless PARCOURS_PUBLIC_URL says otherwise.
let serverUrl: string | undefined;
try {
  config = readConfig();
  // Every channel is a sandbox until its environment variables configure a real transport.
  channelConfig = loadChannelConfig(process.env);
  // A worker answers no HTTP: the links it puts in messages lead to the API processes.
  if (config.role === 'worker' && !channelConfig.publicUrl) throw new Error('PARCOURS_ROLE=worker composes messages whose links lead to the API: set PARCOURS_PUBLIC_URL to its public address');
  channels = createChannels(channelConfig, Date.now, () => serverUrl);
  if (config.databaseUrl) db = openPostgresDatabase(config.databaseUrl);
  else {
    // Held until this process exits: a second server on the same file is refused here.
    lockDatabaseFile(config.dbFile);
    db = openDatabase(config.dbFile);
  }
} catch (error) {
  console.error(`Parcours cannot start: ${(error as Error).message}`);
  process.exit(1);
}
const databaseName = config.databaseUrl ? redactPassword(config.databaseUrl) : config.dbFile;
// PostgreSQL checkpoints by itself; SQLite's WAL is checkpointed off the thread.
const stopCheckpoints = config.databaseUrl || config.dbFile === ':memory:' ? async () => {} : checkpointOffThread(db, config.dbFile);
// On PostgreSQL other processes change what this one keeps in memory (scenarios, keys, settings): it hears of it.
const stopListening = config.databaseUrl ? listenForChanges(db, config.databaseUrl) : () => {};
// A manual clock moves only through POST /api/clock (end-to-end tests on the real server).
const clock = config.clock.mode === 'manual' ? new ManualClock(config.clock.start ?? Date.now()) : systemClock;
const serves = config.role !== 'worker';
const works = config.role !== 'api';

if (serves) {
  oneProcessAtATime(db.$client, () => {
    if (config.adminKey) registerPresetKey(db, clock.now(), config.adminKey);
    for (const line of loadExamplesOnce(db, config.scenariosDir, clock.now())) console.log(`examples: ${line}`);
  });
}

watchLongTasks(config.longTaskMs, (line) => console.warn(line));
const runtime = new Runtime(db, clock);
let server: Awaited<ReturnType<typeof listen>>['server'] | undefined;
if (serves) {
  const email = channelConfig.email;
  const accountMail = email.mode === 'smtp' ? smtpMailer(email.smtp, email.from) : logMailer();
  const app = createApp({ db, clock, runtime, channels, webDist: config.webDist, sdkFile: config.sdkFile, accountMail, publicUrl: channelConfig.publicUrl });
  const listening = await listen(app.fetch, config.port, config.host);
  server = listening.server;
  serverUrl = listeningUrl(config.host, listening.port);
  // Before the listening line, which whoever starts the server waits for: the link is in the output by then.
  const setup = oneProcessAtATime(db.$client, () => firstStartLink(db, clock.now(), channelConfig.publicUrl ?? serverUrl!));
  if (setup) console.log(`No one can sign in yet. Open this link (it works once, for 24 hours) to create the first administrator:\n  ${setup}`);
  const role = config.role === 'api' ? ' (API only: workers run the background work)' : '';
  console.log(`Parcours listening on http://${config.host}:${listening.port}${role} (database ${databaseName})`);
  if (!channelConfig.publicUrl) console.log(`Unsubscribe links point to ${serverUrl}: set PARCOURS_PUBLIC_URL to the address mail clients reach`);
  if (clock instanceof ManualClock) console.log(`Manual clock at ${new Date(clock.now()).toISOString()}: move it with POST /api/clock`);
}

// Started once the server listens, so that no message is composed before its links have an address.
const stopLoops = works
  ? startLoops({
      runtime,
      deliver: createDeliver({ db, channels, versions: runtime.versions }),
      delivery: channelConfig.delivery,
      tickMs: config.tickMs,
      batchSize: config.batchSize,
      timeMovesByItself: config.clock.mode === 'real',
      retention: new Retention(db, clock, config.retention),
    })
  : async () => {};
if (!serves) console.log(`Parcours worker running: timers, the outbox and background jobs (database ${databaseName})`);

async function shutdown(signal: string) {
  console.log(`${signal}: stopping`);
  server?.close();
  await stopLoops();
  channels.close();
  stopListening();
  await stopCheckpoints();
  db.$client.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
