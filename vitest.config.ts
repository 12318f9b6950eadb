import { defineConfig } from 'vitest/config';

/**
 * Three tiers, run in this order by `npm test`:
 * - unit: no database, beside the code (`*.test.ts`);
 * - int: the real Neo4j of test/setup/neo4j.ts (`*.int.test.ts`);
 * - e2e: headless Chromium against the built client served by the real server (`*.e2e.test.ts`).
 * Integration and browser tests use one Neo4j database each file clears (Community has one), so their files run one
 * at a time, and the e2e project runs after the int project.
 * Their limits are generous on purpose: a test fails on what it checks, never on how busy the machine is.
 */
const neo4j = { globalSetup: ['test/setup/neo4j.ts'], fileParallelism: false, testTimeout: 600_000, hookTimeout: 600_000 };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'client/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'],
          sequence: { groupOrder: 0 },
        },
      },
      { test: { name: 'int', include: ['test/**/*.int.test.ts'], sequence: { groupOrder: 1 }, ...neo4j } },
      { test: { name: 'e2e', include: ['test/**/*.e2e.test.ts'], sequence: { groupOrder: 2 }, ...neo4j } },
    ],
  },
});
