import { defineConfig } from 'vitest/config';

export default defineConfig({
  // mathjs's ES module build is hundreds of files (seconds to load in every test file that checks
  // a formula); its single-file bundle has the same functions. Builds bundle only what they use.
  resolve: { alias: [{ find: /^mathjs$/, replacement: 'mathjs/lib/browser/math.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    // Two files at a time: vitest's default leaves one core idle on a two-core machine.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
