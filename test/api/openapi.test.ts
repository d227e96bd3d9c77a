/**
 * The OpenAPI document is generated from the route tables and the response shapes: every route the
 * app registers is in it, its references resolve, and real answers (SQLite and PostgreSQL) validate
 * against the schemas it documents for their status.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../../api/src/app.ts';
import { readConfig } from '../../api/src/config.ts';
import { startServer, type TestServer } from '../support/api-server.ts';
import { validate } from '../support/json-schema.ts';
import { withAdmin, signIn, type AgentSession } from '../inbox/support.ts';
import { call, forEachStore, post, upload, validTicket, type JsonResponse } from './helpers.ts';

type Doc = Record<string, any>;

/** Hono's `/api/tickets/:reference` as OpenAPI's `/api/tickets/{reference}`. */
const openApiPath = (honoPath: string) => honoPath.replace(/\/$/, '').replace(/:(\w+)/g, '{$1}');

/** The documented schema for the answer's method, path and status; fails when there is none. */
function documented(doc: Doc, method: string, path: string, status: number): Record<string, any> {
  const op = doc.paths[path]?.[method];
  assert.ok(op, `${method.toUpperCase()} ${path} is documented`);
  const response = op.responses[String(status)];
  assert.ok(response, `${method.toUpperCase()} ${path} documents status ${status}`);
  const schema = response.content?.['application/json']?.schema;
  assert.ok(schema, `${method.toUpperCase()} ${path} ${status} documents a JSON body`);
  return schema;
}

function assertDocumented(doc: Doc, method: string, path: string, res: JsonResponse): void {
  const problems = validate(documented(doc, method, path, res.status), res.body, doc);
  assert.deepEqual(problems, [], `${method.toUpperCase()} ${path} ${res.status}: ${res.text.slice(0, 400)}`);
}

describe('OpenAPI document: the route table', () => {
  let server: TestServer;
  let doc: Doc;
  before(async () => {
    server = await startServer();
    doc = (await call(server.url, '/api/openapi.json')).body;
  });
  after(() => server.stop());

  it('documents every /api route the app registers, and nothing it does not', () => {
    const { app } = createApp({
      store: server.running.store,
      policy: server.running.policy,
      config: readConfig({ DATA_DIR: server.dataDir }),
    });
    const registered = new Set<string>();
    for (const route of app.routes) {
      if (route.method === 'ALL' || !route.path.startsWith('/api/') || route.path.includes('*')) continue;
      registered.add(`${route.method.toLowerCase()} ${openApiPath(route.path)}`);
    }
    const inDocument = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>))
      for (const method of Object.keys(item)) inDocument.add(`${method} ${path}`);
    assert.ok(registered.size > 40, `found ${registered.size} routes`);
    assert.deepEqual([...registered].filter((r) => !inDocument.has(r)).sort(), [], 'registered but not documented');
    assert.deepEqual([...inDocument].filter((r) => !registered.has(r)).sort(), [], 'documented but not registered');
  });

  it('is well-formed OpenAPI 3.1: unique operation ids, declared path parameters, known security schemes, resolvable references', () => {
    assert.equal(doc.openapi, '3.1.0');
    const ids = new Set<string>();
    const refs: string[] = [];
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object')
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref') refs.push(v as string);
          else collect(v);
        }
    };
    collect(doc);
    for (const ref of refs) {
      const target = ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<any>((n, p) => n?.[p], doc);
      assert.ok(target, `${ref} resolves`);
    }
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      const placeholders = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(item)) {
        assert.ok(!ids.has(op.operationId), `operationId ${op.operationId} is unique`);
        ids.add(op.operationId);
        assert.ok(op.summary && Object.keys(op.responses).length, `${method} ${path} has a summary and responses`);
        const pathParams = (op.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name);
        assert.deepEqual(pathParams.sort(), placeholders, `${method} ${path} declares its path parameters`);
        for (const requirement of op.security ?? [])
          for (const scheme of Object.keys(requirement)) assert.ok(doc.components.securitySchemes[scheme], `${scheme} is defined`);
        for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
          assert.ok(response.description, `${method} ${path} ${status} has a description`);
          if (Number(status) >= 400)
            assert.equal(response.content['application/json'].schema.$ref, '#/components/schemas/Error', `${method} ${path} ${status}`);
        }
      }
    }
  });

  it('the validator it is checked with finds an undocumented field, a missing field and a wrong type', () => {
    const schema = documented(doc, 'get', '/api/health', 200);
    assert.deepEqual(validate(schema, { status: 'ok', store: 'sqlite', uptimeSeconds: 3 }, doc), []);
    assert.match(validate(schema, { status: 'ok', store: 'sqlite', uptimeSeconds: 3, extra: 1 }, doc)[0], /"extra" is not documented/);
    assert.match(validate(schema, { status: 'ok', store: 'sqlite' }, doc)[0], /missing "uptimeSeconds"/);
    assert.match(validate(schema, { status: 'ok', store: 'sqlite', uptimeSeconds: '3' }, doc)[0], /expected number/);
  });
});

