// `npm run test:cluster`: redis-server, three replicas and nginx on loopback (test/cluster), apart from
// `npm test` because it starts a whole cluster and needs those two programs.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
