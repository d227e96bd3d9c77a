/**
 * Ids and numbers out of the store's range: PostgreSQL's `integer` is 32-bit, so a
 * larger id must be refused by validation (4xx naming the field), never reach the database as a
 * query it cannot run (5xx). The test server fails the run on any 5xx.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, call, forEachStore } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { fileTicket, signIn, withAdmin, type AgentSession } from './support.ts';

const HUGE = 99999999999;
const FIRST_OUT_OF_RANGE = 2 ** 31;

forEachStore('Ids out of range', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  let ticket: { reference: string; token: string };

  before(async () => {
    server = await target.start(withAdmin());
    admin = await signIn(server.url);
    ticket = await fileTicket(server.url);
  });
  after(() => server?.stop());

  it('attachment ids beyond the range are not found', async () => {
    for (const id of [HUGE, FIRST_OUT_OF_RANGE, '9'.repeat(30), 0]) {
      assertError(await admin.get(`/api/inbox/tickets/${ticket.reference}/attachments/${id}`), 404, 'not_found');
      assertError(
        await call(server.url, `/api/tickets/${ticket.reference}/attachments/${id}`, {
          headers: { authorization: `Bearer ${ticket.token}` },
        }),
        404,
        'not_found',
      );
    }
    assertError(await admin.get(`/api/inbox/tickets/HW-1001/attachments/${HUGE}`), 404, 'not_found');
  });

  it('references beyond the range are not found', async () => {
    for (const reference of [`HW-${HUGE}`, `HW-${FIRST_OUT_OF_RANGE + 1000}`, 'HW-999999999999']) {
      assertError(await admin.get(`/api/inbox/tickets/${reference}`), 404, 'not_found');
      assertError(await admin.post(`/api/inbox/tickets/${reference}/notes`, { body: 'x' }), 404, 'not_found');
      assertError(
        await call(server.url, `/api/tickets/${reference}`, { headers: { authorization: `Bearer ${ticket.token}` } }),
        404,
        'not_found',
      );
    }
  });

  it('an assignee id beyond the range is refused, naming the field', async () => {
    for (const agentId of [HUGE, FIRST_OUT_OF_RANGE, 0, -1]) {
      assertError(await admin.post(`/api/inbox/tickets/${ticket.reference}/assignee`, { agentId }), 422, 'validation_failed', 'agentId');
      assertError(await admin.get(`/api/inbox/tickets?assignee=${agentId}`), 422, 'validation_failed', 'assignee');
    }
    const mine = await admin.get(`/api/inbox/tickets?assignee=${admin.agent.id}`);
    assert.equal(mine.status, 200, mine.text);
    assertError(await admin.get(`/api/inbox/tickets?limit=${HUGE}`), 422, 'validation_failed', 'limit');
  });

  it('time in minutes beyond a day is refused, naming the field', async () => {
    assertError(
      await admin.post(`/api/inbox/tickets/${ticket.reference}/time`, { minutes: HUGE, rate: 'standard' }),
      422,
      'validation_failed',
      'minutes',
    );
  });

  it('a Last-Event-ID beyond the range resumes after the newest message instead of failing', async () => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/chat/${ticket.reference}/events?token=${ticket.token}`, {
      headers: { 'last-event-id': '999999999999999' },
      signal: controller.signal,
    });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: state')) {
      const chunk = await reader.read();
      assert.ok(!chunk.done, `the stream ended early: ${text}`);
      text += new TextDecoder().decode(chunk.value);
    }
    assert.doesNotMatch(text, /event: message/, 'nothing replayed after an id past the newest');
    controller.abort();
    await reader.cancel().catch(() => {});
  });
});
