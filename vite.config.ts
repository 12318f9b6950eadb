import { defineConfig } from 'vite';

export default defineConfig({
  root: 'client',
  // relative asset addresses: the server's <base> element places them under BASE_PATH
  base: './',
  build: { outDir: '../dist/client', emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/readyz': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' } },
});
