/**
 * Shared set-up for the widget's browser tests: the real Helpway server (API + KB site + built
 * widget), a second "host LMS" origin, and collectors for console errors and CSP violations.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startServer, type TestServer, type StartServerOptions } from '../support/api-server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WIDGET_DIST = path.join(ROOT, 'widget', 'dist');

/** The real server with rate limits off (tests file many tickets from one IP). */
export async function startHelpwayForWidget(options: StartServerOptions = {}): Promise<TestServer> {
  for (const file of ['widget/dist/widget.js', 'kb-site/dist/search-index.json']) {
    if (!existsSync(path.join(ROOT, file))) throw new Error(`${file} is missing: run npm run build first`);
  }
  return startServer({ ...options, env: { HELPWAY_RATE_LIMITS: 'off', ...options.env } });
}

export interface HostPage {
  body: string;
  headers?: Record<string, string>;
}

export interface HostServer {
  url: string;
  close(): Promise<void>;
}

/** A second origin serving fixed pages, like an LMS embedding the widget. */
export async function startHostServer(pages: Record<string, HostPage>): Promise<HostServer> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const page = pages[new URL(req.url ?? '/', 'http://x').pathname];
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...page.headers });
    res.end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // "localhost" rather than 127.0.0.1: a different origin from the Helpway server for sure.
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Problems {
  console: string[];
  pageErrors: string[];
  csp(): Promise<string[]>;
}

/** Records console errors, uncaught exceptions and CSP violations (from the page's own event). */
export async function watchProblems(page: Page): Promise<Problems> {
  const problems = { console: [] as string[], pageErrors: [] as string[] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.console.push(msg.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(String(error)));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.console.push(`HTTP ${res.status()} ${res.request().method()} ${res.url()}`);
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return {
    ...problems,
    csp: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations ?? []),
  };
}

/** axe on the whole page (the widget's shadow DOM included); returns readable violations. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

export async function newContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', ...options });
}

/** Tickets filed by this browser, read back from the API with the tokens the widget kept. */
export async function ticketsKeptByWidget(
  page: Page,
  apiUrl: string,
  site = 'demo',
): Promise<Array<{ reference: string; subject: string }>> {
  const stored = await page.evaluate((key) => localStorage.getItem(key), `helpway:${site}:tickets`);
  const tokens = (JSON.parse(stored || '[]') as Array<{ token: string }>).map((t) => t.token);
  if (!tokens.length) return [];
  const res = await fetch(`${apiUrl}/api/tickets/mine`, { headers: { 'x-ticket-tokens': tokens.join(',') } });
  return ((await res.json()) as { tickets: Array<{ reference: string; subject: string }> }).tickets;
}
