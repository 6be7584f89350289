import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web app is built into dist/web and served by the Fastify server; in `npm run dev`
// Vite proxies /api to the API server.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
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
