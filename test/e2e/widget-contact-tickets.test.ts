/**
 * The widget knows the contact: on a page whose LMS vouches for the signed-in person (user-email
 * and the site's identity hash), "My recent tickets" lists that contact's tickets from the server
 * though this browser filed none of them — a member their own, a key contact all of the site's —
 * with a link to the client portal; a wrong hash lists nothing of theirs.
 *
 * Fixture: the demo site's contacts Mia (member) and Kim (key); Mia filed two tickets by verified
 * widget identity, Kim one, and a stranger one by email.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import type { TestServer } from '../support/api-server.ts';
import { post, validTicket } from '../api/helpers.ts';
import { axeViolations, newContext, startHelpwayForWidget, startHostServer, type HostServer } from './widget-support.ts';
import { saveContact } from '../../api/src/portal/contacts.ts';
import { identityHash } from '../../api/src/sites/identity.ts';

let browser: Browser;
let server: TestServer;
let host: HostServer;

const MIA = 'mia@riverside.example';
const KIM = 'kim@riverside.example';

before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startHelpwayForWidget()]);
  const db = server.running.store.db;
  const secret = (await db.selectFrom('sites').select('identity_secret').where('key', '=', 'demo').executeTakeFirstOrThrow())
    .identity_secret!;
  const now = new Date();
  await saveContact(db, 'demo', { email: MIA, name: 'Mia Member', role: 'member' }, 'test', now);
  await saveContact(db, 'demo', { email: KIM, name: 'Kim Key', role: 'key' }, 'test', now);
  const file = async (subject: string, email: string, verified: boolean) => {
    const requester = { name: email.split('@')[0], email, ...(verified ? { hash: identityHash(secret, email) } : {}) };
    const res = await post(server.url, '/api/tickets', validTicket({ subject, requester }));
    assert.equal(res.status, 201, res.text);
  };
  await file('Mia: gradebook totals', MIA, true);
  await file('Mia: quiz overrides', MIA, true);
  await file('Kim: site refresh', KIM, true);
  await file('Stranger: login', 'someone@elsewhere.example', false);
  const page = (email: string, hash: string) => ({
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dashboard | LMS</title>
<script type="module" src="${server.url}/widget.js"></script></head><body><main><h1>Dashboard</h1></main>
<helpway-widget site="demo" user-name="Someone" user-email="${email}" user-hash="${hash}"></helpway-widget></body></html>`,
  });
  host = await startHostServer({
    '/mia/': page(MIA, identityHash(secret, MIA)),
    '/kim/': page(KIM, identityHash(secret, KIM)),
    '/forged/': page(MIA, identityHash('not the secret', MIA)),
    '/favicon.ico': { body: '' },
  });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await host?.close();
});

async function myTickets(path: string) {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${host.url}${path}`);
  await page.getByRole('button', { name: 'Help', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Help' });
  await dialog.getByRole('button', { name: 'My recent tickets' }).click();
  const view = page.getByRole('dialog', { name: 'My recent tickets' });
  // The list, or the words for none: not the "Loading…" status shown while the server answers.
  await view.locator('.ticket-list, p.muted:not([role="status"])').first().waitFor();
  const subjects = await view.locator('.ticket-list li').evaluateAll((items) => items.map((li) => li.textContent ?? ''));
  return { context, page, view, subjects };
}

test('a member sees their own tickets from the server, with a link to the portal; axe clean', async () => {
  const { context, page, view, subjects } = await myTickets('/mia/');
  assert.equal(subjects.length, 2, subjects.join(' | '));
  assert.ok(subjects.some((s) => s.includes('Mia: gradebook totals')));
  assert.ok(subjects.some((s) => s.includes('Mia: quiz overrides')));
  const portal = view.getByRole('link', { name: 'All your tickets in the client portal' });
  assert.equal(await portal.getAttribute('href'), `${server.url}/portal`);
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

test("a key contact sees all of the site's tickets", async () => {
  const { context, subjects } = await myTickets('/kim/');
  assert.equal(subjects.length, 4, subjects.join(' | '));
  assert.ok(subjects.some((s) => s.includes('Stranger: login')));
  await context.close();
});

test('a hash the site did not make lists none of the contact’s tickets and no portal link', async () => {
  const { context, view, subjects } = await myTickets('/forged/');
  assert.deepEqual(subjects, []);
  assert.equal(await view.getByRole('link', { name: 'All your tickets in the client portal' }).count(), 0);
  await context.close();
});
