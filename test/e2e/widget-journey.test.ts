/**
 * The widget's main journey on the demo LMS page, through the real server:
 * nothing loads before interaction → open → suggestions for the page → search → inline article
 * → "Was this helpful?" → Contact support → guided form → Send → confirmation with the reference,
 * with axe in each state; then single-page navigation changes the suggestions.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import type { TestServer } from '../support/api-server.ts';
import { eventually } from '../inbox/support.ts';
import { axeViolations, newContext, startHelpwayForWidget, ticketsKeptByWidget, watchProblems } from './widget-support.ts';

let browser: Browser;
let server: TestServer;

before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startHelpwayForWidget()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `axe violations in state "${state}"`);
}

describe('widget journey on the demo LMS page', () => {
  test('suggest, search, read, escalate, confirm', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const problems = await watchProblems(page);
    const requested: string[] = [];
    page.on('request', (req) => requested.push(new URL(req.url()).pathname));
    const events: string[] = [];
    await page.exposeFunction('__recordWidgetEvent', (name: string) => events.push(name));
    await page.addInitScript(() => {
      for (const name of ['helpway-open', 'helpway-close', 'helpway-article-view', 'helpway-ticket-created']) {
        document.addEventListener(name, () => (window as unknown as { __recordWidgetEvent(n: string): void }).__recordWidgetEvent(name));
      }
    });

    await page.goto(`${server.url}/demo/`);
    await page.waitForURL(/\/demo\/admin\/tool\/uploaduser\/$/);
    const launcher = page.getByRole('button', { name: 'Help', exact: true });
    await launcher.waitFor();
    await page.waitForLoadState('networkidle');
    // Before interaction: the entry module only — no panel chunk, no index, no API call.
    const beforeUse = requested.filter((p) => !p.startsWith('/demo/'));
    assert.deepEqual(beforeUse, ['/widget.js'], `only widget.js may load before interaction, got ${beforeUse.join(', ')}`);
    await expectNoAxeViolations(page, 'launcher');

    await launcher.click();
    const dialog = page.getByRole('dialog', { name: 'Help' });
    await dialog.waitFor();
    assert.ok(
      requested.some((p) => p.startsWith('/chunks/')),
      'the panel chunk loads on interaction',
    );
    // Suggestions for the "Upload users" page.
    const suggestions = dialog.getByRole('list').first();
    await suggestions.getByRole('button', { name: /bulk upload users/i }).waitFor();
    assert.ok(requested.includes('/search-index.json'), 'the index is fetched after interaction');
    await expectNoAxeViolations(page, 'suggestions');

    // Search as you type, with highlighted titles and an announced count.
    const box = dialog.getByRole('searchbox', { name: 'Search help articles' });
    await box.fill('microsoft sso login');
    const result = dialog.getByRole('button', { name: /microsoft single sign-on/i });
    await result.waitFor();
    assert.ok((await dialog.locator('mark').count()) > 0, 'matches are highlighted');
    await dialog
      .getByRole('status')
      .filter({ hasText: /\d+ articles? found/ })
      .waitFor();
    await expectNoAxeViolations(page, 'search results');

    // The article inside the widget.
    await result.click();
    await dialog.getByRole('heading', { name: /microsoft single sign-on/i }).waitFor();
    const kbLink = dialog.getByRole('link', { name: 'Open in the knowledge base' });
    assert.equal(await kbLink.getAttribute('target'), '_blank');
    assert.match((await kbLink.getAttribute('href')) ?? '', /\/articles\/microsoft-sso\/?$/);
    const bodyLinks = dialog.locator('.article-body a');
    for (let i = 0; i < (await bodyLinks.count()); i++) assert.equal(await bodyLinks.nth(i).getAttribute('target'), '_blank');
    assert.equal(await dialog.locator('.article-body script, .article-body [onclick], .article-body style').count(), 0);
    await expectNoAxeViolations(page, 'article');
    await dialog.getByRole('button', { name: 'Yes', exact: true }).click();
    await dialog.getByText('Thank you for your feedback.').waitFor();

    // Escalate.
    await dialog.getByRole('button', { name: 'Contact support' }).click();
    const form = page.getByRole('dialog', { name: 'Contact support' });
    await form.getByRole('radio', { name: /^Query/ }).waitFor();
    // Severity choices show the due time the API computed.
    await form
      .getByText(/We'll reply by|We will reply by|reply/i)
      .first()
      .waitFor();
    await expectNoAxeViolations(page, 'contact form');
    await form.getByRole('radio', { name: /^Query/ }).check();
    await form.getByRole('radio', { name: /^S3/ }).check();
    await form.getByLabel('Subject').fill('Microsoft login button missing after SSO setup');
    // Matching articles are offered again while typing the subject.
    await form.getByRole('region', { name: /These articles may answer it/ }).waitFor();
    await form.getByLabel('Description').fill('We followed the Microsoft SSO article but the login page shows no Microsoft button.');
    await form.getByLabel('Your name').fill('Alex Admin');
    await form.getByLabel('Your email').fill('alex@riverside.example');
    await form.getByText('We will include this page:').waitFor();
    await form.getByRole('button', { name: 'Send' }).click();

    const sent = page.getByRole('dialog', { name: 'Message received' });
    const reference = sent.getByRole('heading', { name: /HW-\d+/ });
    await reference.waitFor();
    const ref = /HW-\d+/.exec((await reference.textContent()) ?? '')?.[0];
    await sent.getByText(/reply by/i).waitFor();
    await expectNoAxeViolations(page, 'confirmation');

    // The ticket exists in the API, with the page context and the journey.
    const mine = await ticketsKeptByWidget(page, server.url);
    assert.equal(mine.length, 1);
    assert.equal(mine[0].reference, ref);
    assert.equal(mine[0].subject, 'Microsoft login button missing after SSO setup');
    const row = await server.running.store.db.selectFrom('tickets').selectAll().executeTakeFirstOrThrow();
    const ctx = JSON.parse(row.context) as { url: string };
    assert.match(ctx.url, /\/demo\/admin\/tool\/uploaduser\/$/);
    const journey = JSON.parse(row.journey) as { searches: string[]; articlesRead: string[] };
    assert.ok(journey.articlesRead.includes('microsoft-sso'), `journey: ${row.journey}`);

    // One anonymous session id, kept for the tab, on every event, search and the ticket.
    const session = await page.evaluate(() => sessionStorage.getItem('helpway:session'));
    assert.match(session ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(row.widget_session, session);
    const { db } = server.running.store;
    const widgetEvents = await eventually(
      async () => {
        const rows = await db.selectFrom('widget_events').select(['type', 'session_id']).execute();
        return rows.some((r) => r.type === 'ticket_created') && rows;
      },
      5000,
      'the ticket_created event',
    );
    for (const type of ['opened', 'article_read', 'escalation_started', 'ticket_created'])
      assert.ok(
        widgetEvents.some((e) => e.type === type),
        `a ${type} event: ${JSON.stringify(widgetEvents)}`,
      );
    assert.deepEqual([...new Set(widgetEvents.map((e) => e.session_id))], [session]);
    const searches = await db
      .selectFrom('search_events')
      .select(['query', 'session_id', 'clicked_slug', 'read_slug', 'ticket_id'])
      .execute();
    assert.ok(searches.length >= 1, 'the search was reported');
    assert.deepEqual([...new Set(searches.map((s) => s.session_id))], [session]);
    // Reported when typing paused (then the read links to it) or at the click (then it names the article).
    const clicked = searches.find((s) => s.clicked_slug === 'microsoft-sso' || s.read_slug === 'microsoft-sso');
    assert.equal(clicked?.query, 'microsoft sso login', JSON.stringify(searches));
    assert.equal(Number(clicked?.ticket_id), Number(row.id));
    const funnel = await db.selectFrom('widget_sessions').selectAll().where('id', '=', session!).executeTakeFirstOrThrow();
    assert.equal(Number(funnel.ticket_id), Number(row.id));
    assert.equal(funnel.ticket_within_24h, 1);
    assert.match(funnel.page_pattern ?? '', /^\/demo\/admin\/tool\/uploaduser$/);
    assert.ok(funnel.suggested_at && funnel.searched_at && funnel.read_at && funnel.escalated_at, JSON.stringify(funnel));

    // The requester's status page is one link away (new tab, with the ticket's token).
    const follow = sent.getByRole('link', { name: `Follow ${ref} and reply` });
    assert.equal(await follow.getAttribute('target'), '_blank');
    const statusPage = await fetch((await follow.getAttribute('href'))!);
    assert.equal(statusPage.status, 200);
    assert.match(await statusPage.text(), new RegExp(ref!));

    // My recent tickets lists it with its status.
    await sent.getByRole('button', { name: 'My recent tickets' }).click();
    const list = page.getByRole('dialog', { name: 'My recent tickets' });
    await list.getByText(ref!, { exact: true }).waitFor();
    await list
      .getByText(/new|open/i)
      .first()
      .waitFor();
    await expectNoAxeViolations(page, 'my recent tickets');

    // Escape closes and focus returns to the launcher.
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.localName), 'helpway-widget');
    assert.deepEqual(events, ['helpway-open', 'helpway-article-view', 'helpway-ticket-created', 'helpway-close']);

    assert.deepEqual(await problems.csp(), []);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.console, []);
    await context.close();
  });

  test('single-page navigation: suggestions follow the current page', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${server.url}/demo/admin/tool/uploaduser/`);
    await page.getByRole('button', { name: 'Help', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Help' });
    await dialog.getByRole('button', { name: /bulk upload users/i }).waitFor();
    await page.keyboard.press('Escape');

    await page
      .getByRole('navigation', { name: 'Site administration' })
      .getByRole('link', { name: /OAuth 2 services/ })
      .click();
    await page.waitForURL(/\/demo\/admin\/tool\/oauth2\/$/);
    await page.getByRole('heading', { level: 1, name: 'OAuth 2 services' }).waitFor();
    await page.getByRole('button', { name: 'Help', exact: true }).click();
    const first = dialog.getByRole('list').first().getByRole('button').first();
    await first.waitFor();
    assert.match((await first.textContent()) ?? '', /microsoft|sso|sign/i, 'the first suggestion fits the OAuth 2 page');
    await context.close();
  });
});
