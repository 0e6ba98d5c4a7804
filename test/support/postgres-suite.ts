import type { TestProject } from 'vitest/node';
import { openPostgresDatabase } from '../../server/src/db/postgres/open.ts';
import { startPostgresCluster } from './postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server suite's PostgreSQL run: the cluster's URL without a database, and the migrated template database. */
    postgresSuite: { base: string; template: string } | null;
  }
}

const TEMPLATE = 'parcours_template';

/**
 * vitest global setup of the project that runs the server suite on PostgreSQL: one private cluster for the run and a
 * database migrated once, which each test's harness copies (CREATE DATABASE … TEMPLATE) instead of migrating anew.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startPostgresCluster();
  const url = cluster.createDatabase(TEMPLATE);
  // Migrated through the server's own code, then closed: a template nobody is connected to can be copied.
  openPostgresDatabase(url).$client.close();
  project.provide('postgresSuite', { base: url.slice(0, url.lastIndexOf('/')), template: TEMPLATE });
  return () => cluster.stop();
}
