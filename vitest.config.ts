import { defineConfig } from 'vitest/config';

// Test level is in the file name, as emmett does it: *.unit.spec.ts, *.int.spec.ts, *.e2e.spec.ts.
export default defineConfig({
  test: {
    // CI also keeps a JSON report, from which .ci/run prints a plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'tests/artifacts/vitest.json' }]] : ['default'],
    projects: [
      { test: { name: 'unit', include: ['tests/**/*.unit.spec.ts'] } },
      { test: { name: 'int', include: ['tests/**/*.int.spec.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
      {
        test: {
          name: 'e2e',
          include: ['tests/**/*.e2e.spec.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One Chromium at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
});
