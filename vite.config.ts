import { vitePlugin as remix } from '@remix-run/dev';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';
import tsconfigPaths from 'vite-tsconfig-paths';

// `npm run dev` serves the UI with hot reload from Vite and forwards everything the Worker owns
// (the JSON API and the realtime rooms) to a `wrangler dev` running alongside it. Remix's
// cloudflareDevProxyVitePlugin is deliberately not used: its platform proxy cannot host this
// Worker's own Durable Objects, so SSR under Vite runs without `context.cloudflare` (see
// app/load-context.ts) and the real Worker is the one started by `npm start`.
const wranglerOrigin = `http://127.0.0.1:${process.env.WRANGLER_PORT ?? 8787}`;

export default defineConfig({
  plugins: [
    tailwindcss(),
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
  ],
  // The server build runs in workerd (worker/index.ts imports build/server/index.js), so resolve
  // packages the way workerd does: prefer their worker/browser builds over Node ones.
  ssr: {
    resolve: {
      conditions: ['workerd', 'worker', 'browser'],
      externalConditions: ['workerd', 'worker'],
    },
  },
  resolve: {
    mainFields: ['browser', 'module', 'main'],
  },
  server: {
    proxy: {
      '/api': { target: wranglerOrigin },
      '/parties': { target: wranglerOrigin, ws: true },
    },
  },
});
