// Astro config for the Helpway knowledge-base site: fully static output in kb-site/dist/.
import { defineConfig } from 'astro/config';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

// The content tree is read at build time by content/src/load.ts. Pages are bundled, so its
// location is fixed here (HELPWAY_CONTENT_DIR points a preview at another tree).
const contentDir = process.env.HELPWAY_CONTENT_DIR
  ? path.resolve(process.env.HELPWAY_CONTENT_DIR)
  : fileURLToPath(new URL('../content', import.meta.url));

// The public origin, when known at build time: hreflang alternates and the sitemap use it.
const site = process.env.HELPWAY_PUBLIC_ORIGIN?.trim() || undefined;

export default defineConfig({
  output: 'static',
  site,
  trailingSlash: 'ignore',
  build: { format: 'directory', inlineStylesheets: 'always' },
  // Each page gets a <meta> CSP listing the hashes of its inline scripts and styles; the server's
  // header CSP (api/src/http/security-headers.ts) adds framing and the rest.
  security: { csp: true },
  // No dev toolbar, no telemetry-only extras in the output.
  devToolbar: { enabled: false },
  vite: {
    define: { __HELPWAY_CONTENT_DIR__: JSON.stringify(contentDir) },
  },
});
