import type { Clock } from '../clock.ts';
import type { Db } from '../db/open.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { AuthEnv } from './auth.ts';

export type AppEnv = AuthEnv;

/** What the routes work with. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  runtime: Runtime;
}
