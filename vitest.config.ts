import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const common = {
  exclude: ['node_modules/**', 'out/**', 'dist/**'],
  testTimeout: 20_000,
  hookTimeout: 20_000,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...common,
          name: 'node',
          environment: 'node',
          include: ['**/*.test.ts'],
          exclude: [...common.exclude, 'test/e2e/**', 'test/hostile/**'],
          // One PostgreSQL cluster for the run, started only if a test asks for a database.
          globalSetup: ['test/support/postgres-global-setup.ts'],
        },
      },
      {
        plugins: [react()],
        test: {
          ...common,
          name: 'dom',
          environment: 'jsdom',
          include: ['renderer/**/*.test.tsx'],
          setupFiles: ['renderer/test-setup.ts'],
        },
      },
      {
        test: {
          ...common,
          name: 'e2e',
          environment: 'node',
          // The hostile-load suite too: it needs the same private network namespace.
          include: ['test/e2e/**/*.test.ts', 'test/hostile/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One browser pair at a time: two cores, real media.
          fileParallelism: false,
        },
      },
    ],
  },
});
