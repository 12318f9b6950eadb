import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'client/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/setup/neo4j.ts'],
    // integration tests share one Neo4j database (Community has one), so files run one after another
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
