/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The service serves the built app from the jar's `static/marketing/` and forwards
// every `/marketing/**` deep link to its index.html.
export default defineConfig({
  base: '/marketing/',
  plugins: [react()],
  build: {
    outDir: 'target/classes/static/marketing',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // `npm run dev` against a locally running service (./segments serve).
    proxy: { '/api': process.env.SEGMENTS_URL ?? 'http://localhost:8080' },
  },
  test: {
    environment: 'happy-dom',
    globals: true,
    setupFiles: ['src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // Interaction tests render the whole builder; on a busy two-core machine one can take
    // several seconds, which is slowness, not failure.
    testTimeout: 30_000,
  },
});
