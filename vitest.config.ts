import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

// One config, three projects:
//   node    — core logic, services and the local stand-ins in dev/, in Node (`*.test.ts`)
//   workers — the Worker inside workerd: API via SELF.fetch, Durable Objects, R2, queues, cron
//             (`*.workers.test.ts`)
//   e2e     — browser journeys against the stack started the way `npm start` starts it (`e2e/`)
export default defineConfig({
  test: {
    projects: [
      {
        // app/ code imports its own files as `~/…` (tsconfig paths).
        resolve: { alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) } },
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'core/**/*.test.ts',
            'dev/**/*.test.ts',
            'worker/**/*.test.ts',
            'app/**/*.test.ts',
          ],
          exclude: ['**/*.workers.test.ts', 'node_modules/**'],
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TURSO_DATABASE_URL: inject('tursoUrl'),
                TURSO_AUTH_TOKEN: inject('tursoToken'),
                SESSION_SECRET: 'workers-test-session-secret-0123456789',
                SECRETS_KEY: 'd29ya2Vycy10ZXN0LXNlY3JldHMta2V5LTMyLWJ5dGU=',
                PII_KEY: 'd29ya2Vycy10ZXN0LXBpaS1rZXktb2YtMzItYnl0ZXM=',
                BOMBORA_API_URL: inject('bomboraUrl'),
                BOMBORA_LEGACY_API_URL: inject('bomboraUrl'),
                BOMBORA_LEGACY_POLL_SECONDS: '0',
                UID2_API_URL: inject('uid2Url'),
                TTD_DATA_URL: `${inject('ttdUrl')}/{region}`,
                UID2_TIMEOUT_MS: '1500',
                // Small batches and pages, so a few dozen test people make several of each.
                UID2_BATCH_ITEMS: '7',
                TTD_BATCH_ITEMS: '5',
                EXPORT_PAGE_CONTACTS: '9',
                TTD_TIMEOUT_MS: '1500',
                // Small pages, so a test dataset of a few hundred rows is pulled in several.
                BOMBORA_PAGE_LIMIT: '60',
                BOMBORA_TIMEOUT_MS: '1500',
                ROOM_REVERIFY_MS: '0',
                // The smallest parts R2 accepts (5 MiB), and small chunks so that test files of a
                // few hundred KB are processed in several.
                UPLOAD_PART_BYTES: '5242880',
                UPLOAD_CHUNK_BYTES: '65536',
              },
            },
          })),
        ],
        test: {
          name: 'workers',
          // The first request in a run loads the Remix server build through Vite; give it room.
          testTimeout: 30_000,
          hookTimeout: 60_000,
          include: [
            'core/**/*.workers.test.ts',
            'worker/**/*.workers.test.ts',
            'durable-objects/**/*.workers.test.ts',
          ],
          globalSetup: ['./dev/test-support/workers-global-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['e2e/**/*.e2e.ts'],
          globalSetup: ['./e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
