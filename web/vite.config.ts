import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './build/precompress';
import { noTypeBoxOnColdPages } from './build/no-typebox';
import { routeHtml } from './build/route-html';

// In development the API and socket.io run on the Fastify server (pnpm start).
export default defineConfig({
  plugins: [
    react(),
    // The offline app shell (issue 18.6): Workbox precaches the built app and answers page
    // loads with index.html when there is no network; API calls and sockets never go through
    // it. A new version takes over at once (skipWaiting + clientsClaim): nobody is kept on an
    // old one, and the page says so rather than reloading under a half-typed report.
    VitePWA({
      injectRegister: false,
      registerType: 'autoUpdate',
      includeAssets: ['icon.svg', 'apple-touch-icon.png'],
      manifest: {
        name: '落实 · 目标任务跟踪',
        short_name: '落实',
        description: '街道工作计划目标任务跟踪与上报',
        lang: 'zh-CN',
        start_url: '/report',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1f5fbf',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // SheetJS (the export) is 0.5 MB and only leaders at a desk use it: fetched when needed.
        // The per-page copies of index.html (build/route-html.ts) are for cold loads from the
        // server; offline, every page is answered with the plain index.html below.
        globIgnores: ['**/xlsx-*.js', 'routes/**'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/socket\.io\//],
        skipWaiting: true,
        clientsClaim: true,
        cleanupOutdatedCaches: true,
      },
    }),
    routeHtml(),
    noTypeBoxOnColdPages(),
    precompress(),
  ],
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
  build: {
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      treeshake: {
        // Shared modules keep a type's TypeBox schema beside its constants and rules (one owner);
        // the web uses the constants, rules and `Static<>` types, the server the schemas. Marked
        // pure, the schema builders of a schema nobody in the browser reads are dropped, and with
        // them TypeBox from the pages' chunks (~11 kB br on every cold page, issue 18.9).
        // build/no-typebox.ts fails the build if TypeBox comes back into a deep-link page.
        manualPureFunctions: ['Type', 'StringEnum', 'NullableString', 'NullableNumber', 'NullableEnum', 'Nullable'],
      },
    },
  },
});
