/**
 * The client portal in Chromium, axe clean: sign-in (always the same confirmation; the mailed
 * link's page asks for a press of "Sign in"; a used link says so and offers a new one), the key
 * contact's and the member's views, a ticket of another site shown as "not found", French and
 * German labels. The page and its CSP come from the real server; /api/portal answers are
 * stubbed in the browser, to the contract, until the portal API is on this branch.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/api-server.ts';
import { PORTAL_DIST } from '../../api/src/portal/ui-mount.ts';

let browser: Browser;
let server: TestServer;
before(async () => {
  if (!existsSync(`${PORTAL_DIST}/index.html`)) throw new Error('api/src/portal/ui/dist is missing: run npm run build:portal first');
  [browser, server] = await Promise.all([launchBrowser(), startServer()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const violations = (page: Page) =>
  new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));

const contact = (role: 'key' | 'member') => ({
  id: 1,
  email: 'ana@school.example',
  name: 'Ana',
  role,
  site: { key: 'demo', name: 'Demo School' },
});
const ticket = (reference: string, mine: boolean) => ({
  reference,
  subject: `Subject of ${reference}`,
  status: 'open',
  severity: 'S3',
  type: 'question',
  requester: { name: mine ? 'Ana' : 'Ben', email: 'x@school.example' },
  mine,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
  nextDue: { target: 'reply', at: new Date(Date.now() + 20 * 60_000).toISOString() },
  priority: null,
  approval: null,
});

/** A page whose /api/portal answers the contract for `role` (null: signed out); records PUTs and POSTs. */
async function portalPage(role: 'key' | 'member' | null, lang = 'en-GB') {
  const context = await browser.newContext({ locale: lang });
  const page = await context.newPage();
  const sent: Array<[string, string, unknown]> = [];
  await page.route('**/api/portal/**', async (route) => {
    const req = route.request();
    const url = new URL(req.url());
    if (req.method() !== 'GET') sent.push([req.method(), url.pathname, req.postDataJSON()]);
    const json = (status: number, body: unknown) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
    if (url.pathname === '/api/portal/me')
      return role
        ? json(200, { contact: contact(role), csrfToken: 't' })
        : json(401, { error: { code: 'unauthorized', message: 'Sign in' } });
    if (url.pathname === '/api/portal/sign-in') return json(202, { message: 'sent' });
    if (url.pathname === '/api/portal/sign-in/confirm') return json(410, { error: { code: 'link_used', message: 'used' } });
    if (url.pathname === '/api/portal/tickets') {
      const all = [ticket('HW-1', true), ticket('HW-2', false)];
      return json(200, { tickets: role === 'key' ? all : all.filter((t) => t.mine), nextCursor: null });
    }
    if (url.pathname === '/api/portal/priorities') return json(200, {});
    return json(404, { error: { code: 'not_found', message: 'Not found' } });
  });
  return { page, context, sent };
}

test('sign-in: the same confirmation for any address; a link page with a "Sign in" button; a used link offers a new one', async () => {
  const { page, context, sent } = await portalPage(null);
  try {
    const res = await page.goto(`${server.url}/portal/sign-in`);
    assert.match(res!.headers()['content-security-policy'], /default-src 'self'/);
    await page.getByLabel('Email').fill('nobody@nowhere.example');
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    await page.getByRole('status').filter({ hasText: 'a sign-in link is on its way' }).waitFor();
    assert.deepEqual(await violations(page), []);

    await page.goto(`${server.url}/portal/sign-in#token=${'a'.repeat(43)}`);
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    assert.equal(sent.filter(([, p]) => p.endsWith('/confirm')).length, 0, 'opening the link signs no one in');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'expired or has already been used' }).waitFor();
    assert.deepEqual(sent.at(-1), ['POST', '/api/portal/sign-in/confirm', { token: 'a'.repeat(43) }]);
    assert.deepEqual(await violations(page), []);
    await page.getByRole('button', { name: 'Send me a new link' }).click();
    await page.getByRole('button', { name: 'Send me a sign-in link' }).waitFor();
  } finally {
    await context.close();
  }
});

test('a key contact sees the site’s tickets, budget link and reorders with the keyboard', async () => {
  const { page, context, sent } = await portalPage('key');
  try {
    await page.goto(`${server.url}/portal/`);
    const table = page.getByRole('table', { name: 'Tickets' });
    await table.getByRole('link', { name: 'HW-2' }).waitFor();
    await table.getByText('Reply due in 20 minutes').first().waitFor();
    assert.equal(await page.getByRole('link', { name: 'Budget' }).count(), 1);
    assert.deepEqual(await violations(page), []);
    await page.getByRole('button', { name: 'Move HW-2 up' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Priorities saved.' }).waitFor();
    assert.deepEqual(sent.at(-1), ['PUT', '/api/portal/priorities', { references: ['HW-2', 'HW-1'] }]);
  } finally {
    await context.close();
  }
});

test('a member sees only their tickets, no budget; another site’s ticket is "not found"', async () => {
  const { page, context } = await portalPage('member');
  try {
    await page.goto(`${server.url}/portal/`);
    await page.getByRole('link', { name: 'HW-1' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'HW-2' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Budget' }).count(), 0);
    await page.goto(`${server.url}/portal/tickets/HW-999`);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    assert.deepEqual(await violations(page), []);
  } finally {
    await context.close();
  }
});

test('French from the browser, German from the picker', async () => {
  const { page, context } = await portalPage(null, 'fr-FR');
  try {
    await page.goto(`${server.url}/portal/sign-in`);
    await page.getByRole('button', { name: 'Envoyez-moi un lien de connexion' }).waitFor();
    await page.getByLabel('Langue').selectOption('de');
    await page.getByRole('button', { name: 'Anmeldelink senden' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
    assert.deepEqual(await violations(page), []);
  } finally {
    await context.close();
  }
});
