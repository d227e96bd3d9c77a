/**
 * The public status pages over HTTP on SQLite and PostgreSQL, from rows inserted into the status
 * tables (test/status/support.ts, hand-computed figures there): incidents with their updates,
 * maintenance, 90 daily uptime figures, hostile text escaped, an unknown site's 404, the Atom
 * feeds, the headers; then the email subscription through the mail outbox: subscribe, confirm,
 * get listed for the incidents' mail, unsubscribe from a later mail's link.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachStore, fixedClock } from '../api/helpers.ts';
import { asDelivered } from '../support/outbox.ts';
import type { TestServer } from '../support/api-server.ts';
import { HOSTILE_BODY, HOSTILE_TITLE, seedStatus, STATUS_NOW } from './page-support.ts';
import { escapeHtml } from '../../api/src/mail/templates.ts';
import { STATUS_CSP } from '../../api/src/status/pages.ts';
import { statusSubscribers, subscriberUnsubscribe } from '../../api/src/status/subscriptions.ts';

const dayRow = (date: string, text: string) => `<tr><th scope="row">${date}</th><td>${text}</td></tr>`;

forEachStore('Status pages', (target) => {
  let server: TestServer;
  let ids: Awaited<ReturnType<typeof seedStatus>>;
  const db = () => server.running.store.db;
  const get = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(server.url + path, { redirect: 'manual', ...init });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const postForm = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    get(path, { method: 'POST', body: new URLSearchParams(fields), headers });

  before(async () => {
    server = await target.start({ clock: fixedClock(new Date(STATUS_NOW)), env: { HELPWAY_RATE_LIMITS: 'tickets=30/60' } });
    ids = await seedStatus(server);
  });
  after(() => server.stop());

  it('/status: current incidents with their updates, scheduled maintenance, 90 days of history; hostile text escaped', async () => {
    const res = await get('/status');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-security-policy'), STATUS_CSP);
    assert.match(
      STATUS_CSP,
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]{43}='; base-uri 'none'; form-action 'self'; frame-ancestors 'none'$/,
    );
    assert.equal(res.headers.get('cache-control'), 'public, max-age=10');
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    const html = res.text;
    assert.ok(!html.includes('<script'), 'no script element at all');
    assert.ok(!html.includes('<img'), 'the update body is text');
    assert.ok(html.includes('&#60;script&#62;alert(&#34;title&#34;)&#60;/script&#62; Gradebook &#38; &#34;quizzes&#34; down'));
    assert.equal(
      escapeHtml(HOSTILE_TITLE),
      '&#60;script&#62;alert(&#34;title&#34;)&#60;/script&#62; Gradebook &#38; &#34;quizzes&#34; down',
    );
    assert.ok(html.includes(`We restarted it. &#60;img src&#61;x onerror&#61;alert(1)&#62;`));
    assert.ok(html.includes(escapeHtml(HOSTILE_BODY)));
    assert.match(html, /<h2>Current incidents<\/h2>\n<article class="card open" id="incident-\d+">/);
    // Both open incidents (newest first), their sites linked; the resolved one in the history; the old one gone.
    const current = html.slice(html.indexOf('<h2>Current incidents'), html.indexOf('<h2>Scheduled maintenance'));
    assert.ok(current.indexOf(`id="incident-${ids.acmeOpen}"`) < current.indexOf(`id="incident-${ids.birchOpen}"`));
    assert.ok(current.includes('Affects: <a href="/status/acme">Acme Academy</a>'));
    assert.ok(current.includes('Affects: <a href="/status/birch">Birch &#38; &#60;Co&#62; College</a>'));
    // The updates, newest first, in words.
    assert.ok(
      current.indexOf('Cause identified</strong>') <
        current.indexOf('Investigating</strong> · <span class="meta"><time datetime="2026-03-02T10:02:00.000Z">'),
    );
    const maintenance = html.slice(html.indexOf('<h2>Scheduled maintenance'), html.indexOf('<h2>Past incidents'));
    assert.deepEqual(
      [...maintenance.matchAll(/id="maintenance-(\d+)"/g)].map((m) => Number(m[1])),
      [ids.birchWork, ids.upcoming],
    );
    assert.ok(maintenance.includes('<h3>Database &#60;upgrade&#62;</h3>'));
    assert.ok(
      maintenance.includes(
        '<strong>Scheduled</strong> · Affects: All sites · <time datetime="2026-03-05T20:00:00.000Z">5 Mar 2026, 20:00 UTC</time>',
      ),
    );
    const history = html.slice(html.indexOf('<h2>Past incidents'));
    assert.deepEqual(
      [...history.matchAll(/id="incident-(\d+)"/g)].map((m) => Number(m[1])),
      [ids.allResolved],
    );
    assert.ok(!html.includes('Ancient outage'), 'older than 90 days');
    assert.ok(!html.includes('Cancelled window'));
    assert.ok(html.includes('<p class="state state-down">2 incidents are open</p>'));
    assert.ok(html.includes('<form method="post" action="/status/subscribe">'));
    assert.ok(html.includes('<link rel="alternate" type="application/atom+xml"'));
  });

  it('/status/{site}: its state in words, 90 daily uptime figures (maintenance excluded), its incidents and maintenance', async () => {
    const res = await get('/status/acme');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-security-policy'), STATUS_CSP);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=10');
    const html = res.text;
    assert.ok(html.includes('<h1>Acme Academy</h1>\n<p class="state state-down">Down: not reachable</p>'));
    assert.equal((html.match(/<span class="bar[^"]*"><\/span>/g) ?? []).length, 90, '90 bars');
    assert.equal((html.match(/<tr><th scope="row">\d{4}-\d\d-\d\d<\/th>/g) ?? []).length, 90);
    for (const [date, text] of [
      ['2025-12-03', 'no data'],
      ['2025-12-09', 'no data'],
      ['2025-12-10', '100 % up'],
      ['2026-02-25', '100 % up'],
      ['2026-02-27', '99.3 % up, down 10 min'],
      ['2026-02-28', '98.61 % up, down 20 min'],
      ['2026-03-01', '97.72 % up, down 30 min, maintenance 120 min'],
      ['2026-03-02', '97.56 % up, down 15 min'],
    ])
      assert.ok(html.includes(dayRow(date, text)), `${date}: ${text}`);
    assert.ok(!html.includes('2025-12-02'), 'the first day is 89 days before today');
    // 82 days 4 h 15 min measured less 120 min of maintenance = 118215 min, 75 min down: 99.93 %.
    assert.ok(html.includes('<strong>99.93 %</strong> up over the last 90 days'));
    assert.ok(html.includes(`id="incident-${ids.acmeOpen}"`));
    assert.ok(html.includes(`id="incident-${ids.allResolved}"`), 'an incident of all sites is every site’s');
    assert.ok(!html.includes(`id="incident-${ids.birchOpen}"`), 'not another site’s');
    assert.ok(html.includes(`id="maintenance-${ids.upcoming}"`));
    assert.ok(!html.includes(`id="maintenance-${ids.birchWork}"`));
    assert.ok(html.includes('<input type="hidden" name="site" value="acme">'));

    const birch = await get('/status/birch');
    assert.ok(birch.text.includes('<h1>Birch &#38; &#60;Co&#62; College</h1>\n<p class="state state-up">Up: working normally</p>'));
    // Birch was down 12 h on 25 Feb: 720 of 1440 min.
    assert.ok(birch.text.includes(dayRow('2026-02-25', '50 % up, down 720 min')));
  });

  it('an unknown site (or a name that cannot be one) gets the 404 page', async () => {
    for (const path of ['/status/nowhere', '/status/Not%20A%20Key', '/status/nowhere/feed.atom']) {
      const res = await get(path);
      assert.equal(res.status, 404, path);
      assert.match(res.text, /<h1>Site not found<\/h1>/);
      assert.equal(res.headers.get('content-security-policy'), STATUS_CSP);
    }
  });

  it('the Atom feeds list incidents with their updates and maintenance, escaped', async () => {
    const res = await get('/status/feed.atom');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
    assert.equal(res.headers.get('cache-control'), 'public, max-age=10');
    const xml = res.text;
    assert.match(xml, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    const entries = [...xml.matchAll(/<entry>\n<id>([^<]+)<\/id>\n<title>([^<]*)<\/title>\n<updated>([^<]+)<\/updated>/g)].map((m) => [
      m[1].replace(/^tag:127\.0\.0\.1,2026:status:/, ''),
      m[2],
      m[3],
    ]);
    // Newest change first.
    assert.deepEqual(entries, [
      [
        `incident:${ids.acmeOpen}`,
        'Incident: &#60;script&#62;alert(&#34;title&#34;)&#60;/script&#62; Gradebook &#38; &#34;quizzes&#34; down',
        '2026-03-02T10:10:00.000Z',
      ],
      [`incident:${ids.birchOpen}`, 'Incident: Birch logins slow', '2026-03-02T09:00:00.000Z'],
      // Announced at the same time: in the order they start.
      [`maintenance:${ids.birchWork}`, 'Maintenance: Birch theme update', '2026-02-20T09:00:00.000Z'],
      [`maintenance:${ids.upcoming}`, 'Maintenance: Database &#60;upgrade&#62;', '2026-02-20T09:00:00.000Z'],
      [`incident:${ids.allResolved}`, 'Resolved: Mail delays for everyone', '2026-02-10T09:30:00.000Z'],
    ]);
    assert.ok(xml.includes('We restarted it. &#60;img src=x onerror=alert(1)&#62;'));
    assert.ok(!xml.includes('<img') && !xml.includes('<script'));
    assert.match(xml, /<updated>2026-03-02T10:10:00.000Z<\/updated>\n<author>/, 'the feed’s updated is its newest entry’s');

    const site = await get('/status/acme/feed.atom');
    assert.equal(site.status, 200);
    const siteIds = [...site.text.matchAll(/<entry>\n<id>[^<]+:(\w+:\d+)<\/id>/g)].map((m) => m[1]);
    assert.deepEqual(siteIds, [`incident:${ids.acmeOpen}`, `maintenance:${ids.upcoming}`, `incident:${ids.allResolved}`]);
    assert.match(
      site.text,
      new RegExp(`<link rel="self" type="application/atom\\+xml" href="${server.url.replace(/\./g, '\\.')}/status/acme/feed.atom"/>`),
    );
  });

  it('subscribe → confirmation mail (token sealed) → confirm → listed → unsubscribe from a later mail', async () => {
    const mails = () => db().selectFrom('outbox').selectAll().where('kind', '=', 'status_subscription').orderBy('id').execute();
    // Refused: a bad address (the field named, the text kept), a cross-site post, an unknown site.
    const bad = await postForm('/status/subscribe', { email: 'not an address', site: 'acme' });
    assert.equal(bad.status, 422);
    assert.ok(bad.text.includes('role="alert">Email address: enter an address like name@example.org.</p>'));
    assert.ok(bad.text.includes('value="not an address" aria-invalid="true"'));
    assert.equal(bad.headers.get('cache-control'), 'no-store');
    assert.equal((await postForm('/status/subscribe', { email: 'a@example.org' }, { 'sec-fetch-site': 'cross-site' })).status, 403);
    assert.equal((await postForm('/status/subscribe', { email: 'a@example.org', site: 'nowhere' })).status, 404);
    assert.equal((await mails()).length, 0);

    const asked = await postForm('/status/subscribe', { email: 'Reader@Example.org', site: 'acme' });
    assert.equal(asked.status, 200);
    assert.match(asked.text, /<h1>Check your email<\/h1>/);
    const [row] = await mails();
    assert.equal(row.to_address, 'reader@example.org');
    assert.ok(row.sealed_secret, 'the token is sealed');
    assert.doesNotMatch(row.text_body, /token=[A-Za-z0-9_-]{20,}/, 'no token in the stored body');
    const mail = await asDelivered(db(), row);
    const confirm = new URL(/Confirm my subscription: (\S+)/.exec(mail.text)![1]);
    const cancel = new URL(/Cancel it: (\S+)/.exec(mail.text)![1]);
    assert.equal(confirm.pathname, '/status/subscription/confirm');
    assert.equal(cancel.pathname, '/status/subscription/unsubscribe');
    const token = confirm.searchParams.get('token')!;
    const [stored] = await db().selectFrom('status_subscriptions').selectAll().execute();
    assert.equal(stored.site_key, 'acme');
    assert.notEqual(stored.token_hash, token, 'only the hash is stored');
    assert.equal(stored.confirmed_at, null);

    // Opening the link (a mail scanner does) changes nothing: a button.
    const page = await get(`${confirm.pathname}${confirm.search}`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    assert.ok(page.text.includes('<button type="submit">Confirm</button>'));
    assert.deepEqual(await statusSubscribers(db(), 'acme'), []);
    assert.equal((await postForm('/status/subscription/confirm', { token: 'x'.repeat(43) })).status, 404);

    const confirmed = await postForm('/status/subscription/confirm', { token });
    assert.equal(confirmed.status, 200);
    assert.match(confirmed.text, /Your subscription is confirmed/);
    const subscriber = { id: Number(stored.id), email: 'reader@example.org', siteKey: 'acme' };
    assert.deepEqual(await statusSubscribers(db(), 'acme'), [subscriber]);
    assert.deepEqual(await statusSubscribers(db(), null), [subscriber], 'news of all sites goes to every subscriber');
    assert.deepEqual(await statusSubscribers(db(), 'birch'), [], 'not another site’s news');
    // Asking again once confirmed mails nothing.
    await postForm('/status/subscribe', { email: 'reader@example.org', site: 'acme' });
    assert.equal((await mails()).length, 1);

    // A later mail's unsubscribe link: signed, not the first token.
    const later = await subscriberUnsubscribe(server.running.services, db(), subscriber);
    const link = new URL(later.url.replace(later.secret.mark, later.secret.value));
    const laterToken = link.searchParams.get('token')!;
    assert.match(laterToken, new RegExp(`^${subscriber.id}\\.[A-Za-z0-9_-]{43}$`));
    assert.equal((await postForm(link.pathname, { token: `${subscriber.id}.${'A'.repeat(43)}` })).status, 404, 'a forged signature');
    const ask = await get(`${link.pathname}${link.search}`);
    assert.ok(ask.text.includes('<button type="submit">Unsubscribe</button>'));
    assert.deepEqual(await statusSubscribers(db(), 'acme'), [subscriber], 'opening the link changes nothing');
    const gone = await postForm(link.pathname, { token: laterToken });
    assert.equal(gone.status, 200);
    assert.match(gone.text, /You are unsubscribed/);
    assert.deepEqual(await statusSubscribers(db(), 'acme'), []);
    // The confirmation link cannot bring it back.
    assert.equal((await postForm('/status/subscription/confirm', { token })).status, 404);
  });

  it('the confirmation mails one address may get are capped per day; the forms share the per-address limit', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await postForm('/status/subscribe', { email: 'often@example.org' })).status, 200);
    const sent = await db().selectFrom('outbox').select('id').where('to_address', '=', 'often@example.org').execute();
    assert.equal(sent.length, 3);
    let refused: Awaited<ReturnType<typeof get>> | undefined;
    for (let i = 0; i < 40 && !refused; i++) {
      const res = await postForm('/status/subscribe', { email: `many${i}@example.org` });
      if (res.status === 429) refused = res;
    }
    assert.ok(refused, 'the address runs out of its 30 forms a minute');
    assert.match(refused.headers.get('retry-after') ?? '', /^\d+$/);
    assert.match(refused.text, /<h1>Too many requests<\/h1>/);
    assert.equal(refused.headers.get('content-security-policy'), STATUS_CSP);
  });
});
