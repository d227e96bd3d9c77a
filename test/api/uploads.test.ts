/**
 * Attachments over real HTTP: files are uploaded one by one to
 * POST /api/uploads (size limit while streaming, type and magic bytes, visible plain names), and
 * a ticket or message claims them by upload id: once, for the same site, within a day. Bytes per
 * hour are bounded per site and per client address.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadPolicy } from '../../content/src/load.ts';
import { addSite } from '../../api/src/sites/sites.ts';
import { pruneUploads } from '../../api/src/uploads/service.ts';
import { hashToken } from '../../api/src/tickets/secrets.ts';
import {
  answerBeforeBody,
  assertError,
  call,
  forEachStore,
  sendUntilAnswered,
  MONDAY_MORNING,
  post,
  upload,
  uploadIds,
  validTicket,
} from './helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { signIn, withAdmin } from '../inbox/support.ts';

const policy = await loadPolicy();
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const KB = 1024;

forEachStore('uploads', (target) => {
  let server: TestServer;
  let url: string;
  let now = MONDAY_MORNING.getTime();
  before(async () => {
    server = await target.start(withAdmin({ clock: { now: () => new Date(now) } }));
    url = server.url;
    await addSite(
      server.running.store.db,
      policy,
      { key: 'acme', name: 'Acme College', plan: 'standard', origins: ['https://lms.acme.example'] },
      new Date(now),
    );
  });
  after(() => server.stop());

  describe('POST /api/uploads', () => {
    it('stores a file and answers an opaque id, kept only as a hash', async () => {
      const res = await upload(url, 'screen.png', PNG);
      assert.equal(res.status, 201, res.text);
      assert.match(res.body.id, /^up_[A-Za-z0-9_-]{43}$/);
      assert.deepEqual([res.body.filename, res.body.contentType, res.body.size], ['screen.png', 'image/png', PNG.length]);
      assert.equal(res.body.expiresAt, new Date(now + 24 * 3_600_000).toISOString());
      const row = await server.running.store.db
        .selectFrom('uploads')
        .selectAll()
        .where('token_hash', '=', hashToken(res.body.id))
        .executeTakeFirstOrThrow();
      assert.deepEqual(Buffer.from(row.data), PNG);
      const all = await server.running.store.db.selectFrom('uploads').select(['token_hash']).execute();
      assert.ok(all.every((r) => r.token_hash !== res.body.id && /^[0-9a-f]{64}$/.test(r.token_hash)));
    });

    it('refuses a type the policy does not allow, and content that does not match its extension', async () => {
      assertError(await upload(url, 'setup.exe', 'MZ\u0000\u0000'), 422, 'validation_failed', 'filename');
      assertError(await upload(url, 'noextension', 'x'), 422, 'validation_failed', 'filename');
      assertError(await upload(url, 'report.pdf', 'MZ\u0090\u0000 this is an exe'), 422, 'validation_failed', 'file');
      assertError(await upload(url, 'photo.jpg', PNG), 422, 'validation_failed', 'file');
      assertError(await upload(url, 'notes.txt', Buffer.from([0x4d, 0x5a, 0x00, 0x01, 0x02])), 422, 'validation_failed', 'file');
      assertError(await upload(url, 'empty.txt', ''), 422, 'validation_failed', 'file');
      const pdf = await upload(url, 'Report.PDF', '%PDF-1.7\n%…');
      assert.equal(pdf.status, 201, pdf.text);
      assert.equal(pdf.body.contentType, 'application/pdf');
      assert.equal((await upload(url, 'spec.docx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).status, 201);
    });

    it('refuses a name that is not a plain file name, or an unknown site, naming the field', async () => {
      assertError(await upload(url, '../../etc/passwd.txt', 'x'), 422, 'validation_failed', 'filename');
      assertError(await upload(url, '', 'x'), 422, 'validation_failed', 'filename');
      assertError(await upload(url, 'a.txt', 'x', { site: 'nope' }), 422, 'unknown_site', 'site');
      assertError(await call(url, '/api/uploads?site=demo', { method: 'POST', body: 'x' }), 422, 'validation_failed', 'filename');
    });

    it('refuses names with bidi controls or other invisible characters (U+202E shows "\\u202Egnp.html" as "lmth.png")', async () => {
      for (const name of [
        '\u202Egnp.html',
        'invoice\u202Efdp.exe.txt',
        'a\u2066b\u2069.txt',
        'x\u200E.txt',
        'x\u200F.txt',
        'x\u061C.txt',
        'zero\u200Bwidth.txt',
        'joiner\u200D.txt',
        'bom\uFEFFin.txt',
        'word\u2060joiner.txt',
        'soft\u00ADhyphen.txt',
        'tag\u{E0041}.txt',
        'filler\u3164.txt',
      ]) {
        const error = assertError(await upload(url, name, 'hello'), 422, 'validation_failed', 'filename');
        assert.match(error.fields!.filename, /U\+[0-9A-F]{4,5}/, name);
      }
      const res = await upload(url, 'résumé – 2026 (版本).txt', 'hello');
      assert.equal(res.status, 201, 'visible Unicode names are fine');
      assert.equal(res.body.filename, 'résumé – 2026 (版本).txt');
    });

    it('refuses a file over the limit: a larger Content-Length before reading, a chunked body as it passes the limit', async () => {
      const declared = await answerBeforeBody(
        url,
        '/api/uploads?site=demo&filename=big.txt',
        { 'content-type': 'text/plain', 'content-length': String(policy.attachments.maxBytes + 1) },
        'AAAA',
      );
      assert.equal(declared.status, 413);
      assert.equal(declared.body.error.code, 'payload_too_large');
      const chunk = Buffer.from('a,b\n'.repeat((64 * KB) / 4));
      const chunks = Array.from({ length: Math.ceil(policy.attachments.maxBytes / chunk.length) + 8 }, () => chunk);
      const chunked = await sendUntilAnswered(url, '/api/uploads?site=demo&filename=big.csv', { 'content-type': 'text/csv' }, chunks);
      assert.equal(chunked.status, 413);
      assert.equal(chunked.body.error.code, 'payload_too_large');
      assert.match(chunked.body.error.message, /The file is larger than 10 MB/);
      const max = await upload(url, 'max.csv', Buffer.alloc(policy.attachments.maxBytes, 0x41));
      assert.equal(max.status, 201, max.text.slice(0, 300));
      assert.equal(max.body.size, policy.attachments.maxBytes);
    });

    it("applies the site's CORS and Origin rules", async () => {
      const refused = await upload(url, 'a.txt', 'hello', { site: 'acme', headers: { origin: 'https://evil.example' } });
      assertError(refused, 403, 'origin_not_allowed');
      assert.equal(refused.headers.get('access-control-allow-origin'), null);
      const allowed = await upload(url, 'a.txt', 'hello', { site: 'acme', headers: { origin: 'https://lms.acme.example' } });
      assert.equal(allowed.status, 201, allowed.text);
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://lms.acme.example');
      const preflight = await fetch(`${url}/api/uploads?site=acme&filename=a.png`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://lms.acme.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://lms.acme.example');
    });
  });

  describe('claiming uploads', () => {
    it('a ticket claims its uploads over HTTP: stored with the ticket, downloadable by the requester, in order', async () => {
      const ids = await uploadIds(url, [
        ['notes.txt', 'steps: 1, 2, 3'],
        ['screen.png', PNG],
      ]);
      const created = await post(url, '/api/tickets', validTicket({ attachments: ids }));
      assert.equal(created.status, 201, created.text);
      assert.deepEqual(
        created.body.attachments.map((a: any) => [a.filename, a.contentType, a.size]),
        [
          ['notes.txt', 'text/plain', 14],
          ['screen.png', 'image/png', PNG.length],
        ],
      );
      const got = await call(url, `/api/tickets/${created.body.reference}`, { headers: { authorization: `Bearer ${created.body.token}` } });
      assert.deepEqual(
        got.body.attachments.map((a: any) => a.filename),
        ['notes.txt', 'screen.png'],
      );
      const png = got.body.attachments[1];
      const download = await fetch(url + png.url, { headers: { authorization: `Bearer ${created.body.token}` } });
      assert.equal(download.headers.get('content-type'), 'image/png');
      assert.deepEqual(Buffer.from(await download.arrayBuffer()), PNG);
      // The upload rows keep their size (hourly volume) but not the bytes.
      const rows = await server.running.store.db
        .selectFrom('uploads')
        .select(['data', 'size', 'claimed_at'])
        .where('token_hash', 'in', ids.map(hashToken))
        .execute();
      assert.deepEqual(rows.map((r) => [Buffer.from(r.data).length, Number(r.size), r.claimed_at !== null]).sort(), [
        [0, 14, true],
        [0, PNG.length, true],
      ]);
    });

    it('an upload is claimed once: a second ticket naming it is refused and stores nothing', async () => {
      const [id] = await uploadIds(url, [['once.txt', 'only once']]);
      assert.equal((await post(url, '/api/tickets', validTicket({ attachments: [id] }))).status, 201);
      const before = await server.running.store.db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const again = await post(url, '/api/tickets', validTicket({ subject: 'Reusing a file', attachments: [id] }));
      const error = assertError(again, 422, 'validation_failed', 'attachments.0');
      assert.match(error.fields!['attachments.0'], /upload the file again/);
      const after = await server.running.store.db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(after.n), Number(before.n));
    });

    it('only a ticket of the same site can claim an upload', async () => {
      const [acmeFile] = await uploadIds(url, [['acme.txt', 'for acme']], { site: 'acme' });
      assertError(
        await post(url, '/api/tickets', validTicket({ site: 'demo', attachments: [acmeFile] })),
        422,
        'validation_failed',
        'attachments.0',
      );
      const ok = await post(url, '/api/tickets', validTicket({ site: 'acme', attachments: [acmeFile] }));
      assert.equal(ok.status, 201, ok.text);
    });

    it('a refused ticket leaves its uploads claimable', async () => {
      const [id] = await uploadIds(url, [['kept.txt', 'still here']]);
      assertError(
        await post(url, '/api/tickets', validTicket({ severity: 'S9', attachments: [id] })),
        422,
        'validation_failed',
        'severity',
      );
      assertError(
        await post(url, '/api/tickets', validTicket({ attachments: [id, 'up_' + 'Z'.repeat(43)] })),
        422,
        'validation_failed',
        'attachments.1',
      );
      const ok = await post(url, '/api/tickets', validTicket({ attachments: [id] }));
      assert.equal(ok.status, 201, ok.text);
      assert.equal(ok.body.attachments[0].filename, 'kept.txt');
    });

    it('a retry with the same Idempotency-Key replays the ticket instead of refusing its claimed files', async () => {
      const ids = await uploadIds(url, [['retry.txt', 'sent twice']]);
      const key = `uploads-${Math.random()}`;
      const first = await post(url, '/api/tickets', validTicket({ attachments: ids }), { 'idempotency-key': key });
      assert.equal(first.status, 201, first.text);
      const again = await post(url, '/api/tickets', validTicket({ attachments: ids }), { 'idempotency-key': key });
      assert.equal(again.status, 200, again.text);
      assert.equal(again.body.reference, first.body.reference);
      assert.deepEqual(again.body.attachments, first.body.attachments);
    });

    it("a message claims uploads of its ticket's site", async () => {
      const ticket = (await post(url, '/api/tickets', validTicket())).body;
      const auth = { authorization: `Bearer ${ticket.token}` };
      const ids = await uploadIds(url, [['more.txt', 'more detail']]);
      const res = await post(url, `/api/tickets/${ticket.reference}/messages`, { body: 'Here is the log.', attachments: ids }, auth);
      assert.equal(res.status, 201, res.text);
      assert.deepEqual(res.body.attachments, [{ filename: 'more.txt', contentType: 'text/plain', size: 11 }]);
      const got = await call(url, `/api/tickets/${ticket.reference}`, { headers: auth });
      assert.equal(got.body.attachments[0].messageId, res.body.id);
      assertError(
        await post(url, `/api/tickets/${ticket.reference}/messages`, { body: 'Again', attachments: ids }, auth),
        422,
        'validation_failed',
        'attachments.0',
      );
      const [acmeFile] = await uploadIds(url, [['acme.txt', 'for acme']], { site: 'acme' });
      assertError(
        await post(url, `/api/tickets/${ticket.reference}/messages`, { body: 'Other site', attachments: [acmeFile] }, auth),
        422,
        'validation_failed',
        'attachments.0',
      );
    });

    it('an upload left unclaimed for a day can no longer be claimed, and is pruned', async () => {
      const [id] = await uploadIds(url, [['stale.txt', 'forgotten']]);
      now += 24 * 3_600_000 + 1000;
      try {
        assertError(await post(url, '/api/tickets', validTicket({ attachments: [id] })), 422, 'validation_failed', 'attachments.0');
        assert.ok((await pruneUploads(server.running.store.db, new Date(now))) >= 1);
        const left = await server.running.store.db.selectFrom('uploads').select('id').where('token_hash', '=', hashToken(id)).execute();
        assert.equal(left.length, 0);
      } finally {
        now = MONDAY_MORNING.getTime();
      }
    });
  });

  describe('names stored before bidi characters were refused', () => {
    it('are neutralised in the ticket views and the download headers', async () => {
      const ticket = (
        await post(url, '/api/tickets', validTicket({ attachments: await uploadIds(url, [['legacy.html', '<p>hello</p>']]) }))
      ).body;
      // As an older version stored it: the name shows as "lmth.png" but is an HTML file.
      await server.running.store.db
        .updateTable('attachments')
        .set({ filename: '\u202Egnp.html' })
        .where('filename', '=', 'legacy.html')
        .execute();
      const auth = { authorization: `Bearer ${ticket.token}` };
      const got = await call(url, `/api/tickets/${ticket.reference}`, { headers: auth });
      assert.equal(got.body.attachments[0].filename, '_gnp.html');
      const download = await fetch(url + got.body.attachments[0].url, { headers: auth });
      assert.equal(download.headers.get('content-disposition'), "attachment; filename*=UTF-8''_gnp.html");

      const admin = await signIn(url);
      const view = await admin.get(`/api/inbox/tickets/${ticket.reference}`);
      assert.equal(view.body.attachments[0].filename, '_gnp.html');
      const inbox = await fetch(`${url}/api/inbox/tickets/${ticket.reference}/attachments/${view.body.attachments[0].id}`, {
        headers: { cookie: admin.cookie },
      });
      const disposition = inbox.headers.get('content-disposition') ?? '';
      assert.ok(!/%E2%80%AE|\u202E/i.test(disposition), disposition);
      assert.match(disposition, /filename\*=UTF-8''_gnp\.html$/);
    });
  });
});

forEachStore('upload volume per hour', (target) => {
  let server: TestServer;
  let url: string;
  let now = MONDAY_MORNING.getTime();
  const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
  const tenKb = Buffer.alloc(10 * KB, 0x41);
  before(async () => {
    server = await target.start({
      clock: { now: () => new Date(now) },
      env: { HELPWAY_UPLOAD_LIMITS: 'site=40KB,address=25KB', HELPWAY_TRUST_PROXY: '1', HELPWAY_RATE_LIMITS: 'off' },
    });
    url = server.url;
  });
  after(() => server.stop());

  it('bounds bytes per address and per site with 429 and Retry-After; the hour rolls on', async () => {
    assert.equal((await upload(url, 'a1.txt', tenKb, from('10.0.0.1'))).status, 201);
    now += 10 * 60_000;
    assert.equal((await upload(url, 'a2.txt', tenKb, from('10.0.0.1'))).status, 201);
    const address = await upload(url, 'a3.txt', tenKb, from('10.0.0.1'));
    const error = assertError(address, 429, 'rate_limited');
    assert.match(error.message, /This address has uploaded as much as it may in an hour \(25 KB\): try again in 50 minutes/);
    assert.equal(address.headers.get('retry-after'), String(50 * 60), 'when the first 10 KB ages out, the next 10 KB fits');

    // Another address may still upload, until the site's own hour is full.
    assert.equal((await upload(url, 'b1.txt', tenKb, from('10.0.0.2'))).status, 201);
    assert.equal((await upload(url, 'b2.txt', tenKb, from('10.0.0.2'))).status, 201);
    const site = await upload(url, 'c1.txt', tenKb, from('10.0.0.3'));
    assert.match(assertError(site, 429, 'rate_limited').message, /This site has uploaded as much as it may in an hour \(40 KB\)/);
    assert.equal(site.headers.get('retry-after'), String(50 * 60));

    // Refused from the declared size, before the body is read.
    const declared = await answerBeforeBody(
      url,
      '/api/uploads?site=demo&filename=c2.txt',
      { 'content-type': 'text/plain', 'content-length': String(10 * KB), 'x-forwarded-for': '10.0.0.3' },
      'AAAA',
    );
    assert.equal(declared.status, 429);

    now += 51 * 60_000; // the first upload has left the hour
    assert.equal((await upload(url, 'c3.txt', tenKb, from('10.0.0.3'))).status, 201);
  });
});
