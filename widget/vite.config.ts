/**
 * Builds the embeddable widget: `widget/dist/widget.js` (the entry: launcher only) plus lazily
 * loaded chunks under `widget/dist/chunks/`, as ES modules (never UMD: an AMD `define` on the host
 * page must not capture it). Also copies the demo LMS pages to `widget/dist/demo/`.
 */
import { defineConfig, type Plugin } from 'vite';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(root, 'dist');

/** Demo pages: copied as they are, plus one copy of the SPA shell per route so a reload works. */
function demoPages(): Plugin {
  // Wherever this build writes (`--outDir` builds elsewhere, e.g. the budgets test's own build).
  let out = outDir;
  return {
    name: 'helpway-demo-pages',
    apply: 'build',
    configResolved(config) {
      out = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const from = path.join(root, 'demo');
      const to = path.join(out, 'demo');
      cpSync(from, to, { recursive: true });
      const shell = readFileSync(path.join(from, 'index.html'), 'utf8');
      for (const route of ['admin/tool/uploaduser', 'admin/tool/oauth2']) {
        mkdirSync(path.join(to, route), { recursive: true });
        writeFileSync(path.join(to, route, 'index.html'), shell);
      }
    },
  };
}

/**
 * Lit templates and css`` blocks keep their source indentation after minification. In minified
 * output a raw newline can only sit inside a template literal, where a run of whitespace means the
 * same as one newline (HTML and CSS collapse it; none of our templates use <pre>), so drop the
 * indentation. The `@__PURE__` annotations go too.
 */
function collapseTemplateWhitespace(): Plugin {
  return {
    name: 'helpway-collapse-template-whitespace',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const item of Object.values(bundle)) {
        // Tree-shaking annotations have done their job once the bundle is built.
        if (item.type === 'chunk')
          item.code = item.code
            .replace(/\n[ \t]+/g, '\n')
            .replace(/\n{2,}/g, '\n')
            .replaceAll('/* @__PURE__ */ ', '');
      }
    },
  };
}

/**
 * Minifies the CSS inside css`…` blocks of the widget's own style modules (they have no
 * interpolations): comments, indentation and the spaces around punctuation go. A space before
 * `:` is kept (`.a :focus` is a descendant selector).
 */
function minifyCssTemplates(): Plugin {
  return {
    name: 'helpway-minify-css-templates',
    apply: 'build',
    transform(code, id) {
      if (!/widget\/src\/.*styles\.ts$/.test(id)) return null;
      return code.replace(/css`([^`$]*)`/g, (_m, text: string) => {
        const min = text
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/:\s+/g, ':')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${min}\``;
      });
    },
  };
}

export default defineConfig({
  root,
  publicDir: false,
  logLevel: 'warn',
  resolve: {
    // The engine only uses plain fuzzy matching: Fuse's basic build (no extended or logical
    // query syntax) behaves the same for it and weighs ~2 KB gzipped less.
    alias: [{ find: /^fuse\.js$/, replacement: 'fuse.js/basic' }],
  },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    minify: process.env.HW_NO_MINIFY ? false : true,
    sourcemap: false,
    modulePreload: false,
    reportCompressedSize: false,
    lib: {
      entry: path.join(root, 'src/entry.ts'),
      formats: ['es'],
      fileName: () => 'widget.js',
    },
    rollupOptions: {
      output: {
        chunkFileNames: 'chunks/[name]-[hash].js',
        // One chunk for everything a session loads on first interaction (Lit, the search engine,
        // the panel and its contact form): one gzip stream is smaller than several, and code the
        // lazy chunks share (lit-html, the base element) stays in it rather than in a chunk of its own.
        // Lazy: the live chat, "My recent tickets", reading attachments, the status banner, each language's texts
        // (English too: a French or German session does not download them), and the search's reading of French
        // and German questions (content/search/engine/lang-*.ts, loaded by a widget that speaks one).
        codeSplitting: {
          groups: [
            {
              name: 'panel',
              test: (id: string) =>
                /node_modules\/(lit|lit-html|lit-element|@lit\/reactive-element|fuse\.js)\//.test(id) ||
                (/widget\/src\/panel\/|content\/search\/engine\//.test(id) &&
                  !/(panel\/chat\/|recent-tickets|attachments|status-(banner|words)|locales\/|engine\/lang-)/.test(id)),
            },
          ],
        },
        // Library mode keeps ES output readable by default; the widget ships minified.
        minify: !process.env.HW_NO_MINIFY,
      },
    },
  },
  plugins: [minifyCssTemplates(), collapseTemplateWhitespace(), demoPages()],
});
