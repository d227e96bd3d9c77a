/**
 * The Vite build of an app served by the app shell (app-shell.ts): the agents' inbox and the
 * client portal, each a Lit app (index.html and browser modules in its ui/ folder) built to ui/dist
 * and served at its base path. No inline scripts or styles: the pages run under a strict CSP.
 */
import { defineConfig, type UserConfig } from 'vite';
import path from 'node:path';

export function appShellBuild(root: string, base: string): UserConfig {
  return defineConfig({
    root,
    base,
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
}