forEachStore('OpenAPI document: real answers validate against it', (target) => {
  let server: TestServer;
  let doc: Doc;
  let agent: AgentSession;
  before(async () => {
    server = await target.start(withAdmin());
    doc = (await call(server.url, '/api/openapi.json')).body;
    agent = await signIn(server.url);
  });
  after(() => server.stop());

  it('health, policy, SLA preview, scope check and analytics', async () => {
    assertDocumented(doc, 'get', '/api/health', await call(server.url, '/api/health'));
    for (const lang of ['en', 'fr'])
      assertDocumented(doc, 'get', '/api/policy', await call(server.url, `/api/policy?site=demo&lang=${lang}`));
    assertDocumented(doc, 'get', '/api/sla/preview', await call(server.url, '/api/sla/preview?site=demo&severity=S2&type=query'));
    assertDocumented(
      doc,
      'post',
      '/api/scope-check',
      await post(server.url, '/api/scope-check', { text: 'how do I reset a learner password', site: 'demo' }),
    );
    assertDocumented(doc, 'post', '/api/feedback', await post(server.url, '/api/feedback', { site: 'demo', slug: 'sso', helpful: true }));
    assertDocumented(doc, 'get', '/api/chat/availability', await call(server.url, '/api/chat/availability?site=demo'));
  });

  it('a ticket: upload, create, replay, read, add a message, list mine; and errors in the documented shape', async () => {
    const file = await upload(server.url, 'notes.txt', 'what the learner saw');
    assertDocumented(doc, 'post', '/api/uploads', file);
    const body = validTicket({
      channel: 'phone',
      phone: { number: '+44 20 7946 0321', preferredTime: 'mornings' },
      attachments: [file.body.id],
    });
    const created = await post(server.url, '/api/tickets', body, { 'idempotency-key': `shape-${target.name}` });
    assert.equal(created.status, 201, created.text);
    assertDocumented(doc, 'post', '/api/tickets', created);
    const replayed = await post(server.url, '/api/tickets', body, { 'idempotency-key': `shape-${target.name}` });
    assert.equal(replayed.status, 200, replayed.text);
    assertDocumented(doc, 'post', '/api/tickets', replayed);
    const { reference, token } = created.body;
    const auth = { authorization: `Bearer ${token}` };
    assertDocumented(
      doc,
      'post',
      '/api/tickets/{reference}/messages',
      await post(server.url, `/api/tickets/${reference}/messages`, { body: 'More detail.' }, auth),
    );
    const read = await call(server.url, `/api/tickets/${reference}`, { headers: auth });
    assert.equal(read.status, 200, read.text);
    assert.equal(read.body.attachments.length, 1);
    assertDocumented(doc, 'get', '/api/tickets/{reference}', read);
    assertDocumented(
      doc,
      'get',
      '/api/tickets/mine',
      await call(server.url, '/api/tickets/mine', { headers: { 'x-ticket-tokens': token } }),
    );

    const escalated = await post(server.url, `/api/tickets/${reference}/escalate`, { reason: 'No answer yet.' }, auth);
    assert.equal(escalated.status, 201, escalated.text);
    assertDocumented(doc, 'post', '/api/tickets/{reference}/escalate', escalated);
    const limited = await post(server.url, `/api/tickets/${reference}/escalate`, { reason: 'Again.' }, auth);
    assert.equal(limited.status, 429, limited.text);
    assertDocumented(doc, 'post', '/api/tickets/{reference}/escalate', limited);

    const refused = await post(server.url, '/api/tickets', validTicket({ subject: '' }));
    assert.equal(refused.status, 422);
    assertDocumented(doc, 'post', '/api/tickets', refused);
    const unauthorised = await call(server.url, `/api/tickets/${reference}`);
    assertDocumented(doc, 'get', '/api/tickets/{reference}', unauthorised);
  });

  it("the agents' side: me, team, queue, ticket, actions, mail log", async () => {
    const { reference } = (
      await post(
        server.url,
        '/api/tickets',
        validTicket({ channel: 'phone', phone: { number: '+44 20 7946 0321', preferredTime: 'any time' } }),
      )
    ).body;
    assertDocumented(doc, 'get', '/api/agents/me', await agent.get('/api/agents/me'));
    assertDocumented(doc, 'get', '/api/agents', await agent.get('/api/agents'));
    assertDocumented(doc, 'get', '/api/admin/agents', await agent.get('/api/admin/agents'));
    assertDocumented(doc, 'get', '/api/admin/sites/{key}/sla', await agent.get('/api/admin/sites/demo/sla'));
    const amended = await agent.post('/api/admin/sites/demo/sla', { crm: 'rm@kestrel.example', targets: { S3: { responseHours: 6 } } });
    assert.equal(amended.status, 201, amended.text);
    assertDocumented(doc, 'post', '/api/admin/sites/{key}/sla', amended);
    assertDocumented(doc, 'get', '/api/admin/sites/{key}/sla', await agent.get('/api/admin/sites/demo/sla'));
    assertDocumented(doc, 'post', '/api/admin/sites/{key}/sla', await agent.post('/api/admin/sites/demo/sla', { crm: 'nope' }));
    assertDocumented(doc, 'get', '/api/admin/sites/{key}/sla', await agent.get('/api/admin/sites/no-such-site/sla'));
    const actions: Array<[string, unknown]> = [
      ['replies', { body: 'We are on it.' }],
      ['notes', { body: 'Checked the logs.' }],
      ['status', { status: 'pending', note: 'waiting for the client' }],
      ['status', { status: 'pending' }],
      ['assignee', { agentId: agent.agent.id }],
      ['severity', { severity: 'S1' }],
      ['time', { minutes: 20, rate: 'standard' }],
      ['called', { outcome: 'Talked it through.' }],
    ];
    for (const [action, json] of actions) {
      const res = await agent.post(`/api/inbox/tickets/${reference}/${action}`, json);
      assert.ok(res.status < 300, `${action}: ${res.text}`);
      assertDocumented(doc, 'post', `/api/inbox/tickets/{reference}/${action}`, res);
    }
    const queue = await agent.get('/api/inbox/tickets?status=all');
    assert.ok(queue.body.tickets.some((t: { assignee: unknown }) => t.assignee !== null));
    assertDocumented(doc, 'get', '/api/inbox/tickets', queue);
    const ticket = await agent.get(`/api/inbox/tickets/${reference}`);
    assert.ok(ticket.body.time.length && ticket.body.messages.length && ticket.body.mail.length, ticket.text.slice(0, 300));
    assertDocumented(doc, 'get', '/api/inbox/tickets/{reference}', ticket);
    assertDocumented(doc, 'get', '/api/inbox/mail', await agent.get('/api/inbox/mail'));
  });
  it('webhooks: list, add, disable, enable, deliveries, remove', async () => {
    assertDocumented(doc, 'get', '/api/inbox/webhooks', await agent.get('/api/inbox/webhooks'));
    const added = await agent.post('/api/inbox/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['ticket.created'] });
    assert.equal(added.status, 201, added.text);
    assertDocumented(doc, 'post', '/api/inbox/webhooks', added);
    const id = added.body.webhook.id;
    await post(server.url, '/api/tickets', validTicket());
    for (const verb of ['disable', 'enable'])
      assertDocumented(doc, 'post', `/api/inbox/webhooks/{id}/${verb}`, await agent.post(`/api/inbox/webhooks/${id}/${verb}`, {}));
    const log = await agent.get(`/api/inbox/webhooks/deliveries?webhook=${id}`);
    assert.ok(log.body.deliveries.length >= 1, log.text);
    assertDocumented(doc, 'get', '/api/inbox/webhooks/deliveries', log);
    assertDocumented(doc, 'post', '/api/inbox/webhooks/{id}/remove', await agent.post(`/api/inbox/webhooks/${id}/remove`, {}));
  });
  it('reports: sla, volume and budget over the tickets and time above; CSV documented; refusals', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const period = `from=${day(-30)}&to=${day(1)}`;
    for (const name of ['sla', 'volume', 'budget']) {
      const res = await agent.get(`/api/reports/${name}?${period}`);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.report, name);
      assertDocumented(doc, 'get', '/api/reports/{name}', res);
      const csv = await call(server.url, `/api/reports/${name}?${period}&format=csv`, { headers: { cookie: agent.cookie } });
      assert.equal(csv.status, 200, csv.text);
      assert.ok(doc.paths['/api/reports/{name}'].get.responses['200'].content[csv.headers.get('content-type')!.split(';')[0]]);
    }
    const sla = await agent.get(`/api/reports/sla?${period}`);
    assert.ok(sla.body.total.tickets >= 1, sla.text.slice(0, 300));
    assert.ok((await agent.get(`/api/reports/budget?${period}`)).body.entries.total >= 1);
    assertDocumented(doc, 'get', '/api/reports/{name}', await call(server.url, `/api/reports/sla?${period}`));
    assertDocumented(doc, 'get', '/api/reports/{name}', await agent.get('/api/reports/sla?from=2026-01-02&to=2026-01-01'));
    assertDocumented(doc, 'get', '/api/reports/{name}', await agent.get(`/api/reports/nosuch?${period}`));
    const month = day(0).slice(0, 7);
    for (const format of ['html', 'csv']) {
      const statement = await call(server.url, `/api/reports/budget/statement?site=demo&month=${month}&format=${format}`, {
        headers: { cookie: agent.cookie },
      });
      assert.equal(statement.status, 200, statement.text);
      const type = statement.headers.get('content-type')!.split(';')[0];
      assert.ok(doc.paths['/api/reports/budget/statement'].get.responses['200'].content[type], type);
    }
    assertDocumented(doc, 'get', '/api/reports/budget/statement', await agent.get('/api/reports/budget/statement?site=demo&month=2026-13'));
    assertDocumented(
      doc,
      'get',
      '/api/reports/budget/statement',
      await call(server.url, `/api/reports/budget/statement?site=demo&month=${month}`),
    );
  });
});
