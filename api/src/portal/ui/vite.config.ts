/**
 * Builds the client portal (a Lit app: index.html and the browser modules beside this file) to
 * api/src/portal/ui/dist, served by the API at /portal/ (../ui-mount.ts). This config is the one Node
 * file in ui/. No inline scripts or styles: the page runs under a strict CSP.
 */
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  base: '/portal/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    assetsInlineLimit: 0,
  },
});
