/**
 * A live event stream is an ordinary Response where no Node server writes it (`app.request`, other
 * runtimes): its body reads as a web stream with the same events, a message sent meanwhile
 * arrives on it, and cancelling the read closes the stream and gives its place back.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../../api/src/app.ts';
import { readConfig } from '../../api/src/config.ts';
import { post, validTicket } from '../api/helpers.ts';
import { startServer, type TestServer } from '../support/api-server.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

/** Reads the body until `text` has come, or fails after 5 s. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, seen: { text: string }, text: string): Promise<void> {
  const decoder = new TextDecoder();
  const until = Date.now() + 5000;
  while (!seen.text.includes(text)) {
    assert.ok(Date.now() < until, `"${text}" within 5 s; got ${JSON.stringify(seen.text)}`);
    const { value, done } = await reader.read();
    assert.ok(!done, `the stream ended before "${text}"`);
    seen.text += decoder.decode(value, { stream: true });
  }
}

it('serves a chat stream as a readable web stream: events, a new message, and its place back on cancel', async () => {
  const res = await post(server.url, '/api/tickets', validTicket({ channel: 'chat', description: 'Through a web stream' }));
  assert.equal(res.status, 201, res.text);
  const { reference, token } = res.body;
  // An app of its own on the same store, answering without a Node server; one stream per chat.
  const { app } = createApp({
    store: server.running.store,
    policy: server.running.policy,
    config: readConfig({ DATA_DIR: server.dataDir, HELPWAY_STREAMS_PER_TICKET: '1', HELPWAY_REQUEST_LOG: '0' }),
  });
  const events = `/api/chat/${reference}/events?token=${token}`;
  const stream = await app.request(events);
  assert.equal(stream.status, 200);
  assert.equal(stream.headers.get('content-type'), 'text/event-stream');
  assert.equal(stream.headers.get('cache-control'), 'no-store');
  const reader = stream.body!.getReader();
  const seen = { text: '' };
  await readUntil(reader, seen, 'Through a web stream');
  assert.match(seen.text, /^retry: 1000\n\n/);

  const sent = await app.request(`/api/chat/${reference}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ body: 'Sent while it reads' }),
  });
  assert.equal(sent.status, 201, await sent.text());
  await readUntil(reader, seen, 'Sent while it reads');

  assert.equal((await app.request(events)).status, 429, 'the chat has its one stream');
  await reader.cancel();
  const again = await app.request(events);
  assert.equal(again.status, 200, 'cancelling gave the place back');
  await again.body!.cancel();
});
