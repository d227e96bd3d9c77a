/**
 * A Vite-built single-page app served under `base` (the agents' inbox, the client portal): its
 * content-hashed assets are immutable files; any other path under `base` gets the app shell
 * (index.html, revalidated), so the app's own routes survive a reload. Their CSP and framing rules
 * are set for every page in security-headers.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { staticFiles } from './static-files.ts';

export function appShell(dir: string, base: '/inbox' | '/portal', buildScript: string): MiddlewareHandler {
  let serve: MiddlewareHandler | null = null;
  const assets = new RegExp(`^${base}/assets/`);
  return async function appShell(c, next) {
    const index = path.join(dir, 'index.html');
    if (!existsSync(index)) return c.text(`This app is not built yet: run \`npm run ${buildScript}\`.`, 503 as never);
    serve ??= staticFiles(dir, {
      rewrite: (p) => p.slice(base.length) || '/',
      cacheControl: () => 'public, max-age=31536000, immutable',
    });
    if (assets.test(c.req.path)) return serve(c, next);
    c.header('Cache-Control', 'no-cache');
    return c.html(readFileSync(index, 'utf8'));
  };
}
