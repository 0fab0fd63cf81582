import { defineConfig } from 'vitest/config';

// Test level is in the file name, as emmett does it: *.unit.spec.ts, *.int.spec.ts, *.e2e.spec.ts.
export default defineConfig({
  test: {
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
