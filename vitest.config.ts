import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    // expect.poll waits for a server or a browser to catch up; its 1 s default failed browser tests on a loaded
    // 2-core machine (the segment save of segments.test.ts in a clean-clone run), so polls wait up to 10 s.
    expect: { poll: { timeout: 10_000 } },
    // vitest's default on a 2-core machine is one file at a time; a browser file spends much of its time waiting on
    // its server and chromium, so two at once use the second core (CI is 2 cores).
    maxWorkers: 2,
    globalSetup: ['./test/support/run-build-dir.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'sqlite', include: ['{shared,cli,server,web,test,sdk}/**/*.test.{ts,tsx}'], provide: { postgresSuite: null } },
      },
      {
        // The server suite again, each harness on a PostgreSQL database (test/support/postgres-suite.ts); the files
        // that test the adapters themselves already run on both, and SQLite's migration history is SQLite's.
        extends: true,
        test: {
          name: 'postgres',
          include: ['server/test/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'server/test/{postgres-*,sql-connection,migrations}.test.ts'],
          globalSetup: ['./test/support/postgres-suite.ts'],
        },
      },
    ],
  },
});
