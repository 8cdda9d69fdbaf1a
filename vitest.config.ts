import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 15000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
