/**
 * "Fix this article" end to end over HTTP on SQLite and PostgreSQL: readers' "No" answers with a
 * comment reach the agents' list (with the article's title and owner from its frontmatter, else
 * the content team); the daily digest (08:00 UK time) mails each owner the comments from before
 * that hour, each once; an agent marks one handled and the filter finds it; the articles report
 * adds up reads and answers by hand-computed numbers, and its CSV matches.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readConfig } from '../../api/src/config.ts';
import { assertError, call, forEachStore, movableClock, post } from '../api/helpers.ts';
import { signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import type { TestServer } from '../support/api-server.ts';
import { csvRecords } from '../reports/support.ts';

const OWNER = 'docs-owner@kestrel.example';
const TEAM = 'support@kestrel-learning.example'; // the demo policy's vendor.supportEmail

function article(title: string, owner?: string): string {
  return `---\ntitle: ${title}\nsummary: A fixture article for the feedback loop tests.\ncategory: getting-support\nupdated: 2026-01-05\n${owner ? `owner: ${owner}\n` : ''}---\n\nBody.\n`;
}

forEachStore('Fix this article: feedback, digest, handled, articles report', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  const clock = movableClock(new Date('2026-03-02T10:00:00.000Z'));
  const dir = mkdtempSync(path.join(tmpdir(), 'helpway-articles-'));
  const digests = () =>
    server.running.store.db.selectFrom('outbox').selectAll().where('kind', '=', 'article_feedback_digest').orderBy('to_address').execute();
  const feedback = async (body: Record<string, unknown>) => assert.equal((await post(server.url, '/api/feedback', body)).status, 202);

  before(async () => {
    writeFileSync(path.join(dir, 'owned-article.md'), article('Owned article', OWNER));
    writeFileSync(path.join(dir, 'team-article.md'), article('Team article'));
    const content = { ...readConfig({}).content, articlesDir: dir, digestHour: 8 };
    server = await target.start(withAdmin({ clock, config: { content } }));
    // Monday 2 March 2026 (GMT = UK time), 10:00.
    await feedback({ slug: 'owned-article', helpful: false, comment: 'Step 3 is wrong', site: 'demo' });
    await feedback({ slug: 'owned-article', helpful: false, site: 'demo' }); // no comment: nothing to fix
    await feedback({ slug: 'owned-article', helpful: true, site: 'demo' });
    clock.set('2026-03-02T10:05:00.000Z');
    await feedback({ slug: 'team-article', helpful: false, comment: 'The screenshot is outdated', site: 'demo' });
    clock.set('2026-03-02T10:10:00.000Z');
    await feedback({ slug: 'gone-article', helpful: false, comment: '=HYPERLINK("x") <script>' });
    const reads = [
      ...Array.from({ length: 3 }, () => ({ site: 'demo', type: 'article_read', slug: 'owned-article' })),
      { site: 'demo', type: 'article_read', slug: 'team-article' },
      { site: 'demo', type: 'opened' },
    ];
    assert.equal((await post(server.url, '/api/widget-events', reads)).status, 202);
    clock.set('2026-03-02T12:00:00.000Z');
    admin = await signIn(server.url);
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the negative comments, newest first, with title and owner', async () => {
    const res = await admin.get('/api/inbox/article-feedback');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.unhandled, 3);
    assert.deepEqual(
      res.body.items.map((i: any) => [i.slug, i.title, i.owner, i.comment, i.site, i.handledAt, i.digestedAt]),
      [
        ['gone-article', null, TEAM, '=HYPERLINK("x") <script>', null, null, null],
        ['team-article', 'Team article', TEAM, 'The screenshot is outdated', 'demo', null, null],
        ['owned-article', 'Owned article', OWNER, 'Step 3 is wrong', 'demo', null, null],
      ],
    );
    assertError(await admin.get('/api/inbox/article-feedback?handled=maybe'), 422, 'validation_failed', 'handled');
    assert.equal((await call(server.url, '/api/inbox/article-feedback')).status, 401);
  });

  it("mails each owner the comments from before the day's digest hour, once", async () => {
    const { services } = server.running;
    // Monday 12:00: the comments came after today's 08:00 digest: they wait for Tuesday's.
    assert.deepEqual(await services.digest.digestOnce(), { comments: 0, mails: 0 });
    clock.set('2026-03-03T07:59:00.000Z');
    assert.deepEqual(await services.digest.digestOnce(), { comments: 0, mails: 0 });
    clock.set('2026-03-03T08:30:00.000Z');
    assert.deepEqual(await services.digest.digestOnce(), { comments: 3, mails: 2 });
    const mails = await digests();
    assert.deepEqual(
      mails.map((m) => m.to_address),
      [OWNER, TEAM],
    );
    assert.match(mails[0].text_body, /Owned article \(owned-article\)\n> Step 3 is wrong/);
    assert.doesNotMatch(mails[0].text_body, /screenshot/);
    assert.match(mails[1].text_body, /Team article \(team-article\)\n> The screenshot is outdated/);
    assert.match(mails[1].text_body, /gone-article\n> =HYPERLINK/);
    assert.match(mails[1].html_body, /&#60;script&#62;/);
    assert.doesNotMatch(mails[1].html_body, /<script>/);
    assert.match(mails[1].text_body, /\/inbox\/#\/article-feedback/);

    // Not twice: the same day again, and the next day.
    assert.deepEqual(await services.digest.digestOnce(), { comments: 0, mails: 0 });
    clock.set('2026-03-04T09:00:00.000Z');
    assert.deepEqual(await services.digest.digestOnce(), { comments: 0, mails: 0 });
    assert.equal((await digests()).length, 2);
    admin = await signIn(server.url); // sessions last hours, not days
    const listed = await admin.get('/api/inbox/article-feedback');
    assert.ok(listed.body.items.every((i: any) => i.digestedAt === '2026-03-03T08:30:00.000Z'));
  });

  it('marks a comment handled (CSRF checked) and filters on it', async () => {
    admin = await signIn(server.url);
    const items = (await admin.get('/api/inbox/article-feedback')).body.items;
    const owned = items.find((i: any) => i.slug === 'owned-article');
    const noCsrf = await call(server.url, `/api/inbox/article-feedback/${owned.id}/handled`, {
      method: 'POST',
      headers: { cookie: admin.cookie },
    });
    assert.equal(noCsrf.status, 403);
    const res = await admin.post(`/api/inbox/article-feedback/${owned.id}/handled`, {});
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.item.handledBy, 'admin@kestrel.example');
    assert.equal(res.body.item.handledAt, '2026-03-04T09:00:00.000Z');
    assertError(await admin.post('/api/inbox/article-feedback/999999/handled', {}), 404, 'not_found');

    const handled = await admin.get('/api/inbox/article-feedback?handled=true');
    assert.deepEqual(
      handled.body.items.map((i: any) => i.slug),
      ['owned-article'],
    );
    const open = await admin.get('/api/inbox/article-feedback?handled=false');
    assert.deepEqual(
      open.body.items.map((i: any) => i.slug),
      ['gone-article', 'team-article'],
    );
    const all = await admin.get('/api/inbox/article-feedback');
    assert.equal(all.body.unhandled, 2);
    assert.deepEqual(
      all.body.items.map((i: any) => i.slug),
      ['gone-article', 'team-article', 'owned-article'],
      'unhandled first',
    );
  });

  it('adds up reads and answers per article in the articles report', async () => {
    // owned: 3 reads, 1 yes / 2 no → 33.3 %; team: 1 read, 0 / 1 → 0 %; gone: 0 reads, 0 / 1.
    const res = await admin.get('/api/reports/articles?from=2026-03-02&to=2026-03-02');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.tables, ['articles', 'comments']);
    assert.deepEqual(res.body.articles, [
      { slug: 'owned-article', title: 'Owned article', views: 3, helpful: 1, notHelpful: 2, helpfulPercent: 33.3 },
      { slug: 'team-article', title: 'Team article', views: 1, helpful: 0, notHelpful: 1, helpfulPercent: 0 },
      { slug: 'gone-article', title: null, views: 0, helpful: 0, notHelpful: 1, helpfulPercent: 0 },
    ]);
    assert.deepEqual(
      res.body.comments.map((c: any) => [c.slug, c.owner, c.handledBy]),
      [
        ['gone-article', TEAM, null],
        ['team-article', TEAM, null],
        ['owned-article', OWNER, 'admin@kestrel.example'],
      ],
    );
    // One site: the comment without a site drops out.
    const demo = await admin.get('/api/reports/articles?from=2026-03-02&to=2026-03-02&site=demo');
    assert.deepEqual(
      demo.body.articles.map((a: any) => a.slug),
      ['owned-article', 'team-article'],
    );
    // Another day: nothing.
    const empty = await admin.get('/api/reports/articles?from=2026-03-03&to=2026-03-03');
    assert.deepEqual(empty.body.articles, []);

    const csv = await fetch(`${server.url}/api/reports/articles?from=2026-03-02&to=2026-03-02&format=csv`, {
      headers: { cookie: admin.cookie },
    });
    assert.deepEqual(csvRecords(await csv.text()), [
      { slug: 'owned-article', title: 'Owned article', views: '3', helpful: '1', not_helpful: '2', helpful_percent: '33.3' },
      { slug: 'team-article', title: 'Team article', views: '1', helpful: '0', not_helpful: '1', helpful_percent: '0' },
      { slug: 'gone-article', title: '', views: '0', helpful: '0', not_helpful: '1', helpful_percent: '0' },
    ]);
    const comments = await fetch(`${server.url}/api/reports/articles?from=2026-03-02&to=2026-03-02&format=csv&table=comments`, {
      headers: { cookie: admin.cookie },
    });
    const rows = csvRecords(await comments.text());
    assert.equal(rows[0].comment, `'=HYPERLINK("x") <script>`, 'a formula is defused');
    assert.equal(rows[2].handled_by, 'admin@kestrel.example');
  });
});
