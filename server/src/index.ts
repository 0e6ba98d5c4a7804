export { createApp, type AppOptions } from './app.ts';
export { openDatabase, inTransaction, type Db } from './db/open.ts';
export { ManualClock, systemClock, type Clock } from './clock.ts';
export { Runtime, type BatchItem, type IngestResult } from './runtime/runtime.ts';
export { dispatchPending, type Deliver, type DeliveryOutcome, type OutboxMessage } from './runtime/dispatcher.ts';
export { startLoops } from './runtime/loops.ts';
export { createApiKey, ensureAdminKey } from './store/keys.ts';
export { loadExamplesOnce } from './examples.ts';
export { listen } from './listen.ts';
