/**
 * A chat client that stops reading (a frozen tab, a stalled proxy) costs the server a bounded
 * queue (1 MiB beyond what the sockets hold): past it the server ends that stream and gives its
 * place back, the other streams go on, and the client, reading again and reconnecting with
 * Last-Event-ID, gets every message it missed. The agent's replies are the longest a reply may
 * be, so the sockets' buffers (a few MB on loopback) fill in a few hundred of them.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { forEachStore, post, validTicket } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { signIn, withAdmin } from '../inbox/support.ts';
import { openSse, type SseConnection } from './sse-client.ts';

const bigBody = (n: number) => `message ${n} `.padEnd(20_000, 'x');
const idsOf = (text: string) => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));

forEachStore('A chat client that stops reading', (target) => {
  let server: TestServer;
  before(async () => {
    server = await target.start(withAdmin({ env: { HELPWAY_STREAMS_PER_TICKET: '2' } }));
  });
  after(() => server?.stop());

  it('is dropped once its queue is full; its place comes back, others go on, and it resumes with nothing lost', async () => {
    const res = await post(server.url, '/api/tickets', validTicket({ channel: 'chat', description: 'Slow reader' }));
    assert.equal(res.status, 201, res.text);
    const { reference, token } = res.body;
    const events = `${server.url}/api/chat/${reference}/events?token=${token}`;
    const agent = await signIn(server.url);
    const send = async (n: number) => {
      const sent = await agent.post(`/api/inbox/tickets/${reference}/replies`, { body: bigBody(n) });
      assert.equal(sent.status, 201, sent.text);
    };

    // The slow client: reads the opening, then stops reading (its socket fills, then the server's).
    const slow = http.get(events, { headers: { accept: 'text/event-stream' }, agent: false });
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => slow.once('response', resolve).once('error', reject));
    assert.equal(response.statusCode, 200);
    let received = '';
    response.setEncoding('utf8');
    await new Promise<void>((resolve) => {
      const onData = (chunk: string) => {
        received += chunk;
        if (received.includes('Slow reader')) {
          response.off('data', onData);
          response.pause();
          resolve();
        }
      };
      response.on('data', onData);
    });
    // A client that keeps reading, on the same chat.
    const reader: SseConnection = await openSse(events);
    assert.equal(reader.status, 200);

    // Messages until the server lets the slow stream go: its place is free again (2 per chat here).
    let sent = 0;
    let third: SseConnection | null = null;
    while (!third && sent < 2000) {
      for (let i = 0; i < 10; i++) await send(++sent);
      const attempt = await openSse(events);
      if (attempt.status === 200) third = attempt;
      else assert.equal(attempt.status, 429, JSON.stringify(attempt.body));
    }
    assert.ok(third, `the slow stream still held its place after ${sent} messages`);
    third.close();
    console.log(`# the slow stream was ended after ${sent} replies of 20,000 characters`);
    const last = `message ${sent} `;
    // The reader that kept reading got every message.
    await reader.waitFor((e) => e.some((m) => m.event === 'message' && String(m.data.body).startsWith(last)), 20000, 'the last message');
    reader.close();

    // The slow client reads again: what was sent before the server ended its stream, then the end.
    response.resume();
    await new Promise<void>((resolve) => {
      response.on('data', (chunk: string) => (received += chunk));
      response.once('close', resolve);
    });
    const seen = idsOf(received);
    assert.ok(seen.length < sent, `the slow stream was ended early (${seen.length} of ${sent} messages)`);
    // Reconnecting from the last whole event it has, it gets all the rest.
    const resumed = await openSse(events, { 'last-event-id': String(seen.at(-1)) });
    assert.equal(resumed.status, 200);
    await resumed.waitFor((e) => e.some((m) => m.event === 'message' && String(m.data.body).startsWith(last)), 20000, 'the rest');
    const all = new Set([...received.matchAll(/"body":"(message \d+) /g)].map((m) => m[1]));
    for (const m of resumed.events) if (m.event === 'message') all.add(String(m.data.body).split(' ').slice(0, 2).join(' '));
    for (let n = 1; n <= sent; n++) assert.ok(all.has(`message ${n}`), `message ${n} reached the slow client`);
    resumed.close();
  });
});
