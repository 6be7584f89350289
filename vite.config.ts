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
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    // changeOrigin: the API refuses a Host naming another port than its own (DNS rebinding).
    proxy: { '/api': { target: 'http://127.0.0.1:7411', changeOrigin: true } },
  },
});
