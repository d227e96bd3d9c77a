/**
 * Hostile request bodies: JSON is bounded by size while it is read (1 MB for a
 * ticket, less where a route needs less) and by depth before it is parsed, and a message's token
 * is checked against its ticket before a byte of its body is read. Refusals are 4xx, never 5xx.
 * How long /api/health waits meanwhile is measured by `npm run bench -- hostile`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerBeforeBody, assertError, call, forEachStore, post, sendUntilAnswered, validTicket } from './helpers.ts';
import type { TestServer } from '../support/api-server.ts';

const MB = 1024 * 1024;
/** `[[[[…]]]]`, `bytes` long: what froze the server for 25 s at 30 MB. */
const nestedArrays = (bytes: number) => '['.repeat(bytes / 2) + ']'.repeat(bytes / 2);

/** `text` in 64 KB pieces, sent chunked (no Content-Length) as a streaming client would. */
function* pieces(text: string, bytes = 64 * 1024): Generator<Buffer> {
  const all = Buffer.from(text);
  for (let offset = 0; offset < all.length; offset += bytes) yield all.subarray(offset, offset + bytes);
}

forEachStore('hostile bodies', (target) => {
  let server: TestServer;
  let url: string;
  let ticket: { reference: string; token: string };
  before(async () => {
    server = await target.start({ env: { HELPWAY_RATE_LIMITS: 'off' } });
    url = server.url;
    ticket = (await post(url, '/api/tickets', validTicket())).body;
  });
  after(() => server.stop());

  describe('POST /api/tickets', () => {
    it('refuses 30 MB of nested arrays from its Content-Length, before reading it', async () => {
      const res = await answerBeforeBody(
        url,
        '/api/tickets',
        { 'content-type': 'application/json', 'content-length': String(30 * MB) },
        '[[[[[[[[',
      );
      assert.equal(res.status, 413);
      assert.equal(res.body.error.code, 'payload_too_large');
      assert.match(res.body.error.message, /larger than 1 MB/);
    });

    it('cuts a chunked body of nested arrays at 1 MB', async () => {
      const res = await sendUntilAnswered(url, '/api/tickets', { 'content-type': 'application/json' }, pieces(nestedArrays(4 * MB)));
      assert.equal(res.status, 413);
      assert.equal(res.body.error.code, 'payload_too_large');
    });

    it('refuses a well-formed ticket over 1 MB as too large, whatever it holds', async () => {
      const big = validTicket({
        journey: { searches: Array(50).fill('q'.repeat(500)), articlesRead: [] },
        description: 'd'.repeat(1.1 * MB),
      });
      assertError(await post(url, '/api/tickets', big), 413, 'payload_too_large');
    });

    it('refuses deep nesting under the size limit before parsing, naming the body', async () => {
      assertError(await call(url, '/api/tickets', { method: 'POST', body: nestedArrays(MB - 2) }), 422, 'validation_failed', '(body)');
      const deepObject = '{"site":"demo","context":' + '{"a":'.repeat(40) + '1' + '}'.repeat(41);
      assertError(await call(url, '/api/tickets', { method: 'POST', body: deepObject }), 422, 'validation_failed', '(body)');
    });

    it('does not count brackets inside strings, escaped quotes included', async () => {
      const subject = '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{';
      const description = 'Quote then brackets: \\" ' + '['.repeat(100) + ' and a lone backslash \\\\ then "{{{{"';
      const res = await post(url, '/api/tickets', validTicket({ subject, description }));
      assert.equal(res.status, 201, res.text);
      const got = await call(url, `/api/tickets/${res.body.reference}`, { headers: { authorization: `Bearer ${res.body.token}` } });
      assert.equal(got.body.subject, subject);
      assert.equal(got.body.description, description);
    });
  });

  describe('POST /api/tickets/{reference}/messages', () => {
    const message = (headers: Record<string, string>) => ({
      'content-type': 'application/json',
      'content-length': String(200 * 1024),
      ...headers,
    });

    it('refuses a wrong token against the store before reading the body', async () => {
      const other = (await post(url, '/api/tickets', validTicket())).body;
      for (const [path, token] of [
        [`/api/tickets/${ticket.reference}/messages`, other.token],
        [`/api/tickets/${ticket.reference}/messages`, 'A'.repeat(43)],
        ['/api/tickets/HW-999999/messages', ticket.token],
        [`/api/chat/${ticket.reference}/messages`, other.token],
        ['/api/chat/HW-999999/messages', ticket.token],
      ]) {
        const res = await answerBeforeBody(url, path, message({ authorization: `Bearer ${token}` }), '{"body":"');
        assert.equal(res.status, 404, `${path}: answered before the body was sent`);
        assert.equal(res.body.error.code, 'not_found');
      }
      const none = await answerBeforeBody(url, `/api/tickets/${ticket.reference}/messages`, message({}), '{"body":"');
      assert.equal(none.status, 401);
    });

    it('reads the body once the token is right, and bounds it', async () => {
      const auth = { authorization: `Bearer ${ticket.token}` };
      const ok = await post(url, `/api/tickets/${ticket.reference}/messages`, { body: 'The token is right.' }, auth);
      assert.equal(ok.status, 201, ok.text);
      assertError(
        await post(url, `/api/tickets/${ticket.reference}/messages`, { body: 'x'.repeat(300 * 1024) }, auth),
        413,
        'payload_too_large',
      );
      const res = await sendUntilAnswered(
        url,
        `/api/tickets/${ticket.reference}/messages`,
        { 'content-type': 'application/json', ...auth },
        pieces(nestedArrays(2 * MB)),
      );
      assert.equal(res.status, 413);
      assert.equal(res.body.error.code, 'payload_too_large');
    });
  });
});
