import { defineConfig } from 'vitest/config';

/**
 * Tests live under test/ (test/setup.ts adds the aws-sdk-client-mock matchers); synthesizing
 * the stack bundles four functions with esbuild, hence the generous timeouts.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
