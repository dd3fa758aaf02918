/**
 * Builds the read-only viewer into `web/dist`, served by the API server at `/` (server/static.ts).
 * `npm run build:web` runs it; `npm install` does too (postinstall).
 */
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig(({ command }) => ({
  root,
  base: '/',
  // Production components for `vite build` whatever NODE_ENV says (dev builds add ownership checks and
  // warnings that visitors should not download).
  plugins: [svelte({ compilerOptions: { dev: command === 'serve' } })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The CSP forbids inline scripts: never inline the module preload polyfill or small assets as data: scripts.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    // `npx vite web` during development talks to a local API server.
    proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true } },
  },
}));
