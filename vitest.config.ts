import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Vite would load graphql's `index.mjs` for our files while Node loads `index.js` for the libraries
    // (yoga, Pothos): two copies of graphql cannot share a schema. Use the one Node uses.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    pool: 'forks',
    // Two cores: more parallel files only add contention.
    maxWorkers: 2,
    // Generous: a busy two-core machine (PGlite is CPU-bound WebAssembly) must not fail a correct test.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
