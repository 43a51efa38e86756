import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs nothing but Node; `e2e` starts real Debian targets in Docker.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}', 'modules/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 15 * 60_000,
          hookTimeout: 15 * 60_000,
          // Targets are heavy; e2e files run one after another, the targets inside a file in parallel.
          fileParallelism: false,
        },
      },
    ],
  },
});
