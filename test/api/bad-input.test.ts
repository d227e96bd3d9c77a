/**
 * Bad input never gets a 5xx: a table of broken requests for every field of every endpoint,
 * each answered with a 4xx in the contract-4 shape naming the field. Plus NUL bytes and lone
 * surrogates (cleaned, stored, and accepted by PostgreSQL), 400 invalid JSON, 413, 404, 405.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { assertError, b64, call, forEachStore, post, validTicket } from './helpers.ts';
import type { TestServer } from '../support/api-server.ts';

type Case = { name: string; path?: string; body: unknown; status?: number; code?: string; field: string; headers?: Record<string, string> };

const t = validTicket;
const without = (key: string) => {
  const body = t();
  delete body[key];
  return body;
};
const refresh = (fields: unknown) => t({ type: 'site_refresh', fields });

const TICKET_CASES: Case[] = [
  { name: 'site missing', body: without('site'), field: 'site' },
  { name: 'site not a string', body: t({ site: 42 }), field: 'site' },
  { name: 'site empty', body: t({ site: '' }), field: 'site' },
  { name: 'site too long', body: t({ site: 'x'.repeat(64) }), field: 'site' },
  { name: 'site unknown', body: t({ site: 'no-such-site' }), code: 'unknown_site', field: 'site' },
  { name: 'type missing', body: without('type'), field: 'type' },
  { name: 'type unknown', body: t({ type: 'incident' }), field: 'type' },
  { name: 'type not a string', body: t({ type: 5 }), field: 'type' },
  { name: 'severity missing', body: without('severity'), field: 'severity' },
  { name: 'severity unknown', body: t({ severity: 'S5' }), field: 'severity' },
  { name: 'severity lower-case', body: t({ severity: 's1' }), field: 'severity' },
  { name: 'subject missing', body: without('subject'), field: 'subject' },
  { name: 'subject empty', body: t({ subject: '' }), field: 'subject' },
  { name: 'subject blank', body: t({ subject: '   \n ' }), field: 'subject' },
  { name: 'subject 201 chars', body: t({ subject: 'x'.repeat(201) }), field: 'subject' },
  { name: 'subject a number', body: t({ subject: 12 }), field: 'subject' },
  { name: 'description missing', body: without('description'), field: 'description' },
  { name: 'description empty', body: t({ description: '' }), field: 'description' },
  { name: 'description 20,001 chars', body: t({ description: 'x'.repeat(20_001) }), field: 'description' },
  { name: 'description an object', body: t({ description: { text: 'x' } }), field: 'description' },
  { name: 'requester missing', body: without('requester'), field: 'requester' },
  { name: 'requester a string', body: t({ requester: 'priya@college.example' }), field: 'requester' },
  { name: 'requester.name missing', body: t({ requester: { email: 'a@b.example' } }), field: 'requester.name' },
  { name: 'requester.name empty', body: t({ requester: { name: ' ', email: 'a@b.example' } }), field: 'requester.name' },
  { name: 'requester.name 201 chars', body: t({ requester: { name: 'n'.repeat(201), email: 'a@b.example' } }), field: 'requester.name' },
  { name: 'requester.email missing', body: t({ requester: { name: 'A' } }), field: 'requester.email' },
  { name: 'requester.email invalid', body: t({ requester: { name: 'A', email: 'not-an-email' } }), field: 'requester.email' },
  { name: 'requester.email with spaces', body: t({ requester: { name: 'A', email: 'a b@c.example' } }), field: 'requester.email' },
  { name: 'channel unknown', body: t({ channel: 'fax' }), field: 'channel' },
  { name: 'phone channel without phone', body: t({ channel: 'phone' }), field: 'phone' },
  {
    name: 'phone.number letters',
    body: t({ channel: 'phone', phone: { number: 'call me', preferredTime: 'now' } }),
    field: 'phone.number',
  },
  { name: 'phone.number missing', body: t({ channel: 'phone', phone: { preferredTime: 'now' } }), field: 'phone.number' },
  {
    name: 'phone.preferredTime missing',
    body: t({ channel: 'phone', phone: { number: '+44 20 7946 0000' } }),
    field: 'phone.preferredTime',
  },
  { name: 'context not an object', body: t({ context: ['x'] }), field: 'context' },
  { name: 'context.url javascript:', body: t({ context: { url: 'javascript:alert(1)' } }), field: 'context.url' },
  { name: 'context.url ftp:', body: t({ context: { url: 'ftp://files.example/x' } }), field: 'context.url' },
  { name: 'context.url not a URL', body: t({ context: { url: 'not a url' } }), field: 'context.url' },
  { name: 'context.url too long', body: t({ context: { url: 'https://x.example/' + 'a'.repeat(2100) } }), field: 'context.url' },
  { name: 'context.title too long', body: t({ context: { title: 't'.repeat(501) } }), field: 'context.title' },
  { name: 'context.userAgent a number', body: t({ context: { userAgent: 1 } }), field: 'context.userAgent' },
  { name: 'journey.searches not an array', body: t({ journey: { searches: 'abc' } }), field: 'journey.searches' },
  { name: 'journey.searches 51 items', body: t({ journey: { searches: Array(51).fill('q') } }), field: 'journey.searches' },
  { name: 'journey.searches item too long', body: t({ journey: { searches: ['q'.repeat(501)] } }), field: 'journey.searches.0' },
  { name: 'journey.articlesRead numbers', body: t({ journey: { articlesRead: [1] } }), field: 'journey.articlesRead.0' },
  { name: 'fields: required stagingUrl missing', body: refresh({ confirmOverwrite: true }), field: 'fields.stagingUrl' },
  {
    name: 'fields: stagingUrl file://',
    body: refresh({ stagingUrl: 'file:///etc/passwd', confirmOverwrite: true }),
    field: 'fields.stagingUrl',
  },
  {
    name: 'fields: confirmOverwrite false',
    body: refresh({ stagingUrl: 'https://s.example', confirmOverwrite: false }),
    field: 'fields.confirmOverwrite',
  },
  {
    name: 'fields: confirmOverwrite "yes"',
    body: refresh({ stagingUrl: 'https://s.example', confirmOverwrite: 'yes' }),
    field: 'fields.confirmOverwrite',
  },
  { name: 'fields missing for site_refresh', body: t({ type: 'site_refresh' }), field: 'fields' },
  {
    name: 'fields: unknown field',
    body: refresh({ stagingUrl: 'https://s.example', confirmOverwrite: true, sql: 'drop table' }),
    field: 'fields.sql',
  },
  { name: 'fields: bug without stepsToReproduce', body: t({ type: 'bug', fields: { expected: 'x' } }), field: 'fields.stepsToReproduce' },
  { name: 'fields: request without desiredChange', body: t({ type: 'request', fields: {} }), field: 'fields.desiredChange' },
  { name: 'attachments not an array', body: t({ attachments: { filename: 'a.txt' } }), field: 'attachments' },
  {
    name: 'attachment inline as base64 (the old format)',
    body: t({ attachments: [{ filename: 'a.txt', data: b64('x') }] }),
    field: 'attachments.0',
  },
  { name: 'attachment not an upload id', body: t({ attachments: ['../../etc/passwd.txt'] }), field: 'attachments.0' },
  { name: 'attachment empty id', body: t({ attachments: [''] }), field: 'attachments.0' },
  { name: 'attachment unknown upload id', body: t({ attachments: ['up_' + 'A'.repeat(43)] }), field: 'attachments.0' },
  { name: 'attachment listed twice', body: t({ attachments: ['up_' + 'A'.repeat(43), 'up_' + 'A'.repeat(43)] }), field: 'attachments' },
  { name: 'body is an array', body: [t()], field: '(body)' },
  { name: 'body is null', body: null, field: '(body)' },
  { name: 'body is a string', body: 'ticket', field: '(body)' },
];

const OTHER_CASES: Case[] = [
  { name: 'message body missing', path: 'MESSAGE', body: {}, field: 'body' },
  { name: 'message body empty', path: 'MESSAGE', body: { body: '  ' }, field: 'body' },
  { name: 'message body too long', path: 'MESSAGE', body: { body: 'x'.repeat(20_001) }, field: 'body' },
  {
    name: 'message attachment inline as base64',
    path: 'MESSAGE',
    body: { body: 'x', attachments: [{ filename: 'a.exe', data: b64('MZ') }] },
    field: 'attachments.0',
  },
  {
    name: 'message attachment unknown upload id',
    path: 'MESSAGE',
    body: { body: 'x', attachments: ['up_' + 'B'.repeat(43)] },
    field: 'attachments.0',
  },
  { name: 'scope-check text missing', path: '/api/scope-check', body: {}, field: 'text' },
  { name: 'scope-check text a number', path: '/api/scope-check', body: { text: 5 }, field: 'text' },
  { name: 'scope-check text too long', path: '/api/scope-check', body: { text: 'x'.repeat(20_001) }, field: 'text' },
  { name: 'feedback slug missing', path: '/api/feedback', body: { helpful: true }, field: 'slug' },
  { name: 'feedback slug with spaces', path: '/api/feedback', body: { slug: 'not a slug', helpful: true }, field: 'slug' },
  { name: 'feedback helpful "yes"', path: '/api/feedback', body: { slug: 'sso', helpful: 'yes' }, field: 'helpful' },
  {
    name: 'feedback comment 2,001 chars',
    path: '/api/feedback',
    body: { slug: 'sso', helpful: false, comment: 'c'.repeat(2001) },
    field: 'comment',
  },
  {
    name: 'feedback unknown site',
    path: '/api/feedback',
    body: { slug: 'sso', helpful: true, site: 'nope' },
    code: 'unknown_site',
    field: 'site',
  },
  { name: 'feedback batch item bad', path: '/api/feedback', body: [{ slug: 'a', helpful: true }, { slug: 'b' }], field: '1.helpful' },
  { name: 'search-event query missing', path: '/api/search-events', body: { resultCount: 1, source: 'kb' }, field: 'query' },
  {
    name: 'search-event resultCount negative',
    path: '/api/search-events',
    body: { query: 'q', resultCount: -1, source: 'kb' },
    field: 'resultCount',
  },
  {
    name: 'search-event resultCount fractional',
    path: '/api/search-events',
    body: { query: 'q', resultCount: 1.5, source: 'kb' },
    field: 'resultCount',
  },
  {
    name: 'search-event source unknown',
    path: '/api/search-events',
    body: { query: 'q', resultCount: 1, source: 'google' },
    field: 'source',
  },
  {
    name: 'search-event query too long',
    path: '/api/search-events',
    body: { query: 'q'.repeat(501), resultCount: 1, source: 'kb' },
    field: 'query',
  },
  {
    name: 'search-event clickedSlug bad',
    path: '/api/search-events',
    body: { query: 'q', resultCount: 1, source: 'kb', clickedSlug: '<script>' },
    field: 'clickedSlug',
  },
  { name: 'widget-event site missing', path: '/api/widget-events', body: { type: 'opened' }, field: 'site' },
  { name: 'widget-event type unknown', path: '/api/widget-events', body: { site: 'demo', type: 'hacked' }, field: 'type' },
  {
    name: 'widget-event page too long',
    path: '/api/widget-events',
    body: { site: 'demo', type: 'opened', page: 'p'.repeat(2049) },
    field: 'page',
  },
  {
    name: 'widget-event batch of 101',
    path: '/api/widget-events',
    body: Array(101).fill({ site: 'demo', type: 'opened' }),
    field: '(body)',
  },
  { name: 'widget-event empty batch', path: '/api/widget-events', body: [], field: '(body)' },
  {
    name: 'widget-event unknown site',
    path: '/api/widget-events',
    body: { site: 'nope', type: 'opened' },
    code: 'unknown_site',
    field: 'site',
  },
];

const GET_CASES: Array<{ name: string; path: string; field: string; code?: string }> = [
  { name: 'preview severity missing', path: '/api/sla/preview?site=demo', field: 'severity' },
  { name: 'preview severity unknown', path: '/api/sla/preview?site=demo&severity=S9', field: 'severity' },
  { name: 'preview site missing', path: '/api/sla/preview?severity=S1', field: 'site' },
  { name: 'preview site unknown', path: '/api/sla/preview?site=nope&severity=S1', field: 'site', code: 'unknown_site' },
  { name: 'preview type unknown', path: '/api/sla/preview?site=demo&severity=S1&type=incident', field: 'type' },
  { name: 'policy site unknown', path: '/api/policy?site=nope', field: 'site', code: 'unknown_site' },
];

forEachStore('bad input', (target) => {
  let server: TestServer;
  let url: string;
  let ticket: { reference: string; token: string };
  const statuses: number[] = [];
  before(async () => {
    server = await target.start({ env: { HELPWAY_RATE_LIMITS: 'off' } });
    url = server.url;
    ticket = (await post(url, '/api/tickets', t())).body;
  });
  after(async () => {
    await server.stop();
  });

  describe('POST /api/tickets: every field', () => {
    for (const c of TICKET_CASES) {
      it(`${c.name} → ${c.status ?? 422} ${c.code ?? 'validation_failed'} naming ${c.field}`, async () => {
        const res = await post(url, '/api/tickets', c.body);
        statuses.push(res.status);
        assertError(res, c.status ?? 422, c.code ?? 'validation_failed', c.field);
      });
    }
  });

  describe('other endpoints', () => {
    for (const c of OTHER_CASES) {
      it(`${c.name} → ${c.status ?? 422} naming ${c.field}`, async () => {
        const path = c.path === 'MESSAGE' ? `/api/tickets/${ticket.reference}/messages` : c.path!;
        const res = await post(url, path, c.body, c.path === 'MESSAGE' ? { authorization: `Bearer ${ticket.token}` } : {});
        statuses.push(res.status);
        assertError(res, c.status ?? 422, c.code ?? 'validation_failed', c.field);
      });
    }
    for (const c of GET_CASES) {
      it(`${c.name} → 422 naming ${c.field}`, async () => {
        const res = await call(url, c.path);
        statuses.push(res.status);
        assertError(res, 422, c.code ?? 'validation_failed', c.field);
      });
    }
  });

  describe('invalid JSON → 400 invalid_json', () => {
    for (const [name, raw] of [
      ['truncated', '{"site": "demo"'],
      ['empty body', ''],
      ['trailing comma', '{"a":1,}'],
      ['single quotes', "{'a':1}"],
      ['bare word', 'undefined'],
      ['binary', '\u0000\u0001\u0002'],
    ] as const) {
      for (const path of ['/api/tickets', '/api/feedback', '/api/widget-events', '/api/scope-check']) {
        it(`${name} on ${path}`, async () => {
          const res = await call(url, path, { method: 'POST', body: raw, headers: { 'content-type': 'application/json' } });
          statuses.push(res.status);
          assertError(res, 400, 'invalid_json');
        });
      }
    }
  });

  describe('absurd shapes', () => {
    for (const depth of [40, 20_000, 200_000]) {
      it(`arrays and objects nested ${depth} deep → 4xx, not a stack overflow`, async () => {
        const arrays = await call(url, '/api/tickets', { method: 'POST', body: '['.repeat(depth) + ']'.repeat(depth) });
        const objects = await call(url, '/api/tickets', {
          method: 'POST',
          body: '{"site":"demo","context":' + '{"a":'.repeat(depth) + '1' + '}'.repeat(depth + 1),
        });
        for (const res of [arrays, objects]) {
          statuses.push(res.status);
          assert.ok(res.status >= 400 && res.status < 500, `${res.status} ${res.text.slice(0, 200)}`);
          assert.equal(typeof res.body.error.code, 'string');
        }
      });
    }

    it('a key that cleans to "__proto__" stays an ordinary key, refused by name', async () => {
      const res = await call(url, '/api/scope-check', {
        method: 'POST',
        body: '{"text":"api token","__proto__\\u0000":{"polluted":true}}',
      });
      statuses.push(res.status);
      assertError(res, 422, 'validation_failed', '__proto__');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  });

  describe('NUL bytes and lone surrogates are cleaned, never a 5xx', () => {
    it('stores text without NUL and with U+FFFD for lone surrogates', async () => {
      const body = t({
        subject: 'Broken\u0000 page \uD800 here',
        description: 'Line\u0000one \uDC00 and a pair 😀 stays',
        requester: { name: 'Zoë\u0000 \uDBFF', email: 'zoe@college.example' },
        journey: { searches: ['nul\u0000search', '\uD83D'], articlesRead: [] },
        context: { title: 'Title\u0000', url: 'https://lms.example/x' },
      });
      const res = await post(url, '/api/tickets', body);
      statuses.push(res.status);
      assert.equal(res.status, 201, res.text);
      const got = await call(url, `/api/tickets/${res.body.reference}`, { headers: { authorization: `Bearer ${res.body.token}` } });
      assert.equal(got.body.subject, 'Broken page \uFFFD here');
      assert.equal(got.body.description, 'Lineone \uFFFD and a pair 😀 stays');
      assert.equal(got.body.requester.name, 'Zoë \uFFFD');
      assert.deepEqual(got.body.journey.searches, ['nulsearch', '\uFFFD']);
      assert.equal(got.body.context.title, 'Title');
    });

    it('cleans analytics and feedback text too', async () => {
      for (const [path, body] of [
        ['/api/feedback', { slug: 'sso', helpful: false, comment: 'bad\u0000 \uD800' }],
        ['/api/search-events', { query: 'q\u0000\uDFFF', resultCount: 0, source: 'widget', page: '/x\u0000' }],
        ['/api/scope-check', { text: 'learner password\u0000 \uD800' }],
        ['/api/widget-events', { site: 'demo', type: 'opened', page: '\u0000' }],
      ] as const) {
        const res = await post(url, path, body);
        statuses.push(res.status);
        assert.ok(res.status < 300, `${path}: ${res.status} ${res.text}`);
      }
      const row = await server.running.store.db.selectFrom('feedback').select('comment').orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.equal(row.comment, 'bad \uFFFD');
    });
  });

  describe('limits and routing', () => {
    it('413 when a body is over the limit (analytics: 256 KB)', async () => {
      const res = await post(url, '/api/feedback', { slug: 'sso', helpful: true, comment: 'x'.repeat(300 * 1024) });
      statuses.push(res.status);
      assertError(res, 413, 'payload_too_large');
    });

    it('413 for a ticket whose declared size is over the attachment budget, before reading it', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const u = new URL(url);
        const req = httpRequest(
          {
            host: u.hostname,
            port: u.port,
            path: '/api/tickets',
            method: 'POST',
            headers: { 'content-type': 'application/json', 'content-length': String(200 * 1024 * 1024) },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
            req.destroy();
          },
        );
        req.on('error', reject);
        req.write('{"site":"demo",');
      });
      statuses.push(status);
      assert.equal(status, 413);
    });

    it('413 for a chunked body that grows over the limit', async () => {
      const res = await call(url, '/api/scope-check', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"text":"'));
            for (let i = 0; i < 70; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1024)));
            controller.enqueue(new TextEncoder().encode('"}'));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      statuses.push(res.status);
      assertError(res, 413, 'payload_too_large');
    });

    it('404 in the error shape for an unknown API route', async () => {
      for (const path of ['/api/nothing', '/api/tickets/HW-1001/nothing', '/api']) {
        const res = await call(url, path);
        statuses.push(res.status);
        assertError(res, 404, 'not_found');
      }
    });

    it('405 with Allow for a known route and the wrong method', async () => {
      const put = await call(url, '/api/tickets', { method: 'PUT', body: '{}' });
      statuses.push(put.status);
      assertError(put, 405, 'method_not_allowed');
      assert.match(put.headers.get('allow') ?? '', /POST/);
      const del = await call(url, `/api/tickets/${ticket.reference}`, { method: 'DELETE' });
      statuses.push(del.status);
      assertError(del, 405, 'method_not_allowed');
      assert.match(del.headers.get('allow') ?? '', /GET/);
      const get = await call(url, '/api/feedback');
      statuses.push(get.status);
      assertError(get, 405, 'method_not_allowed');
    });

    it('no request in this file produced a 5xx', () => {
      assert.ok(statuses.length > TICKET_CASES.length + OTHER_CASES.length, 'the table ran');
      assert.deepEqual(
        statuses.filter((s) => s >= 500),
        [],
      );
    });
  });
});
