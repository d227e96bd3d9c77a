/**
 * Hardened mail delivery over a real SMTP peer, on SQLite and
 * PostgreSQL. Mail is queued through the real API with no SMTP_URL, then a real OutboxWorker runs
 * rounds one at a time, so "in the same round" and "after one try" are facts, not timings.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachStore, post, validTicket } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { enqueueMail } from '../../api/src/mail/outbox.ts';
import { OutboxWorker, type OutboxWorkerOptions } from '../../api/src/mail/outbox-worker.ts';
import { classifySmtpFailure } from '../../api/src/mail/smtp-failure.ts';
import { OUTBOX_KEY_NAME, sealLinkTokensInOutbox } from '../../api/src/mail/sealed-secret.ts';
import { signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import { ConfigError, readConfig } from '../../api/src/config.ts';
import { SmtpPeer } from './smtp-peer.ts';

const QUIET = { HELPWAY_RATE_LIMITS: 'off' };

function worker(server: TestServer, smtp: SmtpPeer, options: Partial<OutboxWorkerOptions> = {}): OutboxWorker {
  return new OutboxWorker({
    db: server.running.store.db,
    smtpUrl: smtp.url,
    from: 'Kestrel support <support@kestrel-learning.example>',
    pollMs: 60_000,
    backoffMs: 1,
    maxAttempts: 3,
    maxAgeMs: 24 * 3_600_000,
    log: () => {},
    ...options,
  });
}

const idOf = (reference: string) => Number(reference.slice(3)) - 1000;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function fileTicket(server: TestServer, overrides: Record<string, unknown> = {}) {
  const res = await post(server.url, '/api/tickets', validTicket(overrides));
  assert.equal(res.status, 201, res.text);
  return res.body as { reference: string; token: string };
}

forEachStore('Mail delivery', (target) => {
  describe('one refused recipient never blocks the others', () => {
    let server: TestServer;
    let admin: AgentSession;
    const smtp = new SmtpPeer();
    before(async () => {
      await smtp.start();
      server = await target.start(withAdmin({ env: QUIET }));
      admin = await signIn(server.url);
    });
    after(async () => {
      await server?.stop();
      await smtp.stop();
    });

    it('delivers a confirmation queued behind 40 refused recipients in the same round; the refused ones fail after one try', async () => {
      const refused = Array.from({ length: 40 }, (_, i) => `nobody${i}@refused.example`);
      for (const address of refused) smtp.refuse.set(address, 550);
      for (const [i, email] of refused.entries())
        await fileTicket(server, { subject: `Refused ${i}`, requester: { name: 'Nobody', email } });
      const good = await fileTicket(server, {
        subject: 'The one that matters',
        requester: { name: 'Ada Admin', email: 'ada@college.example' },
      });

      const round = worker(server, smtp);
      try {
        await round.runOnce();
      } finally {
        await round.stop();
      }
      assert.ok(
        smtp.received.some((m) => m.to.includes('ada@college.example') && m.subject.includes(good.reference)),
        'the good confirmation went out in the first round',
      );
      assert.equal(smtp.received.filter((m) => m.to.includes('support@kestrel-learning.example')).length, 41, 'every notification too');
      for (const address of refused) assert.equal(smtp.recipientsTried.filter((a) => a === address).length, 1, `${address} tried once`);

      const rows = await server.running.store.db
        .selectFrom('outbox')
        .select(['to_address', 'status', 'attempts', 'last_error'])
        .where('kind', '=', 'confirmation')
        .execute();
      for (const row of rows.filter((r) => refused.includes(r.to_address))) {
        assert.equal(row.status, 'failed');
        assert.equal(Number(row.attempts), 1);
        assert.match(row.last_error ?? '', /^Refused: 550\b.*no such user.*RCPT TO/);
      }

      // Agents see why in the mail log.
      const log = await admin.get('/api/inbox/mail');
      const shown = log.body.mail.filter((m: any) => refused.includes(m.to));
      assert.equal(shown.length, 40);
      assert.ok(
        shown.every((m: any) => m.status === 'failed' && /550/.test(m.lastError) && m.nextAttemptAt === null),
        JSON.stringify(shown[0]),
      );
      assert.equal(log.body.mail.find((m: any) => m.to === 'ada@college.example').status, 'sent');
    });
  });

  describe('temporary failures and relay outages', () => {
    let server: TestServer;
    const smtp = new SmtpPeer();
    before(async () => {
      await smtp.start();
      server = await target.start(withAdmin({ env: QUIET }));
    });
    after(async () => {
      await server?.stop();
      await smtp.stop();
    });

    it('retries a deferred mail with the same Message-ID, and gives up after the maximum tries or age', async () => {
      const { db } = server.running.store;
      const flaky = await fileTicket(server, { subject: 'Deferred twice', requester: { name: 'Ada', email: 'ada@college.example' } });
      const busy = await fileTicket(server, { subject: 'Mailbox busy', requester: { name: 'Bo', email: 'busy@college.example' } });
      const old = await fileTicket(server, { subject: 'Greylisted for days', requester: { name: 'Cy', email: 'grey@college.example' } });
      smtp.refuse.set('busy@college.example', 451);
      smtp.refuse.set('grey@college.example', 450);
      await db
        .updateTable('outbox')
        .set({ created_at: new Date(Date.now() - 25 * 3_600_000).toISOString() })
        .where('ticket_id', '=', idOf(old.reference))
        .execute();
      smtp.failNext = 2; // the first two messages that reach DATA get 451

      const rounds = worker(server, smtp, { maxAttempts: 3 });
      try {
        for (let i = 0; i < 4; i++) {
          await rounds.runOnce();
          await pause(20);
        }
      } finally {
        await rounds.stop();
      }
      const rows = await db.selectFrom('outbox').selectAll().execute();
      const row = (ref: string, kind: string) => rows.find((r) => r.ticket_id === idOf(ref) && r.kind === kind)!;

      // At-least-once with a stable Message-ID: every try of a row carried the same one.
      const retried = smtp.messageIdsTried.filter((id, i, all) => all.indexOf(id) !== i);
      assert.equal(retried.length, 2, `two messages deferred at DATA and sent again: ${JSON.stringify(smtp.messageIdsTried)}`);
      for (const id of retried)
        assert.equal(
          smtp.received.filter((m) => m.messageId === id).length,
          1,
          'delivered once, under the Message-ID it was first tried with',
        );
      assert.ok(rows.filter((r) => retried.includes(r.message_id)).every((r) => r.status === 'sent' && Number(r.attempts) === 2));
      assert.equal(row(flaky.reference, 'confirmation').status, 'sent');

      const gaveUp = row(busy.reference, 'confirmation');
      assert.equal(gaveUp.status, 'failed');
      assert.equal(Number(gaveUp.attempts), 3);
      assert.match(gaveUp.last_error ?? '', /^Gave up after 3 tries: 451\b/);
      assert.equal(smtp.recipientsTried.filter((a) => a === 'busy@college.example').length, 3);

      const tooOld = row(old.reference, 'confirmation');
      assert.equal(tooOld.status, 'failed');
      assert.equal(Number(tooOld.attempts), 1);
      assert.match(tooOld.last_error ?? '', /^Gave up at 24 h of age: 450\b/);
      assert.equal(row(busy.reference, 'notification').status, 'sent', "the same ticket's other mail was not held up");
    });

    it('stops a round at an unreachable relay and backs off instead of trying every mail', async () => {
      const { db } = server.running.store;
      await db.deleteFrom('outbox').execute();
      const down = new SmtpPeer();
      await down.start();
      await down.stop(); // nothing listens: connections are refused
      for (let i = 0; i < 3; i++) await fileTicket(server, { subject: `While the relay is down ${i}` });
      const rounds = worker(server, down, { backoffMs: 60_000 });
      try {
        await rounds.runOnce();
        await rounds.runOnce(); // within the relay backoff: tries nothing
      } finally {
        await rounds.stop();
      }
      const rows = await db.selectFrom('outbox').select(['status', 'attempts', 'last_error']).execute();
      assert.equal(rows.length, 6);
      assert.ok(
        rows.every((r) => r.status === 'queued'),
        'nothing given up: the relay, not the mail, is at fault',
      );
      const tried = rows.filter((r) => Number(r.attempts) > 0);
      assert.equal(tried.length, 1, JSON.stringify(rows));
      assert.equal(Number(tried[0].attempts), 1);
      assert.match(tried[0].last_error ?? '', /ECONNREFUSED|connect/i);
    });
  });

  describe('requester tokens', () => {
    for (const secretKey of [undefined, 'a-long-server-secret-for-the-tests-0123456789']) {
      it(`are never stored in the outbox or shown in the mail log, and the mailed link opens the status page${secretKey ? ' (HELPWAY_SECRET_KEY set)' : ''}`, async () => {
        const smtp = new SmtpPeer();
        await smtp.start();
        const server = await target.start(withAdmin({ env: { ...QUIET, HELPWAY_SECRET_KEY: secretKey } }));
        try {
          const { db } = server.running.store;
          const admin = await signIn(server.url);
          const { reference, token } = await fileTicket(server, {
            subject: 'Where is my link?',
            requester: { name: 'Ada', email: 'ada@college.example' },
          });
          const secrets = [token, encodeURIComponent(token)];
          const holds = (value: unknown) => secrets.some((s) => JSON.stringify(value).includes(s));

          assert.ok(!holds(await db.selectFrom('outbox').selectAll().execute()), 'the queued rows hold no token');
          const log = await admin.get('/api/inbox/mail');
          assert.ok(
            log.body.mail.some((m: any) => m.kind === 'confirmation' && /\?token=/.test(m.text)),
            'the log still shows where the link goes',
          );
          assert.ok(!log.text.includes(token), 'the mail log shows no token');
          const detail = await admin.get(`/api/inbox/tickets/${reference}`);
          assert.ok(detail.body.mail.length >= 2 && !detail.text.includes(token), "nor does the ticket's mail list");

          const round = worker(server, smtp, { secretKey });
          try {
            await round.runOnce();
          } finally {
            await round.stop();
          }
          const mail = smtp.received.find((m) => m.to.includes('ada@college.example'))!;
          assert.ok(mail, 'confirmation delivered');
          const link = `${server.url}/tickets/${reference}?token=${encodeURIComponent(token)}`;
          assert.ok(mail.text.includes(link), mail.text);
          assert.ok(mail.html.includes(`href="${link.replaceAll('=', '&#61;')}"`), mail.html);
          const page = await fetch(link);
          assert.equal(page.status, 200);
          assert.match(await page.text(), new RegExp(`${reference}: Where is my link\\?`));
          assert.ok(!holds(await db.selectFrom('outbox').selectAll().execute()), 'nor do the sent rows');
          assert.ok(!(await admin.get('/api/inbox/mail')).text.includes(token));
        } finally {
          await server.stop();
          await smtp.stop();
        }
      });
    }

    it('are sealed in mail queued before the upgrade, which still delivers a working link', async () => {
      const smtp = new SmtpPeer();
      await smtp.start();
      const server = await target.start(withAdmin({ env: QUIET }));
      try {
        const { db } = server.running.store;
        const { reference, token } = await fileTicket(server, { channel: 'chat', subject: 'Old confirmation' }); // a chat queues no confirmation
        const link = `${server.url}/tickets/${reference}?token=${token}`;
        // A confirmation as the old code wrote it, token in plain text, and one already sent.
        await enqueueMail(db, [
          {
            kind: 'confirmation',
            to: 'old@college.example',
            ticketId: idOf(reference),
            reference,
            subject: `[${reference}] We received your request`,
            text: `See ${reference}: ${link}\n`,
            html: `<p><a href="${link}">See</a></p>`,
          },
        ]);
        await enqueueMail(db, [
          {
            kind: 'confirmation',
            to: 'sent@college.example',
            ticketId: idOf(reference),
            reference,
            subject: `[${reference}] Sent long ago`,
            text: `See: ${link}\n`,
            html: `<p><a href="${link}">See</a></p>`,
          },
        ]);
        await db.updateTable('outbox').set({ status: 'sent' }).where('to_address', '=', 'sent@college.example').execute();

        const { value } = await db.selectFrom('server_keys').select('value').where('name', '=', OUTBOX_KEY_NAME).executeTakeFirstOrThrow();
        assert.equal(await sealLinkTokensInOutbox(db, value), 2);
        assert.ok(!JSON.stringify(await db.selectFrom('outbox').selectAll().execute()).includes(token));

        const round = worker(server, smtp);
        try {
          await round.runOnce();
        } finally {
          await round.stop();
        }
        const mail = smtp.received.find((m) => m.to.includes('old@college.example'))!;
        assert.ok(mail.text.includes(link), mail.text);
        assert.equal((await fetch(link)).status, 200);
      } finally {
        await server.stop();
        await smtp.stop();
      }
    });
  });

  describe('confirmations to one address', () => {
    let server: TestServer;
    let admin: AgentSession;
    before(async () => {
      server = await target.start(withAdmin({ env: { ...QUIET, HELPWAY_CONFIRMATIONS_PER_HOUR: '2' } }));
      admin = await signIn(server.url);
    });
    after(() => server?.stop());

    it('are limited per hour (case and +tags count as one address); tickets are still created and support still told', async () => {
      const addresses = ['victim@school.example', 'Victim+a@School.example', 'VICTIM@school.example', 'victim+b@school.example'];
      const tickets = [];
      for (const email of addresses)
        tickets.push(await fileTicket(server, { subject: 'Buy cheap watches', requester: { name: 'Visit spam.example', email } }));
      const other = await fileTicket(server, { requester: { name: 'Ada', email: 'ada@college.example' } });

      const rows = await server.running.store.db.selectFrom('outbox').select(['ticket_id', 'kind', 'status', 'last_error']).execute();
      const confirmations = tickets.map((t) => rows.find((r) => r.ticket_id === idOf(t.reference) && r.kind === 'confirmation')!);
      assert.deepEqual(
        confirmations.map((r) => r.status),
        ['queued', 'queued', 'suppressed', 'suppressed'],
      );
      assert.match(confirmations[2].last_error ?? '', /^Not sent: 2 automatic mails went to this address in the last hour \(limit 2/);
      assert.equal(rows.filter((r) => r.kind === 'notification' && r.status === 'queued').length, 5);
      assert.equal(rows.find((r) => r.ticket_id === idOf(other.reference) && r.kind === 'confirmation')!.status, 'queued');

      const log = await admin.get('/api/inbox/mail');
      const suppressed = log.body.mail.filter((m: any) => m.status === 'suppressed');
      assert.equal(suppressed.length, 2);
      assert.ok(suppressed.every((m: any) => m.nextAttemptAt === null && /limit 2/.test(m.lastError)));
    });

    it('repeat only the subject of what the requester wrote; the support notification keeps the description', async () => {
      const description = 'Call +1 555 0100 now for a prize, click http://spam.example/win';
      const { reference } = await fileTicket(server, {
        subject: 'Quiz grades missing',
        description,
        requester: { name: 'Winner Visit-spam-example', email: 'someone@college.example' },
      });
      const rows = await server.running.store.db
        .selectFrom('outbox')
        .select(['kind', 'subject', 'text_body', 'html_body'])
        .where('ticket_id', '=', idOf(reference))
        .execute();
      const confirmation = rows.find((r) => r.kind === 'confirmation')!;
      const notification = rows.find((r) => r.kind === 'notification')!;
      for (const body of [confirmation.text_body, confirmation.html_body]) {
        assert.ok(!body.includes('spam.example') && !body.includes('555 0100'), 'no description');
        assert.ok(!body.includes('Winner'), 'no requester name');
        assert.match(body, /Quiz grades missing/);
      }
      assert.match(confirmation.subject, /Quiz grades missing/);
      assert.ok(notification.text_body.includes(description));
    });
  });
});

describe('SMTP failure classes', () => {
  it('tells a refused mail from a deferred one and from a relay that cannot be used', () => {
    const smtpError = (props: Record<string, unknown>) => Object.assign(new Error('failed'), props);
    assert.equal(
      classifySmtpFailure(smtpError({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, response: '550 5.1.1 No such user' })).kind,
      'permanent',
    );
    assert.equal(
      classifySmtpFailure(smtpError({ code: 'EMESSAGE', command: 'DATA', responseCode: 554, response: '554 Rejected as spam' })).kind,
      'permanent',
    );
    assert.equal(
      classifySmtpFailure(smtpError({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 452, response: '452 Mailbox full' })).kind,
      'temporary',
    );
    assert.equal(
      classifySmtpFailure(smtpError({ code: 'EMESSAGE', command: 'DATA', responseCode: 451, response: '451 Try later' })).kind,
      'temporary',
    );
    assert.equal(
      classifySmtpFailure(smtpError({ code: 'EENVELOPE', command: 'MAIL FROM', responseCode: 421, response: '421 Closing channel' })).kind,
      'relay',
    );
    assert.equal(classifySmtpFailure(smtpError({ code: 'ESOCKET', command: 'CONN' })).kind, 'relay');
    assert.equal(classifySmtpFailure(smtpError({ code: 'ETIMEDOUT', command: 'CONN' })).kind, 'relay');
    assert.equal(
      classifySmtpFailure(smtpError({ code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 535, response: '535 Bad credentials' })).kind,
      'relay',
      'a wrong SMTP password must not fail every mail',
    );
    assert.deepEqual(
      classifySmtpFailure(smtpError({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, response: '550 5.1.1 No\r\n such user' })),
      { kind: 'permanent', reason: '550 5.1.1 No such user (RCPT TO)' },
    );
  });
});

describe('Mail settings', () => {
  it('have documented defaults and refuse a short HELPWAY_SECRET_KEY at start, naming it', () => {
    const { escalation } = readConfig({});
    assert.deepEqual(
      [escalation.outboxMaxAttempts, escalation.outboxMaxAgeHours, escalation.confirmationsPerHour, escalation.secretKey],
      [20, 24, 5, undefined],
    );
    assert.throws(
      () => readConfig({ HELPWAY_SECRET_KEY: 'too-short' }),
      (error: Error) => error instanceof ConfigError && /HELPWAY_SECRET_KEY is too short/.test(error.message),
    );
    assert.throws(() => readConfig({ HELPWAY_CONFIRMATIONS_PER_HOUR: '0' }), /HELPWAY_CONFIRMATIONS_PER_HOUR/);
  });
});
