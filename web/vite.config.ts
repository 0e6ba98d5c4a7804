import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves web/dist and /api on the same port; in `vite dev` the API is proxied to it.
export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  preview: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  build: { outDir: 'dist', chunkSizeWarningLimit: 3000 },
});
