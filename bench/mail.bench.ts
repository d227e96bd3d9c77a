/**
 * Mail head-of-line blocking: a real SMTP peer refuses 40 recipients with 550,
 * their 40 confirmations are queued first, then a normal confirmation. Prints the time until the
 * normal confirmation is delivered, with the server's default outbox settings (poll 1 s, backoff 2 s).
 *
 *   1. live: the server has SMTP_URL; 40 tickets to refused addresses, then the normal one;
 *      timed from the normal ticket's 201 until the peer has its confirmation
 *   2. backlog: the 41 tickets are filed while SMTP_URL is unset, then the server starts again
 *      with SMTP_URL; timed from that start until the peer has the normal confirmation
 *
 * SQLite, and PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set. Goal ≤ 5 s (it was
 * ~5 minutes when any refusal ended the round). Figures only; nothing passes or fails on time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, newSchemaName, dropSchema, type StartServerOptions } from '../test/support/api-server.ts';
import { post, validTicket } from '../test/api/helpers.ts';
import { SmtpPeer } from '../test/mail/smtp-peer.ts';

const REFUSED = 40;
const ENV = { HELPWAY_RATE_LIMITS: 'off', HELPWAY_REQUEST_LOG: '0' };
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

async function fileTickets(base: string, smtp: SmtpPeer): Promise<string> {
  for (let i = 0; i < REFUSED; i++) {
    const address = `nobody${i}@refused.example`;
    smtp.refuse.set(address, 550);
    const res = await post(base, '/api/tickets', validTicket({ subject: `Refused ${i}`, requester: { name: 'Nobody', email: address } }));
    if (res.status !== 201) throw new Error(`ticket: ${res.status} ${res.text}`);
  }
  const good = await post(
    base,
    '/api/tickets',
    validTicket({ subject: 'The one that matters', requester: { name: 'Ada', email: 'ada@college.example' } }),
  );
  if (good.status !== 201) throw new Error(`ticket: ${good.status} ${good.text}`);
  return good.body.reference;
}

async function delivered(smtp: SmtpPeer, reference: string, limitMs = 600_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!smtp.received.some((m) => m.to.includes('ada@college.example') && m.subject.includes(reference))) {
    if (Date.now() > until) throw new Error(`the confirmation of ${reference} was not delivered within ${limitMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function live(label: string, store: StartServerOptions): Promise<void> {
  const smtp = new SmtpPeer();
  await smtp.start();
  const server = await startServer({ ...store, env: { ...ENV, SMTP_URL: smtp.url } });
  try {
    const started = performance.now();
    const reference = await fileTickets(server.url, smtp);
    const filed = performance.now();
    await delivered(smtp, reference);
    const done = performance.now();
    console.log(
      `${label} live: normal confirmation delivered ${seconds(done - filed)} after its ticket was filed (${REFUSED} refused ones filed first, ${seconds(filed - started)} to file all)`,
    );
  } finally {
    await server.stop();
    await smtp.stop();
  }
}

async function backlog(label: string, store: StartServerOptions, cleanup: () => Promise<void>): Promise<void> {
  const smtp = new SmtpPeer();
  await smtp.start();
  try {
    const first = await startServer({ ...store, env: { ...ENV } });
    const reference = await fileTickets(first.url, smtp);
    await first.stop();
    const started = performance.now();
    const second = await startServer({ ...store, env: { ...ENV, SMTP_URL: smtp.url } });
    try {
      await delivered(smtp, reference);
      const done = performance.now();
      const refused = smtp.recipientsTried.filter((a) => a.endsWith('@refused.example')).length;
      console.log(
        `${label} backlog: normal confirmation delivered ${seconds(done - started)} after the server started with ${REFUSED} refused confirmations queued ahead (refused recipients tried: ${refused})`,
      );
    } finally {
      await second.stop();
    }
  } finally {
    await smtp.stop();
    await cleanup();
  }
}

await live('SQLite', {});
const dataDir = mkdtempSync(path.join(tmpdir(), 'helpway-mail-bench-'));
await backlog('SQLite', { dataDir }, async () => rmSync(dataDir, { recursive: true, force: true }));

if (PG_URL) {
  await live('PostgreSQL', { databaseUrl: PG_URL });
  const schema = newSchemaName();
  await backlog('PostgreSQL', { databaseUrl: PG_URL, databaseSchema: schema }, () => dropSchema(PG_URL, schema));
} else {
  console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
}
