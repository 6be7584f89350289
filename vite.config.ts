import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

const TEAL = '#087f5b';

// The web app is built into dist/web and served by the Fastify server; in `npm run dev`
// Vite proxies /api to the API server.
export default defineConfig({
  root: 'src/web',
  plugins: [
    react(),
    // Installable (issue 19 item 4): a manifest, icons (src/web/public, drawn by scripts/icons.mjs)
    // and a Workbox service worker. The app shell (every built asset) is precached, so Rapport
    // opens from a phone's home screen without a network; the API's GET answers go to the
    // network first and are kept, so that offline the last Today, prep brief or contact shows.
    VitePWA({
      registerType: 'autoUpdate',
      // A file (registerSW.js), not an inline script: the CSP allows scripts from 'self' only.
      injectRegister: 'script',
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        id: '/',
        name: 'Rapport',
        short_name: 'Rapport',
        description: 'Relationship-first job-search CRM: what to do today to get the next interview, and why.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: TEAL,
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        // The graph (Network) and the charts (Insights) are the largest chunks, by far: kept
        // when first visited (below), not downloaded with the shell.
        globIgnores: ['**/NetworkPage-*.js', '**/InsightsPage-*.js'],
        navigateFallback: 'index.html',
        // The API, its docs and the health probes are never the single-page app.
        navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/healthz$/, /^\/readyz$/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [
          {
            // Hashed file names never change content: kept once fetched.
            urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/'),
            handler: 'CacheFirst',
            options: { cacheName: 'rapport-assets', expiration: { maxEntries: 200 }, cacheableResponse: { statuses: [200] } },
          },
          {
            // Network first, so online nothing is ever stale; the kept answer only when the
            // network fails (no time-out: a slow server is still the truth). Files and
            // downloads (exports, backups, PDFs, the calendar feed) and the palette's search
            // are not kept.
            urlPattern: ({ url, request, sameOrigin }) =>
              sameOrigin &&
              request.method === 'GET' &&
              url.pathname.startsWith('/api/') &&
              !/^\/api\/(docs|openapi\.json|export\/|backup|calendar|search|auth\/(?!session$))/.test(url.pathname) &&
              !url.pathname.endsWith('.pdf'),
            handler: 'NetworkFirst',
            options: {
              cacheName: 'rapport-api',
              expiration: { maxEntries: 300 },
              // 404 for the session is local mode's answer: kept, so the app starts offline.
              cacheableResponse: { statuses: [200, 404] },
            },
          },
        ],
      },
    }),
  ],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // Libraries every page needs get their own long-cached chunks (they change less often
        // than the app). Mantine is left to Rollup so the components only later pages use stay
        // out of the first load; charts (Insights) and cytoscape (Network) go with their pages.
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(react|react-dom|scheduler|react-router|react-router-dom)\//.test(id)) return 'react';
          if (/node_modules\/@tanstack\/(query-core|react-query)\//.test(id)) return 'query';
          return undefined;
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    // changeOrigin: the API refuses a Host naming another port than its own (DNS rebinding).
    proxy: { '/api': { target: 'http://127.0.0.1:7411', changeOrigin: true } },
  },
});
