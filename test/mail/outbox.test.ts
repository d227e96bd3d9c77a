/**
 * Outgoing mail through a real SMTP peer: the right mails with the right content, XSS payloads
 * escaped in the HTML part, and after an SMTP outage every mail delivered exactly once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fixedClock, post, validTicket } from '../api/helpers.ts';
import { startServer, type TestServer } from '../support/api-server.ts';
import { escapeHtml } from '../../api/src/mail/templates.ts';
import { eventually, signIn, withAdmin } from '../inbox/support.ts';
import { SmtpPeer } from './smtp-peer.ts';

const XSS: string[] = JSON.parse(readFileSync(new URL('../fixtures/xss-payloads.json', import.meta.url), 'utf8'));
// Many tickets from one requester here: lift the per-address confirmation limit (delivery.test.ts covers it).
const FAST = {
  HELPWAY_OUTBOX_POLL_MS: '100',
  HELPWAY_OUTBOX_BACKOFF_MS: '100',
  HELPWAY_RATE_LIMITS: 'off',
  HELPWAY_CONFIRMATIONS_PER_HOUR: '1000',
};

describe('Mail outbox over a real SMTP peer', () => {
  const smtp = new SmtpPeer();
  let server: TestServer;

  before(async () => {
    await smtp.start();
    server = await startServer(
      withAdmin({ env: { ...FAST, SMTP_URL: smtp.url, HELPWAY_PUBLIC_URL: 'https://help.kestrel.example' }, clock: fixedClock() }),
    );
  });
  after(async () => {
    await server?.stop();
    await smtp.stop();
  });

  it('sends the requester a confirmation and support a notification, plain text and HTML', async () => {
    const res = await post(
      server.url,
      '/api/tickets',
      validTicket({ subject: 'Quiz grades missing', requester: { name: 'Ada Admin', email: 'ada@college.example' } }),
    );
    assert.equal(res.status, 201);
    const { reference, token } = res.body;
    const mine = () => smtp.received.filter((m) => m.subject.includes(reference));
    await eventually(async () => mine().length === 2, 10_000, 'two mails');
    const confirmation = mine().find((m) => m.to.includes('ada@college.example'))!;
    const notification = mine().find((m) => m.to.includes('support@kestrel-learning.example'))!;
    assert.ok(confirmation && notification);
    assert.match(confirmation.subject, new RegExp(`\\[${reference}\\] We received your request: Quiz grades missing`));
    assert.match(confirmation.text, /We'll reply by/);
    assert.ok(confirmation.text.includes(`https://help.kestrel.example/tickets/${reference}?token=${token}`), confirmation.text);
    assert.ok(
      confirmation.html.includes(escapeHtml(`https://help.kestrel.example/tickets/${reference}?token=${encodeURIComponent(token)}`)),
    );
    assert.match(confirmation.html, /Hello,/);
    assert.doesNotMatch(
      confirmation.text,
      /Ada Admin|Since this morning/,
      'the confirmation repeats only the subject of what the requester wrote',
    );
    assert.ok(!notification.text.includes(token), 'support never gets the requester token');
    assert.match(notification.subject, /New S2 ticket/);
    assert.match(notification.text, /Since this morning no learner/);

    // The inbox's mail log shows them sent.
    const admin = await signIn(server.url);
    const log = await admin.get('/api/inbox/mail');
    assert.equal(log.body.smtpConfigured, true);
    const rows = log.body.mail.filter((m: any) => m.subject.includes(reference));
    assert.equal(rows.length, 2);
    assert.ok(rows.every((m: any) => m.status === 'sent' && m.attempts === 1));

    // An agent's reply and a status change reach the requester.
    await admin.post(`/api/inbox/tickets/${reference}/replies`, { body: 'Which quiz is it?\nThe one in Biology?' });
    await admin.post(`/api/inbox/tickets/${reference}/status`, { status: 'pending' });
    await eventually(async () => mine().length === 4, 10_000, 'reply and status mails');
    const reply = mine().find((m) => m.subject.startsWith('Re:'))!;
    assert.ok(reply.to.includes('ada@college.example'));
    assert.match(reply.text, /> Which quiz is it\?\n> The one in Biology\?/);
    const status = mine().find((m) => /Status: pending/.test(m.subject))!;
    assert.match(status.text, /waiting for your answer/);
    // Replies reference the ticket in their Message-ID, so an emailed answer finds its way back.
    assert.match(reply.messageId, new RegExp(`^<${reference.toLowerCase()}\\.[0-9a-f]+@helpway\\.invalid>$`));
  });
});

describe('XSS corpus in mails', () => {
  // The outbox row is exactly what nodemailer sends (the SMTP tests above check that path).
  it(`keeps ${XSS.length} XSS payloads inert in the HTML part (subject, description, name)`, async () => {
    const server = await startServer({ env: { HELPWAY_RATE_LIMITS: 'off' } });
    try {
      const { db } = server.running.store;
      let checked = 0;
      for (const [i, payload] of XSS.entries()) {
        const res = await post(
          server.url,
          '/api/tickets',
          validTicket({
            subject: payload.slice(0, 200),
            description: `Before ${payload} after`,
            requester: { name: payload.slice(0, 200), email: `xss${i}@college.example` },
          }),
        );
        assert.equal(res.status, 201, res.text);
        const id = Number(res.body.reference.slice(3)) - 1000;
        const mails = await db
          .selectFrom('outbox')
          .select(['kind', 'subject', 'html_body', 'text_body'])
          .where('ticket_id', '=', id)
          .execute();
        assert.equal(mails.length, 2);
        for (const mail of mails) {
          const html = mail.html_body;
          if (/[<>"'&]/.test(payload)) {
            assert.ok(!html.includes(payload), `payload ${i} appears unescaped in the HTML of ${mail.subject}`);
            if (mail.kind === 'notification') assert.ok(html.includes(escapeHtml(`Before ${payload} after`)), `payload ${i} escaped`);
          }
          if (mail.kind === 'confirmation')
            assert.ok(!mail.text_body.includes('Before ') && !html.includes('Before '), 'the confirmation never repeats the description');
          const tags = new Set([...html.matchAll(/<\s*([a-zA-Z][\w-]*)/g)].map((m) => m[1].toLowerCase()));
          for (const tag of tags)
            assert.ok(
              ['html', 'head', 'meta', 'title', 'body', 'p', 'blockquote', 'a'].includes(tag),
              `unexpected <${tag}> in mail for payload ${i}`,
            );
          assert.ok(!/\son\w+\s*=/i.test(html), `event handler attribute in mail for payload ${i}`);
          assert.ok(!/[\r\n]/.test(mail.subject), 'no line break can reach a header');
          checked++;
        }
      }
      assert.equal(checked, XSS.length * 2);
    } finally {
      await server.stop();
    }
  });
});

describe('SMTP outage', () => {
  it('queues while SMTP is down and delivers every mail exactly once when it is back', async () => {
    const smtp = new SmtpPeer();
    const port = await smtp.start();
    await smtp.stop(); // down: connections are refused
    const server = await startServer({ env: { ...FAST, SMTP_URL: `smtp://127.0.0.1:${port}` } });
    try {
      const references: string[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await post(server.url, '/api/tickets', validTicket({ subject: `Outage ticket ${i}` }));
        references.push(res.body.reference);
      }
      // Every mail was tried at least once and failed.
      const { db } = server.running.store;
      await eventually(
        async () => {
          const rows = await db.selectFrom('outbox').select(['attempts', 'status']).execute();
          return rows.length === 12 && rows.some((r) => Number(r.attempts) >= 1) && rows.every((r) => r.status !== 'sent');
        },
        10_000,
        'failed attempts',
      );
      const failed = await db.selectFrom('outbox').select(['last_error']).where('attempts', '>=', 1).execute();
      assert.ok(
        failed.every((r) => r.last_error && /ECONNREFUSED|connect/i.test(r.last_error)),
        JSON.stringify(failed),
      );

      smtp.failNext = 2; // back up, but flaky at first: two temporary failures
      await smtp.start(port);
      await eventually(
        async () => {
          const rows = await db.selectFrom('outbox').select('status').execute();
          return rows.every((r) => r.status === 'sent');
        },
        30_000,
        'delivery after the outage',
      );
      // Give a duplicate every chance to show up.
      await new Promise((r) => setTimeout(r, 500));
      const ids = smtp.received.map((m) => m.messageId);
      assert.equal(ids.length, 12, `12 mails expected, got ${ids.length}`);
      assert.equal(new Set(ids).size, 12, 'no mail delivered twice');
      for (const reference of references) assert.equal(smtp.received.filter((m) => m.subject.includes(reference)).length, 2);
      // The two mails deferred at DATA were sent again under the Message-ID of their first try.
      const retried = smtp.messageIdsTried.filter((id, i, all) => all.indexOf(id) !== i);
      assert.equal(retried.length, 2);
      assert.ok(retried.every((id) => ids.includes(id)));
      const attempts = await db.selectFrom('outbox').select('attempts').execute();
      assert.ok(
        attempts.some((r) => Number(r.attempts) >= 2),
        'some mails needed a retry',
      );
    } finally {
      await server.stop();
      await smtp.stop();
    }
  });

  it('without SMTP_URL mail stays in the outbox, and a later start with SMTP delivers it', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'helpway-outbox-'));
    const smtp = new SmtpPeer();
    try {
      const first = await startServer({ dataDir, env: { ...FAST } });
      const res = await post(first.url, '/api/tickets', validTicket({ subject: 'Waits for SMTP' }));
      const pending = await first.running.store.db.selectFrom('outbox').select('status').execute();
      assert.deepEqual(
        pending.map((r) => r.status),
        ['queued', 'queued'],
      );
      await first.stop();
      await smtp.start();
      const second = await startServer({ dataDir, env: { ...FAST, SMTP_URL: smtp.url } });
      try {
        await eventually(async () => smtp.received.length === 2, 10_000, 'delivery on the next start');
        assert.ok(smtp.received.every((m) => m.subject.includes(res.body.reference)));
      } finally {
        await second.stop();
      }
    } finally {
      await smtp.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

const PG_URL = process.env.TEST_DATABASE_URL;
describe('Two outbox workers on one PostgreSQL database', () => {
  it('never send the same row twice', { skip: PG_URL ? false : 'two-worker outbox test skipped: TEST_DATABASE_URL not set' }, async () => {
    const url = PG_URL!;
    const { newSchemaName, dropSchema } = await import('../support/api-server.ts');
    const schema = newSchemaName();
    const smtp = new SmtpPeer();
    await smtp.start();
    const a = await startServer({ databaseUrl: url, databaseSchema: schema, env: { ...FAST, SMTP_URL: smtp.url } });
    const b = await startServer({ databaseUrl: url, databaseSchema: schema, env: { ...FAST, SMTP_URL: smtp.url } });
    try {
      for (let i = 0; i < 10; i++) await post((i % 2 ? a : b).url, '/api/tickets', validTicket({ subject: `Two workers ${i}` }));
      await eventually(async () => smtp.received.length >= 20, 15_000, '20 mails');
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(smtp.received.length, 20);
      assert.equal(new Set(smtp.received.map((m) => m.messageId)).size, 20);
    } finally {
      await a.stop();
      await b.stop();
      await smtp.stop();
      await dropSchema(url, schema);
    }
  });
});
