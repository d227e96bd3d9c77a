/**
 * Saved replies and articles in replies, over HTTP on SQLite and PostgreSQL: who sees and manages
 * which reply (shared ones by admins, each agent's own), placeholders filled for a ticket with a
 * hostile requester name kept as text (in the reply, the inbox and the mail), unknown placeholders
 * refused, files copied into the ticket and carried by the mail (a real SMTP peer receives them),
 * uses counted, search; and the knowledge base searched from the reply box, an article sent as a
 * card in the mail (HTML and text), the status page, the chat stream and the portal.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import PostalMime from 'postal-mime';
import { assertError, call, fixedClock, forEachStore, post, uploadIds } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { OutboxWorker } from '../../api/src/mail/outbox-worker.ts';
import { SmtpPeer } from '../mail/smtp-peer.ts';
import { fileTicket, signIn, withAdmin, type AgentSession } from './support.ts';
import { portalSession } from '../portal/support.ts';

const HOSTILE_NAME = 'Eve <script>alert(1)</script>\r\nBcc: boss@evil.example {{agent.name}}';
const PASSWORD = 'another long password';

forEachStore('Saved replies', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  let sam: AgentSession;
  let ticket: { reference: string; token: string };
  const smtp = new SmtpPeer();

  before(async () => {
    await smtp.start();
    server = await target.start(withAdmin({ clock: fixedClock() }));
    admin = await signIn(server.url);
    const res = await admin.post('/api/admin/agents', {
      email: 'sam@kestrel.example',
      name: 'Sam Agent',
      role: 'agent',
      password: PASSWORD,
    });
    assert.equal(res.status, 201, res.text);
    sam = await signIn(server.url, 'sam@kestrel.example', PASSWORD);
    ticket = await fileTicket(server.url, {
      subject: 'Quiz results missing',
      requester: { name: HOSTILE_NAME, email: 'eve@college.example' },
    });
  });
  after(async () => {
    await server?.stop();
    await smtp.stop();
  });

  const mailsOf = (reference: string) =>
    server.running.store.db
      .selectFrom('outbox')
      .selectAll()
      .where('ticket_id', '=', Number(reference.slice(3)) - 1000)
      .where('kind', '=', 'reply')
      .orderBy('id')
      .execute();

  describe('who manages which', () => {
    it('lets admins share a reply and every agent keep their own; others see neither 403 nor the text', async () => {
      let res = await admin.post('/api/inbox/saved-replies', {
        title: 'Thanks for waiting',
        body: 'Hello {{requester.firstName}}, thanks.',
        shared: true,
      });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.savedReply.shared, true);
      assert.equal(res.body.savedReply.owner, null);
      const shared = res.body.savedReply.id;

      res = await sam.post('/api/inbox/saved-replies', { title: 'Sam only', body: 'My own words' });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.savedReply.shared, false);
      assert.deepEqual(res.body.savedReply.owner, { id: sam.agent.id, name: 'Sam Agent' });
      const samsOwn = res.body.savedReply.id;

      assertError(await sam.post('/api/inbox/saved-replies', { title: 'Team', body: 'x', shared: true }), 403, 'forbidden');
      res = await call(server.url, `/api/inbox/saved-replies/${shared}`, {
        method: 'PATCH',
        json: { title: 'Mine now' },
        headers: { cookie: sam.cookie, 'x-csrf-token': sam.csrf },
      });
      assertError(res, 403, 'forbidden');
      res = await call(server.url, `/api/inbox/saved-replies/${samsOwn}`, {
        method: 'DELETE',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      });
      assertError(res, 404, 'not_found');
      assertError(await admin.get(`/api/inbox/saved-replies/${samsOwn}`), 404, 'not_found');

      const samsList = await sam.get('/api/inbox/saved-replies');
      assert.equal(samsList.status, 200, samsList.text);
      assert.deepEqual(samsList.body.savedReplies.map((r: { title: string; canEdit: boolean }) => [r.title, r.canEdit]).sort(), [
        ['Sam only', true],
        ['Thanks for waiting', false],
      ]);
      assert.ok(samsList.body.placeholders['requester.name']);
      const adminsList = await admin.get('/api/inbox/saved-replies');
      assert.deepEqual(
        adminsList.body.savedReplies.map((r: { title: string }) => r.title),
        ['Thanks for waiting'],
      );
      assert.deepEqual(
        (await sam.get('/api/inbox/saved-replies?scope=mine')).body.savedReplies.map((r: { title: string }) => r.title),
        ['Sam only'],
      );

      res = await call(server.url, `/api/inbox/saved-replies/${samsOwn}`, {
        method: 'PATCH',
        json: { body: 'My own, better words' },
        headers: { cookie: sam.cookie, 'x-csrf-token': sam.csrf },
      });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.savedReply.body, 'My own, better words');
      res = await call(server.url, `/api/inbox/saved-replies/${samsOwn}`, {
        method: 'DELETE',
        headers: { cookie: sam.cookie, 'x-csrf-token': sam.csrf },
      });
      assert.equal(res.status, 200, res.text);
      assertError(await sam.get(`/api/inbox/saved-replies/${samsOwn}`), 404, 'not_found');
    });

    it('refuses unknown placeholders, empty titles, strangers\u2019 fields and bad ids, naming the field', async () => {
      const res = assertError(
        await admin.post('/api/inbox/saved-replies', { title: 'Typo', body: 'Hi {{requester.nmae}} and {{ticket.reference}}' }),
        422,
        'validation_failed',
        'body',
      );
      assert.match(res.fields!.body, /\{\{requester\.nmae\}\}/);
      assert.match(res.fields!.body, /\{\{requester\.name\}\}/);
      assertError(await admin.post('/api/inbox/saved-replies', { title: '  ', body: 'x' }), 422, 'validation_failed', 'title');
      assertError(await admin.post('/api/inbox/saved-replies', { title: 't', body: 'x', owner: 1 }), 422, 'validation_failed');
      assertError(
        await admin.post('/api/inbox/saved-replies', { title: 't', body: 'x', attachments: ['nope'] }),
        422,
        'validation_failed',
        'attachments.0',
      );
      assertError(await admin.get('/api/inbox/saved-replies/99999999999'), 404, 'not_found');
      assertError(await admin.get('/api/inbox/saved-replies/abc'), 404, 'not_found');
      assertError(await admin.get('/api/inbox/saved-replies?limit=0'), 422, 'validation_failed', 'limit');
      assertError(
        await admin.post(`/api/inbox/tickets/${ticket.reference}/replies`, { body: 'x', savedReplyFiles: [123456] }),
        422,
        'validation_failed',
        'savedReplyFiles.0',
      );
      assertError(
        await admin.post(`/api/inbox/tickets/${ticket.reference}/replies`, { body: 'x', savedReplyId: 123456 }),
        422,
        'validation_failed',
        'savedReplyId',
      );
      assert.equal((await call(server.url, '/api/inbox/saved-replies')).status, 401);
    });
  });

  describe('placeholders, files and uses', () => {
    it('fills placeholders for the ticket, keeping a hostile name as one line of text, and sends the files with the mail', async () => {
      const [pdf] = await uploadIds(server.url, [['welcome pack.pdf', '%PDF-1.4\n% a small pdf\n']]);
      let res = await admin.post('/api/inbox/saved-replies', {
        title: 'Looking into it',
        body: 'Hello {{ requester.name }},\n\nWe are looking into {{ticket.reference}} ({{ticket.subject}}) on {{site.name}} and will reply by {{ticket.due}}.\n\n{{agent.name}}',
        shared: true,
        attachments: [pdf],
      });
      assert.equal(res.status, 201, res.text);
      const reply = res.body.savedReply;
      assert.deepEqual(
        reply.files.map((f: { filename: string }) => f.filename),
        ['welcome pack.pdf'],
      );
      // An upload is used once.
      assertError(
        await admin.post('/api/inbox/saved-replies', { title: 'Again', body: 'x', attachments: [pdf] }),
        422,
        'validation_failed',
        'attachments.0',
      );

      res = await sam.get(`/api/inbox/saved-replies/${reply.id}/filled?ticket=${ticket.reference}`);
      assert.equal(res.status, 200, res.text);
      const filled: string = res.body.body;
      const oneLineName = 'Eve <script>alert(1)</script> Bcc: boss@evil.example {{agent.name}}';
      assert.ok(filled.startsWith(`Hello ${oneLineName},\n\n`), filled);
      assert.match(filled, new RegExp(`looking into ${ticket.reference} \\(Quiz results missing\\) on `));
      assert.match(filled, /will reply by \d\d:\d\d .+\./);
      assert.ok(filled.endsWith('\n\nSam Agent'), filled);
      assert.equal(filled.split('\n').length, 5, 'the name added no line');
      assert.deepEqual(res.body.empty, []);
      assertError(await sam.get(`/api/inbox/saved-replies/${reply.id}/filled?ticket=HW-999999`), 404, 'not_found');
      assertError(await sam.get(`/api/inbox/saved-replies/${reply.id}/filled`), 422, 'validation_failed', 'ticket');

      res = await sam.post(`/api/inbox/tickets/${ticket.reference}/replies`, {
        body: filled,
        savedReplyId: reply.id,
        savedReplyFiles: reply.files.map((f: { id: number }) => f.id),
      });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.attachments, 1);
      assert.equal((await sam.get(`/api/inbox/saved-replies/${reply.id}`)).body.savedReply.uses, 1);

      const view = await sam.get(`/api/inbox/tickets/${ticket.reference}`);
      const message = view.body.messages.find((m: { id: number }) => m.id === res.body.id);
      assert.equal(message.body, filled);
      assert.deepEqual(
        view.body.attachments
          .filter((a: { messageId: number | null }) => a.messageId === res.body.id)
          .map((a: { filename: string }) => a.filename),
        ['welcome pack.pdf'],
      );

      const [mail] = await mailsOf(ticket.reference);
      assert.ok(mail, 'a reply mail is queued');
      assert.ok(!mail.html_body.includes('<script>'), 'no markup from the name in the HTML');
      assert.ok(mail.html_body.includes('&#60;script&#62;alert(1)&#60;/script&#62;'), 'the name shows as text');
      assert.ok(mail.text_body.includes(oneLineName));
      assert.ok(!/\nBcc:/i.test(mail.text_body), 'no header-like line from the name');
      assert.match(mail.text_body, /Attached: welcome pack\.pdf/);

      // The worker sends it with the file.
      const worker = new OutboxWorker({
        db: server.running.store.db,
        smtpUrl: smtp.url,
        from: 'Kestrel support <support@kestrel.example>',
        pollMs: 60_000,
        backoffMs: 1,
        maxAttempts: 3,
        maxAgeMs: 3_600_000,
        log: () => {},
      });
      try {
        await worker.runOnce();
      } finally {
        await worker.stop();
      }
      const sent = smtp.received.find((m) => m.messageId === mail.message_id);
      assert.ok(sent, 'the reply mail reached the SMTP peer');
      const parsed = await PostalMime.parse(sent.raw);
      assert.deepEqual(
        parsed.attachments.map((a) => [a.filename, Buffer.from(a.content as ArrayBuffer).toString('utf8')]),
        [['welcome pack.pdf', '%PDF-1.4\n% a small pdf\n']],
      );
    });

    it('finds saved replies by words of the title or the text, most used first; LIKE wildcards are text', async () => {
      await admin.post('/api/inbox/saved-replies', { title: 'Password reset steps', body: 'Go to Site administration then Users.' });
      await admin.post('/api/inbox/saved-replies', { title: '100% done', body: 'Closing this now.' });
      const titles = async (q: string) =>
        (await admin.get(`/api/inbox/saved-replies?${new URLSearchParams({ q })}`)).body.savedReplies.map(
          (r: { title: string }) => r.title,
        );
      assert.deepEqual(await titles('users password'), ['Password reset steps']);
      assert.deepEqual(await titles('%'), ['100% done']);
      assert.deepEqual(await titles('_'), []);
      assert.deepEqual((await titles('looking')).slice(0, 1), ['Looking into it']);
    });
  });

  describe('articles in replies', () => {
    it('searches the knowledge base as the widget does and sends an article as a card: in the mail (HTML and text), on the status page, in the portal and the inbox', async () => {
      let res = await admin.get(`/api/inbox/articles?${new URLSearchParams({ q: 'reset a password' })}`);
      assert.equal(res.status, 200, res.text);
      const hit = res.body.articles[0];
      assert.equal(hit.slug, 'password-reset-admin');
      assert.ok(hit.summary.length > 10);
      assert.equal(hit.url, `${server.url}/articles/password-reset-admin/`);
      assertError(await admin.get('/api/inbox/articles?q='), 422, 'validation_failed', 'q');
      assertError(await admin.get('/api/inbox/articles?q=x&limit=11'), 422, 'validation_failed', 'limit');
      assert.equal((await call(server.url, '/api/inbox/articles?q=password')).status, 401);

      const t = await fileTicket(server.url, { subject: 'Cannot log in', requester: { name: 'Ana', email: 'ana@college.example' } });
      assertError(
        await admin.post(`/api/inbox/tickets/${t.reference}/replies`, {
          body: 'See this',
          articles: ['password-reset-admin', 'no-such-article'],
        }),
        422,
        'validation_failed',
        'articles.1',
      );
      res = await admin.post(`/api/inbox/tickets/${t.reference}/replies`, {
        body: 'This article explains it.',
        articles: ['password-reset-admin'],
      });
      assert.equal(res.status, 201, res.text);
      assert.deepEqual(res.body.articles, [{ slug: hit.slug, title: hit.title, summary: hit.summary, url: hit.url }]);

      const [mail] = await mailsOf(t.reference);
      assert.ok(mail.html_body.includes(`<a href="${hit.url}"`), 'the card links to the article');
      const escapedTitle = hit.title.replace(/[&<>"'`=]/g, (ch: string) => `&#${ch.charCodeAt(0)};`);
      assert.ok(mail.html_body.includes(escapedTitle), 'the card has the title');
      assert.match(mail.text_body, new RegExp(`Help article: ${hit.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
      assert.ok(mail.text_body.includes(`\n${hit.url}\n`));

      const page = await call(server.url, `/tickets/${t.reference}?token=${encodeURIComponent(t.token)}`);
      assert.equal(page.status, 200);
      assert.match(
        page.text,
        new RegExp(`<aside class="kb-card" aria-label="Help article: [^"]+"><div class="meta">Help article</div><a href="${hit.url}">`),
      );

      // A key contact of the site reads it in the portal.
      const key = await portalSession(server, { site: 'demo', email: 'dana@college.example', name: 'Dana Key', role: 'key' });
      const portal = await key.get(`/api/portal/tickets/${t.reference}`);
      assert.equal(portal.status, 200, portal.text);
      assert.deepEqual(portal.body.ticket.messages.at(-1).articles, [
        { slug: hit.slug, title: hit.title, summary: hit.summary, url: hit.url },
      ]);

      const inbox = await admin.get(`/api/inbox/tickets/${t.reference}`);
      assert.deepEqual(
        inbox.body.messages.at(-1).articles.map((a: { slug: string }) => a.slug),
        ['password-reset-admin'],
      );
    });

    it('shows the card in the live chat stream too', async () => {
      const chat = await post(server.url, '/api/tickets', {
        site: 'demo',
        type: 'query',
        severity: 'S3',
        subject: 'Chat about passwords',
        description: 'How do I reset a password?',
        requester: { name: 'Chen', email: 'chen@college.example' },
        channel: 'chat',
      });
      assert.equal(chat.status, 201, chat.text);
      const res = await admin.post(`/api/inbox/tickets/${chat.body.reference}/replies`, {
        body: 'Here:',
        articles: ['password-reset-admin'],
      });
      assert.equal(res.status, 201, res.text);
      const controller = new AbortController();
      const stream = await fetch(`${server.url}/api/chat/${chat.body.reference}/events?token=${encodeURIComponent(chat.body.token)}`, {
        signal: controller.signal,
      });
      let text = '';
      const reader = stream.body!.getReader();
      const decoder = new TextDecoder();
      while (!text.includes('event: state')) text += decoder.decode((await reader.read()).value);
      controller.abort();
      const data = text
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => JSON.parse(l.slice(6)))
        .find((d) => d.body === 'Here:');
      assert.deepEqual(
        data.articles.map((a: { slug: string }) => a.slug),
        ['password-reset-admin'],
      );
    });

    it('counts the tickets answered with an article in the articles report', async () => {
      // An internal note with an article answers nobody.
      const t = await fileTicket(server.url, { subject: 'Noted only' });
      const note = await admin.post(`/api/inbox/tickets/${t.reference}/notes`, { body: 'See', articles: ['password-reset-admin'] });
      assert.equal(note.status, 201, note.text);
      const res = await admin.get('/api/reports/articles?from=2026-03-02&to=2026-03-02');
      assert.equal(res.status, 200, res.text);
      // Replied to that day: the saved-reply ticket, "Cannot log in" and the chat; with an article: the last two.
      const title = res.body.answeredWithArticle.articles[0]?.title;
      assert.ok(title);
      assert.deepEqual(res.body.answeredWithArticle, {
        tickets: 2,
        answered: 3,
        percent: 66.7,
        articles: [{ slug: 'password-reset-admin', title, replies: 2, tickets: 2 }],
      });
      const other = await admin.get('/api/reports/articles?from=2026-03-03&to=2026-03-03');
      assert.deepEqual(other.body.answeredWithArticle, { tickets: 0, answered: 0, percent: null, articles: [] });
    });
  });
});
