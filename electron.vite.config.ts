import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { RENDERER_CSP } from './shared/content-security';

/** The renderer's CSP as the page's first meta tag, from its one definition (shared/content-security.ts). */
const contentSecurityPolicy = (): Plugin => ({
  name: 'visprompt-content-security-policy',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: RENDERER_CSP },
      injectTo: 'head-prepend',
    },
  ],
});

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // index: the Electron main process; server: browser mode in plain Node (never imports 'electron');
        // classical-worker: the classical segmenter's OpenCV worker thread (located by its file name).
        input: {
          index: resolve('electron/main.ts'),
          server: resolve('electron/server/cli.ts'),
          'classical-worker': resolve('electron/inference/classical/worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads must be CommonJS.
      rollupOptions: {
        input: { index: resolve('electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react(), contentSecurityPolicy()],
    build: { outDir: resolve('out/renderer'), rollupOptions: { input: resolve('renderer/index.html') } },
  },
});
