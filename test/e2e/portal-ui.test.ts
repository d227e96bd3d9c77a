/**
 * The client portal in Chromium against the real server and database (SQLite and, with
 * TEST_DATABASE_URL, PostgreSQL), with a real SMTP peer taking the outbox's mail: sign-in by the
 * mailed link (nothing signs in before "Sign in" is pressed; a used link says so and offers a new
 * one), a key contact's and a member's views, keyboard reordering stored by the API, another
 * site's ticket "not found", billable work approved by a key contact and seen by the agents, the
 * new-ticket form, the budget, SLA, contacts and sessions pages, French and German labels. Every
 * page is axe clean. Nothing of /api/portal is stubbed.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser } from '../support/browser.ts';
import type { TestServer } from '../support/api-server.ts';
import { forEachStore, uploadIds } from '../api/helpers.ts';
import { eventually, fileTicket, signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import { SmtpPeer } from '../mail/smtp-peer.ts';
import { portalSession, type PortalSession } from '../portal/support.ts';
import { identityHash } from '../../api/src/sites/identity.ts';
import { PORTAL_COOKIE } from '../../api/src/portal/auth.ts';
import { PORTAL_DIST } from '../../api/src/portal/ui-mount.ts';

let browser: Browser;
before(async () => {
  if (!existsSync(`${PORTAL_DIST}/index.html`)) throw new Error('api/src/portal/ui/dist is missing: run npm run build:portal first');
  browser = await launchBrowser();
});
after(() => browser?.close());

const violations = (page: Page) =>
  new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));

const SIGN_IN_LINK = /(http:\/\/127\.0\.0\.1:\d+\/portal\/sign-in#token=[A-Za-z0-9_-]+)/;
const REQUEST = { type: 'request', severity: 'S3', fields: { desiredChange: 'Add the H5P plugin to every course' } };

forEachStore('The client portal in Chromium, on the real API', (target) => {
  const smtp = new SmtpPeer();
  let server: TestServer;
  let admin: AgentSession;
  let secret: string;
  let key: PortalSession;
  let member: PortalSession;
  let otherKey: PortalSession;
  const contexts: BrowserContext[] = [];

  before(async () => {
    await smtp.start();
    server = await target.start(withAdmin({ env: { SMTP_URL: smtp.url, HELPWAY_OUTBOX_POLL_MS: '50', HELPWAY_OUTBOX_BACKOFF_MS: '100' } }));
    admin = await signIn(server.url);
    secret = (await admin.get('/api/admin/sites')).body.sites.find((s: any) => s.key === 'demo').identitySecret;
    for (const [siteKey, name, budgetHours] of [
      ['eastfield', 'Eastfield College', 0],
      ['lowfield', 'Lowfield School', 10],
    ] as const) {
      const site = await admin.post('/api/admin/sites', { key: siteKey, name, plan: 'standard', origins: [], budgetHours });
      assert.equal(site.status, 201, site.text);
    }
    key = await portalSession(server, { site: 'demo', email: 'kim.key@college.example', name: 'Kim Key', role: 'key' });
    member = await portalSession(server, { site: 'demo', email: 'mia.member@college.example', name: 'Mia Member', role: 'member' });
    otherKey = await portalSession(server, { site: 'eastfield', email: 'olga@eastfield.example', name: 'Olga East', role: 'key' });
  });
  after(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await server?.stop();
    await smtp.stop();
  });

  /** A browser context, signed in as `who` (by their session cookie) or signed out. */
  async function portalPage(who: PortalSession | null, locale = 'en-GB') {
    const context = await browser.newContext({ locale });
    contexts.push(context);
    if (who) await context.addCookies([{ name: PORTAL_COOKIE, value: who.cookie.split('=')[1], url: server.url }]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    return { context, page, errors };
  }
  const me = (context: BrowserContext) => context.request.get(`${server.url}/api/portal/me`);
  const ticketRow = (page: Page, reference: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: reference }) });

  it('signs in by the mailed link only when "Sign in" is pressed; the used link says so and offers a new one', async (t) => {
    const added = await admin.post('/api/admin/sites/demo/contacts', {
      email: 'sam.signin@college.example',
      name: 'Sam Signin',
      role: 'member',
    });
    assert.equal(added.status, 201, added.text);
    const { context, page, errors } = await portalPage(null);
    const res = await page.goto(`${server.url}/portal/sign-in`);
    assert.match(res!.headers()['content-security-policy'], /default-src 'self'/);
    await page.getByLabel('Email').fill('sam.signin@college.example');
    const asked = Date.now();
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/portal/sign-in')),
      page.getByRole('button', { name: 'Send me a sign-in link' }).click(),
    ]);
    const answered = Date.now();
    assert.equal(answer.status(), 202);
    const queued = await server.running.store.db
      .selectFrom('outbox')
      .select(['created_at', 'sent_at'])
      .where('kind', '=', 'portal_sign_in')
      .where('to_address', '=', 'sam.signin@college.example')
      .execute();
    assert.equal(queued.length, 1, 'the mail is in the outbox when the request is answered');
    await page.getByRole('status').filter({ hasText: 'a sign-in link is on its way' }).waitFor();
    assert.deepEqual(await violations(page), []);

    const mail = await eventually(
      async () => smtp.received.find((m) => m.to.includes('sam.signin@college.example')),
      10_000,
      'the sign-in mail',
    );
    const delivered = Date.now();
    const link = SIGN_IN_LINK.exec(mail.text)?.[1] ?? '';
    assert.ok(link.startsWith(`${server.url}/portal/sign-in#token=`), mail.text);
    t.diagnostic(
      `sign-in request → mail in the outbox: ${Date.parse(queued[0].created_at) - asked} ms (202 after ${answered - asked} ms); → at the SMTP peer: ${delivered - asked} ms`,
    );

    const linkPage = await context.newPage();
    linkPage.on('pageerror', (e) => errors.push(e.message));
    await linkPage.goto(link);
    const signInButton = linkPage.getByRole('button', { name: 'Sign in', exact: true });
    await signInButton.waitFor();
    await linkPage.waitForLoadState('networkidle');
    assert.equal((await me(context)).status(), 401, 'opening the link signs no one in');
    assert.deepEqual(await violations(linkPage), []);
    await signInButton.click();
    await linkPage.getByRole('heading', { name: 'Tickets' }).waitFor();
    assert.equal(new URL(linkPage.url()).pathname, '/portal/');
    assert.equal(new URL(linkPage.url()).hash, '', 'the used token leaves the address bar');
    assert.equal(await linkPage.getByRole('link', { name: 'Tickets', exact: true }).getAttribute('aria-current'), 'page');
    const signedIn = await me(context);
    assert.equal(signedIn.status(), 200);
    assert.equal((await signedIn.json()).contact.email, 'sam.signin@college.example');

    const again = await portalPage(null);
    await again.page.goto(link);
    await again.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await again.page.getByRole('alert').filter({ hasText: 'expired or has already been used' }).waitFor();
    assert.equal((await me(again.context)).status(), 401);
    assert.deepEqual(await violations(again.page), []);
    await again.page.getByRole('button', { name: 'Send me a new link' }).click();
    await again.page.getByRole('button', { name: 'Send me a sign-in link' }).waitFor();
    assert.deepEqual([...errors, ...again.errors], []);
  });

  it('a key contact sees all of the site’s tickets and the key pages, and reorders by keyboard; a member sees their own', async () => {
    const mine = await fileTicket(server.url, {
      subject: 'Mia’s widget ticket',
      requester: { name: 'Mia Member', email: member.contact.email, hash: identityHash(secret, member.contact.email) },
    });
    const keys = await key.post('/api/portal/tickets', {
      type: 'query',
      severity: 'S3',
      subject: 'Kim’s portal ticket',
      description: 'Where do we change the course completion settings?',
    });
    assert.equal(keys.status, 201, keys.text);
    const stranger = await fileTicket(server.url, { subject: 'A stranger’s ticket' });

    const k = await portalPage(key);
    await k.page.goto(`${server.url}/portal/`);
    for (const ref of [mine.reference, keys.body.reference, stranger.reference]) await ticketRow(k.page, ref).waitFor();
    for (const name of ['Budget', 'SLA', 'Contacts']) assert.equal(await k.page.getByRole('link', { name, exact: true }).count(), 1, name);
    assert.match(await ticketRow(k.page, keys.body.reference).innerText(), /Kim Key \(You\)/);
    assert.deepEqual(await violations(k.page), []);

    // The open tickets as shown (newest first); moving Mia's up twice by keyboard stores that order.
    const shown = await k.page
      .getByRole('button', { name: /^Move HW-\d+ up$/ })
      .evaluateAll((bs) => bs.map((b) => b.getAttribute('data-ref')!));
    const at = shown.indexOf(mine.reference);
    assert.ok(at >= 2, `Mia’s ticket is at least third: ${shown}`);
    await k.page.getByRole('button', { name: `Move ${mine.reference} up` }).focus();
    await k.page.keyboard.press('Enter');
    await k.page.getByRole('status').filter({ hasText: 'Priorities saved.' }).waitFor();
    const focused = () =>
      k.page.evaluate(() =>
        (
          document.querySelector('helpway-portal')!.shadowRoot!.querySelector('portal-tickets')!.shadowRoot!
            .activeElement as HTMLElement | null
        )?.getAttribute('aria-label'),
      );
    assert.equal(await focused(), `Move ${mine.reference} up`, 'focus follows the moved ticket');
    await k.page.keyboard.press('Enter');
    const expected = [...shown];
    expected.splice(at, 1);
    expected.splice(at - 2, 0, mine.reference);
    await eventually(
      async () => {
        const stored = (await key.get('/api/portal/priorities')).body.tickets as Array<{ reference: string; priority: number | null }>;
        return JSON.stringify(stored.map((s) => s.reference)) === JSON.stringify(expected) && stored.every((s, i) => s.priority === i + 1);
      },
      5_000,
      `the stored order ${expected}`,
    );
    await k.page.reload();
    assert.match(await ticketRow(k.page, mine.reference).getByRole('cell').first().innerText(), new RegExp(`^${at - 1}\\b`));

    const m = await portalPage(member);
    await m.page.goto(`${server.url}/portal/`);
    await ticketRow(m.page, mine.reference).waitFor();
    assert.equal(await m.page.getByRole('link', { name: keys.body.reference }).count(), 0);
    assert.equal(await m.page.getByRole('link', { name: stranger.reference }).count(), 0);
    for (const name of ['Budget', 'SLA', 'Contacts']) assert.equal(await m.page.getByRole('link', { name, exact: true }).count(), 0, name);
    assert.equal(await m.page.getByRole('button', { name: /^Move / }).count(), 0);
    assert.deepEqual(await violations(m.page), []);
    // A key page's address shows a member the tickets; the API refuses them.
    await m.page.goto(`${server.url}/portal/budget`);
    await m.page.getByRole('heading', { name: 'Tickets' }).waitFor();
    assert.equal((await member.get('/api/portal/budget')).status, 403);
    // Another's ticket of the same site is as absent as any.
    await m.page.goto(`${server.url}/portal/tickets/${keys.body.reference}`);
    await m.page.getByRole('heading', { name: 'Not found' }).waitFor();
    assert.deepEqual([...k.errors, ...m.errors], []);
  });

  it('a contact of another site opening this site’s ticket sees "Not found", and the API answers 404', async () => {
    const theirs = await fileTicket(server.url, { subject: 'Demo only' });
    const o = await portalPage(otherKey);
    await o.page.goto(`${server.url}/portal/tickets/${theirs.reference}`);
    await o.page.getByRole('heading', { name: 'Not found' }).waitFor();
    assert.equal(await o.page.getByText('Demo only').count(), 0);
    assert.deepEqual(await violations(o.page), []);
    assert.equal((await otherKey.get(`/api/portal/tickets/${theirs.reference}`)).status, 404);
    await o.page.goto(`${server.url}/portal/`);
    await o.page.getByRole('heading', { name: 'Tickets' }).waitFor();
    await o.page.getByText('No tickets.').waitFor();
    assert.deepEqual(o.errors, []);
  });

  it('billable work while the budget is low waits; a key contact approves it in the portal; the agents see it approved', async () => {
    const lowKey = await portalSession(server, { site: 'lowfield', email: 'lee.key@lowfield.example', name: 'Lee Key', role: 'key' });
    const lowMember = await portalSession(server, { site: 'lowfield', email: 'max@lowfield.example', name: 'Max Member', role: 'member' });
    const earlier = await fileTicket(server.url, { site: 'lowfield', subject: 'Earlier work' });
    // 10 hours bought, 9 used: 1 hour left, below the 20% line (2 hours).
    const logged = await admin.post(`/api/inbox/tickets/${earlier.reference}/time`, { minutes: 540, rate: 'standard' });
    assert.equal(logged.status, 201, logged.text);
    const filed = await lowMember.post('/api/portal/tickets', {
      ...REQUEST,
      subject: 'Install H5P',
      description: 'We would like interactive videos in our courses.',
    });
    assert.equal(filed.status, 201, filed.text);
    const ref = filed.body.reference as string;

    const m = await portalPage(lowMember);
    await m.page.goto(`${server.url}/portal/`);
    await ticketRow(m.page, ref).getByText('Approval needed').waitFor();
    await m.page.getByRole('link', { name: ref }).click();
    await m.page.getByText('Approval: waiting.').waitFor();
    assert.equal(await m.page.getByRole('button', { name: 'Approve' }).count(), 0, 'a member does not approve');

    const k = await portalPage(lowKey);
    await k.page.goto(`${server.url}/portal/tickets/${ref}?decision=approve`);
    await k.page.getByRole('heading', { name: `${ref}: Install H5P` }).waitFor();
    assert.deepEqual(await violations(k.page), []);
    await k.page.getByLabel('Note (optional)').fill('Go ahead');
    await k.page.getByRole('button', { name: 'Approve' }).click();
    await k.page.getByRole('status').filter({ hasText: 'Approval: approved.' }).waitFor();
    assert.equal(await k.page.getByRole('button', { name: 'Approve' }).count(), 0, 'nothing left to decide');

    const seen = await admin.get(`/api/inbox/tickets/${ref}`);
    assert.equal(seen.status, 200, seen.text);
    assert.equal(seen.body.approval.state, 'approved');
    assert.equal(seen.body.approval.by, 'lee.key@lowfield.example');
    assert.ok(seen.body.history.some((h: any) => h.note === 'Approved by Lee Key (lee.key@lowfield.example): Go ahead'));
    assert.deepEqual([...m.errors, ...k.errors], []);
  });

  it('files a new ticket from the form (a missing field shows its error) and shows a ticket’s own files', async () => {
    const { page, errors } = await portalPage(member);
    await page.goto(`${server.url}/portal/new`);
    await page.getByRole('radio', { name: 'Query' }).check();
    await page.getByRole('radio', { name: 'Medium' }).check();
    await page.getByLabel('Subject').fill('Quiz grades look wrong');
    assert.deepEqual(await violations(page), []);
    await page.getByRole('button', { name: 'Create the ticket' }).click();
    const description = page.getByLabel('Description');
    await page.locator('#description-error').waitFor();
    assert.equal(await description.getAttribute('aria-invalid'), 'true');
    assert.ok(await page.locator('#description-error').isVisible());
    assert.deepEqual(await violations(page), []);
    await description.fill('The quiz in Biology 2 shows 0 for every learner since Monday.');
    await page.getByRole('button', { name: 'Create the ticket' }).click();
    const heading = page.getByRole('heading', { name: /^HW-\d+: Quiz grades look wrong$/ });
    await heading.waitFor();
    const ref = /^(HW-\d+)/.exec(await heading.innerText())![1];
    const stored = await member.get(`/api/portal/tickets/${ref}`);
    assert.equal(stored.status, 200, stored.text);
    assert.equal(stored.body.ticket.mine, true);
    assert.equal(stored.body.ticket.severity, 'S3');
    await page.getByRole('link', { name: 'Tickets', exact: true }).first().click();
    await ticketRow(page, ref).getByText('Quiz grades look wrong').waitFor();

    // Files filed with the ticket are on the ticket, not on a message: the page lists them too.
    const [id] = await uploadIds(server.url, [['error-log.txt', 'Fatal error: grade item missing']]);
    const withFile = await member.post('/api/portal/tickets', {
      type: 'query',
      severity: 'S4',
      subject: 'With a log',
      description: 'The log is attached.',
      attachments: [id],
    });
    assert.equal(withFile.status, 201, withFile.text);
    await page.goto(`${server.url}/portal/tickets/${withFile.body.reference}`);
    const file = page.getByRole('link', { name: 'error-log.txt' });
    await file.waitFor();
    const download = await page.context().request.get(new URL((await file.getAttribute('href'))!, server.url).href);
    assert.equal(download.status(), 200);
    assert.equal(await download.text(), 'Fatal error: grade item missing');
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
  });

  it('the budget, SLA, contacts and sessions pages show the real API’s answers; a session is revoked', async () => {
    const worked = await fileTicket(server.url, { subject: 'Logged work' });
    const logged = await admin.post(`/api/inbox/tickets/${worked.reference}/time`, { minutes: 90, rate: 'standard' });
    assert.equal(logged.status, 201, logged.text);
    const { page, errors } = await portalPage(key);

    await page.goto(`${server.url}/portal/budget`);
    const budget = (await key.get('/api/portal/budget')).body;
    assert.equal(budget.used.hours, 1.5, 'the 90 minutes just logged');
    await page.getByRole('table', { name: `Budget ${budget.month}` }).waitFor();
    const figures = await page.locator('portal-budget').locator('dd').allInnerTexts();
    assert.deepEqual(figures, [String(budget.hoursBought), '1.5', String(budget.hoursBought - 1.5)]);
    assert.equal(budget.remainingHours, budget.hoursBought - 1.5);
    assert.deepEqual(await violations(page), []);

    await page.getByRole('link', { name: 'SLA', exact: true }).click();
    const sla = (await key.get('/api/portal/sla')).body;
    const now = new Date();
    assert.equal(sla.quarter, `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`);
    const table = page.getByRole('table', { name: `Targets met this quarter (${sla.quarter})` });
    await table.waitFor();
    assert.deepEqual(await table.locator('tbody tr').allInnerTexts(), [
      `First response\t${sla.firstResponse.met}\t${sla.firstResponse.missed}`,
      `Resolution\t${sla.resolution.met}\t${sla.resolution.missed}`,
    ]);
    assert.deepEqual(await violations(page), []);

    await page.getByRole('link', { name: 'Contacts', exact: true }).click();
    await page.getByRole('cell', { name: 'mia.member@college.example' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Remove Kim Key' }).count(), 0, 'nobody removes themselves');
    await page.getByLabel('Name').fill('Nia New');
    await page.getByLabel('Email').fill('nia.new@college.example');
    await page.getByRole('button', { name: 'Invite' }).click();
    await page.getByRole('status').filter({ hasText: 'nia.new@college.example is invited' }).waitFor();
    await page.getByRole('cell', { name: 'nia.new@college.example' }).waitFor();
    const contacts = (await key.get('/api/portal/contacts')).body.contacts as Array<{ email: string; role: string }>;
    assert.equal(contacts.find((c) => c.email === 'nia.new@college.example')?.role, 'member');
    await eventually(
      async () => smtp.received.find((m) => m.to.includes('nia.new@college.example') && SIGN_IN_LINK.test(m.text)),
      10_000,
      'the invitation',
    );
    assert.deepEqual(await violations(page), []);

    // A second session of Kim's, on another device ("test", support.ts's user agent): listed, then ended from here.
    const elsewhere = await portalSession(server, { site: 'demo', email: 'kim.key@college.example', name: 'Kim Key', role: 'key' });
    assert.equal((await elsewhere.get('/api/portal/me')).status, 200);
    await page.getByRole('link', { name: 'Sessions', exact: true }).click();
    const rows = page.locator('portal-sessions').locator('tbody tr');
    await page.getByRole('cell', { name: 'This device' }).waitFor();
    assert.deepEqual((await rows.locator('td:first-child').allInnerTexts()).sort(), ['This device', 'test'].sort());
    assert.equal(await page.getByRole('button', { name: 'Sign out This device' }).count(), 0, 'this session is ended by signing out');
    assert.deepEqual(await violations(page), []);
    await page.getByRole('button', { name: 'Sign out test' }).click();
    await page.getByRole('status').filter({ hasText: 'The session is ended.' }).waitFor();
    assert.deepEqual(await rows.locator('td:first-child').allInnerTexts(), ['This device']);
    assert.equal((await elsewhere.get('/api/portal/me')).status, 401, 'the other device is signed out');
    assert.equal((await me(page.context())).status(), 200, 'this one is not');
    assert.deepEqual(
      (await key.get('/api/portal/sessions')).body.sessions.map((s: any) => s.current),
      [true],
    );
    assert.deepEqual(errors, []);
  });

  it('French from the browser, German from the picker', async () => {
    const { page, errors } = await portalPage(null, 'fr-FR');
    await page.goto(`${server.url}/portal/sign-in`);
    await page.getByRole('button', { name: 'Envoyez-moi un lien de connexion' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
    await page.getByLabel('Langue').selectOption('de');
    await page.getByRole('button', { name: 'Anmeldelink senden' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
    assert.deepEqual(await violations(page), []);
    const signedIn = await portalPage(key, 'de-DE');
    await signedIn.page.goto(`${server.url}/portal/`);
    await signedIn.page.getByRole('link', { name: 'Neues Ticket' }).waitFor();
    assert.deepEqual(await violations(signedIn.page), []);
    assert.deepEqual([...errors, ...signedIn.errors], []);
  });
});
