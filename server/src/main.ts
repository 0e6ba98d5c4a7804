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
import { lockPostgresDatabase } from './db/postgres/server-lock.ts';
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
  channels = createChannels(channelConfig, Date.now, () => serverUrl);
  // Held until this process exits: a second server on the same database is refused here.
  if (config.databaseUrl) {
    db = openPostgresDatabase(config.databaseUrl);
    lockPostgresDatabase(db, config.databaseUrl);
  } else {
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
// A manual clock moves only through POST /api/clock (end-to-end tests on the real server).
const clock = config.clock.mode === 'manual' ? new ManualClock(config.clock.start ?? Date.now()) : systemClock;

if (config.adminKey) registerPresetKey(db, clock.now(), config.adminKey);
for (const line of loadExamplesOnce(db, config.scenariosDir, clock.now())) console.log(`examples: ${line}`);

watchLongTasks(config.longTaskMs, (line) => console.warn(line));
const runtime = new Runtime(db, clock);
const email = channelConfig.email;
const accountMail = email.mode === 'smtp' ? smtpMailer(email.smtp, email.from) : logMailer();
const app = createApp({ db, clock, runtime, channels, webDist: config.webDist, sdkFile: config.sdkFile, accountMail, publicUrl: channelConfig.publicUrl });
const deliver = createDeliver({ db, channels, versions: runtime.versions });

const { server, port } = await listen(app.fetch, config.port, config.host);
serverUrl = listeningUrl(config.host, port);
// Before the listening line, which whoever starts the server waits for: the link is in the output by then.
const setup = firstStartLink(db, clock.now(), channelConfig.publicUrl ?? serverUrl);
if (setup) console.log(`No one can sign in yet. Open this link (it works once, for 24 hours) to create the first administrator:\n  ${setup}`);
console.log(`Parcours listening on http://${config.host}:${port} (database ${databaseName})`);
if (!channelConfig.publicUrl) console.log(`Unsubscribe links point to ${serverUrl}: set PARCOURS_PUBLIC_URL to the address mail clients reach`);
if (clock instanceof ManualClock) console.log(`Manual clock at ${new Date(clock.now()).toISOString()}: move it with POST /api/clock`);

// Started once the server listens, so that no message is composed before its links have an address.
const stopLoops = startLoops({
  runtime,
  deliver,
  delivery: channelConfig.delivery,
  tickMs: config.tickMs,
  batchSize: config.batchSize,
  timeMovesByItself: config.clock.mode === 'real',
  retention: new Retention(db, clock, config.retention),
});

async function shutdown(signal: string) {
  console.log(`${signal}: stopping`);
  server.close();
  await stopLoops();
  channels.close();
  await stopCheckpoints();
  db.$client.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
