/**
 * The client portal's pages: the Lit app built from ui/ (beside this file) by `npm run build:portal`,
 * at /portal/ and every path under it (the app routes itself: /portal/sign-in, /portal/tickets/HW-1…).
 */
import path from 'node:path';
import type { Hono } from 'hono';
import { ROOT_DIR } from '../config.ts';
import type { AppEnv } from '../http/env.ts';
import { appShell } from '../http/app-shell.ts';

export const PORTAL_DIST = path.join(ROOT_DIR, 'api', 'src', 'portal', 'ui', 'dist');

export function mountPortalUi(app: Hono<AppEnv>): void {
  app.get('/portal', (c) => c.redirect('/portal/', 301));
  app.get('/portal/*', appShell(PORTAL_DIST, '/portal', 'build:portal'));
}
