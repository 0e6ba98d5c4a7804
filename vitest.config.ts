import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,cli,server,web,test,sdk}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
