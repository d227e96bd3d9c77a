/**
 * Live event streams under load: caps per ticket, per client address and per
 * agent session (429 with Retry-After, a place frees when a stream closes), a new message read
 * from the store once per process however many streams show it, and idle streams closed
 * (heartbeats are not activity) with their places given back.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { forEachStore, post, validTicket } from '../api/helpers.ts';
import { dropSchema, newSchemaName, startServer, type TestServer } from '../support/api-server.ts';
import type { Store } from '../../api/src/store/database.ts';
import { eventually, signIn, withAdmin } from '../inbox/support.ts';
import { openSse, type SseConnection, type SseEvent } from './sse-client.ts';

const chatTicket = async (base: string): Promise<{ reference: string; token: string }> => {
  const res = await post(
    base,
    '/api/tickets',
    validTicket({ channel: 'chat', subject: 'Quick question', description: 'How do I hide a course?' }),
  );
  assert.equal(res.status, 201, res.text);
  return res.body;
};

const chatUrl = (base: string, t: { reference: string; token: string }) => `${base}/api/chat/${t.reference}/events?token=${t.token}`;
const messages = (events: SseEvent[]) => events.filter((e) => e.event === 'message');
const bodies = (s: SseConnection) => messages(s.events).map((e) => e.data.body);
const countOf = (s: SseConnection, body: string) => bodies(s).filter((b) => b === body).length;
const from = (address: string) => ({ 'x-forwarded-for': address });
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens a chat stream and waits for the opening message. */
async function openChat(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const s = await openSse(url, headers);
  assert.equal(s.status, 200, JSON.stringify(s.body));
  await s.waitFor((e) => messages(e).length >= 1, 5000, 'the opening message');
  return s;
}

function assertRefused(s: SseConnection, pattern: RegExp): void {
  assert.equal(s.status, 429, `expected 429, got ${s.status}`);
  assert.equal(s.body?.error?.code, 'rate_limited', JSON.stringify(s.body));
  assert.match(s.body.error.message, pattern);
  assert.match(String(s.headers['retry-after']), /^\d+$/);
}

/** Opens `url` once a place is free (the server notices a closed stream shortly after the client goes). */
async function openWhenFree(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  return eventually(
    async () => {
      const s = await openSse(url, headers);
      if (s.status === 200) return s;
      assert.equal(s.status, 429);
      return null;
    },
    5000,
    'a free place',
  );
}

/**
 * Counts SELECTs from any of `tables` the server runs, by putting an observing plugin on the
 * store's query builder (every route reads `services.store.db` per request).
 */
function observeSelects(store: Store, ...tables: string[]): { readonly count: number; of(table: string): number; stop(): void } {
  const counts = new Map<string, number>();
  const original = store.db;
  const plugin: KyselyPlugin = {
    transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
      if (node.kind === 'SelectQueryNode') {
        const from = JSON.stringify(node.from ?? {});
        for (const table of tables) if (from.includes(`"name":"${table}"`)) counts.set(table, (counts.get(table) ?? 0) + 1);
      }
      return node;
    },
    async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      return result;
    },
  };
  store.db = original.withPlugin(plugin);
  return {
    get count() {
      return [...counts.values()].reduce((a, b) => a + b, 0);
    },
    of: (table) => counts.get(table) ?? 0,
    stop: () => {
      store.db = original;
    },
  };
}

forEachStore('Live event stream caps', (target) => {
  let server: TestServer;
  before(async () => {
    server = await target.start(
      withAdmin({ env: { HELPWAY_TRUST_PROXY: '1', HELPWAY_STREAMS_PER_ADDRESS: '4', HELPWAY_STREAMS_PER_SESSION: '2' } }),
    );
  });
  after(() => server?.stop());

  it('refuses the 11th stream of a ticket with 429 and Retry-After; closing one frees a place', async () => {
    const a = await chatTicket(server.url);
    const b = await chatTicket(server.url);
    // Ten people behind ten addresses (the per-address cap is 4 here): only the ticket's cap applies.
    const open: SseConnection[] = [];
    for (let i = 0; i < 10; i++) open.push(await openChat(chatUrl(server.url, a), from(`198.51.100.${i + 1}`)));
    const eleventh = await openSse(chatUrl(server.url, a), from('198.51.100.11'));
    assertRefused(eleventh, /10 live connections/);
    // Another ticket is not affected.
    const other = await openChat(chatUrl(server.url, b), from('198.51.100.11'));

    open.shift()!.close();
    const again = await openWhenFree(chatUrl(server.url, a), from('198.51.100.11'));
    await again.waitFor((e) => messages(e).length >= 1, 5000, 'the opening message');
    assertRefused(await openSse(chatUrl(server.url, a), from('198.51.100.12')), /10 live connections/);
    for (const s of [...open, other, again]) s.close();
  });

  it('caps the streams from one address (chat and inbox together), not the others', async () => {
    const tickets = [await chatTicket(server.url), await chatTicket(server.url), await chatTicket(server.url)];
    const agent = await signIn(server.url);
    const address = '203.0.113.7';
    const open = [
      ...(await Promise.all(tickets.map((t) => openChat(chatUrl(server.url, t), from(address))))),
      await openSse(`${server.url}/api/inbox/events`, { cookie: agent.cookie, ...from(address) }),
    ];
    assert.equal(open[3].status, 200);
    assertRefused(await openSse(chatUrl(server.url, tickets[0]), from(address)), /from this address/);
    assertRefused(await openSse(`${server.url}/api/inbox/events`, { cookie: agent.cookie, ...from(address) }), /from this address/);
    // Someone else is served.
    const elsewhere = await openChat(chatUrl(server.url, tickets[0]), from('203.0.113.8'));

    open[0].close();
    const again = await openWhenFree(chatUrl(server.url, tickets[1]), from(address));
    for (const s of [...open, elsewhere, again]) s.close();
  });

  it("caps an agent session's inbox streams; another session is served", async () => {
    const address = '203.0.113.9';
    const first = await signIn(server.url);
    const inbox = (cookie: string) => openSse(`${server.url}/api/inbox/events`, { cookie, ...from(address) });
    const tabs = [await inbox(first.cookie), await inbox(first.cookie)];
    for (const t of tabs) assert.equal(t.status, 200);
    assertRefused(await inbox(first.cookie), /inbox tabs/);
    const second = await signIn(server.url);
    const theirs = await inbox(second.cookie);
    assert.equal(theirs.status, 200);

    tabs[0].close();
    const again = await eventually(
      async () => {
        const s = await inbox(first.cookie);
        return s.status === 200 ? s : null;
      },
      5000,
      'a free inbox place',
    );
    for (const s of [...tabs, theirs, again]) s.close();
  });
});

forEachStore('Live event fan-out', (target) => {
  let server: TestServer;
  before(async () => {
    server = await target.start(withAdmin());
  });
  after(() => server?.stop());

  it("reads a new message from the store once for all of a ticket's streams, and sends it to each once", async () => {
    const t = await chatTicket(server.url);
    const streams: SseConnection[] = [];
    for (let i = 0; i < 5; i++) streams.push(await openChat(chatUrl(server.url, t)));
    await pause(300); // let the ticket's creation settle
    const reads = observeSelects(server.running.store, 'ticket_messages');
    try {
      const sent = await post(
        server.url,
        `/api/chat/${t.reference}/messages`,
        { body: 'First, to five streams' },
        { authorization: `Bearer ${t.token}` },
      );
      assert.equal(sent.status, 201);
      for (const s of streams) await s.waitFor(() => countOf(s, 'First, to five streams') === 1, 5000, 'the message');
      await pause(300);
      assert.equal(reads.count, 1, 'one read of the conversation for five streams');
      for (const s of streams) assert.deepEqual(bodies(s), ['How do I hide a course?', 'First, to five streams']);

      // One stream drops (a reload); while it is away, an agent answers twice.
      const away = streams.pop()!;
      const lastId = messages(away.events).at(-1)!.id!;
      away.close();
      const agent = await signIn(server.url);
      await agent.post(`/api/inbox/tickets/${t.reference}/replies`, { body: 'Answer one' });
      await agent.post(`/api/inbox/tickets/${t.reference}/replies`, { body: 'Answer two' });
      for (const s of streams) await s.waitFor(() => countOf(s, 'Answer two') === 1, 5000, 'the answers');

      // It comes back with Last-Event-ID: exactly what it missed, and the others get nothing again.
      const back = await openSse(chatUrl(server.url, t), { 'last-event-id': lastId });
      assert.equal(back.status, 200);
      await back.waitFor(() => countOf(back, 'Answer two') === 1, 5000, 'the missed answers');
      streams.push(back);
      const before = reads.count;
      await agent.post(`/api/inbox/tickets/${t.reference}/replies`, { body: 'Answer three' });
      for (const s of streams) await s.waitFor(() => countOf(s, 'Answer three') === 1, 5000, 'answer three');
      await pause(300);
      assert.equal(reads.count - before, 1, 'one read for the next answer too');
      assert.deepEqual(bodies(back), ['Answer one', 'Answer two', 'Answer three']);
      for (const s of streams.slice(0, -1)) {
        assert.deepEqual(bodies(s), ['How do I hide a course?', 'First, to five streams', 'Answer one', 'Answer two', 'Answer three']);
      }
      for (const s of streams) {
        const ids = messages(s.events).map((e) => Number(e.id));
        assert.deepEqual(
          ids,
          [...ids].sort((x, y) => x - y),
          'in order',
        );
      }
    } finally {
      reads.stop();
      for (const s of streams) s.close();
    }
  });

  // Only PostgreSQL shares a store between processes (SQLite is one process's file): defined there only.
  if (target.databaseUrl)
    it('two API processes on one PostgreSQL database each read a message once for their own streams', async () => {
      const schema = newSchemaName();
      const a = await startServer(withAdmin({ databaseUrl: target.databaseUrl, databaseSchema: schema }));
      const b = await startServer(withAdmin({ databaseUrl: target.databaseUrl, databaseSchema: schema }));
      const streams: SseConnection[] = [];
      try {
        const t = await chatTicket(a.url);
        for (let i = 0; i < 3; i++) streams.push(await openChat(chatUrl(a.url, t)), await openChat(chatUrl(b.url, t)));
        await pause(300); // the ticket's creation reaches B through NOTIFY too: let it settle
        const readsA = observeSelects(a.running.store, 'ticket_messages');
        const readsB = observeSelects(b.running.store, 'ticket_messages');
        const agent = await signIn(b.url);
        await agent.post(`/api/inbox/tickets/${t.reference}/replies`, { body: 'Through NOTIFY' });
        for (const s of streams) await s.waitFor(() => countOf(s, 'Through NOTIFY') === 1, 5000, 'the answer on both processes');
        await pause(300);
        readsA.stop();
        readsB.stop();
        assert.equal(readsA.count, 1, 'process A: one read for its three streams');
        assert.equal(readsB.count, 1, 'process B: one read for its three streams');
        for (const s of streams) assert.equal(countOf(s, 'Through NOTIFY'), 1);
      } finally {
        for (const s of streams) s.close();
        await a.stop();
        await b.stop();
        await dropSchema(target.databaseUrl!, schema);
      }
    });
});

forEachStore('Live event fan-out with many streams open', (target) => {
  const CROWD = 40;
  // Its own schema on PostgreSQL, to find the process's LISTEN connection by its channel.
  const schema = target.databaseUrl ? newSchemaName() : undefined;
  let server: TestServer;
  before(async () => {
    server = await target.start(
      withAdmin({
        databaseSchema: schema,
        env: { HELPWAY_STREAMS_PER_TICKET: String(CROWD), HELPWAY_STREAMS_PER_ADDRESS: String(CROWD * 3) },
      }),
    );
  });
  after(async () => {
    await server?.stop();
    if (schema) await dropSchema(target.databaseUrl!, schema);
  });

  /** Opens `count` streams on `t` a few at a time. */
  async function openMany(t: { reference: string; token: string }, count: number): Promise<SseConnection[]> {
    const open: SseConnection[] = [];
    for (let i = 0; i < count; i += 10)
      open.push(...(await Promise.all(Array.from({ length: Math.min(10, count - i) }, () => openChat(chatUrl(server.url, t))))));
    return open;
  }

  it(`reads a reply once in the process with ${CROWD} streams on its chat and more on others, as with one stream`, async () => {
    const t = await chatTicket(server.url);
    const elsewhere = [await chatTicket(server.url), await chatTicket(server.url), await chatTicket(server.url)];
    const agent = await signIn(server.url);
    const streams = [await openChat(chatUrl(server.url, t))];
    const others: SseConnection[] = [];
    try {
      /** The reads of the chat's conversation that one agent reply costs, once every stream of the chat has it. */
      const readsFor = async (body: string) => {
        await pause(300); // let what came before settle
        const reads = observeSelects(server.running.store, 'ticket_messages', 'message_articles');
        try {
          const res = await agent.post(`/api/inbox/tickets/${t.reference}/replies`, { body });
          assert.equal(res.status, 201, res.text);
          for (const s of streams) await s.waitFor(() => countOf(s, body) === 1, 10_000, body);
          await pause(300);
          return { all: reads.count, messages: reads.of('ticket_messages') };
        } finally {
          reads.stop();
        }
      };
      const alone = await readsFor('To one stream');
      assert.equal(alone.messages, 1, 'one read of the messages for one stream');

      streams.push(...(await openMany(t, CROWD - 1)));
      for (const other of elsewhere) others.push(...(await openMany(other, 10)));
      const crowded = await readsFor(`To ${CROWD} streams`);
      // Read per stream, this would be CROWD times as many (or more, counting the other chats' streams).
      assert.deepEqual(crowded, alone, `the same reads with ${CROWD + others.length} streams open as with one`);
      for (const s of streams) assert.equal(countOf(s, `To ${CROWD} streams`), 1, 'each stream of the chat has it once');
      for (const s of others) assert.equal(countOf(s, `To ${CROWD} streams`), 0, 'the other chats do not');

      if (target.databaseUrl) {
        // Other processes' changes come in through one LISTEN connection, however many streams are open.
        const client = new pg.Client({ connectionString: target.databaseUrl });
        await client.connect();
        try {
          const { rows } = await client.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where query = $1', [
            `LISTEN "helpway_events_${schema}"`,
          ]);
          assert.equal(rows[0].n, 1, 'one LISTEN connection for the process');
        } finally {
          await client.end();
        }
      }
    } finally {
      for (const s of [...streams, ...others]) s.close();
    }
  });
});

forEachStore('Idle live event streams', (target) => {
  const IDLE_MS = 2000;
  let server: TestServer;
  before(async () => {
    // Inbox heartbeats every second (a third of the presence time, at least 1 s).
    server = await target.start(
      withAdmin({
        env: { HELPWAY_STREAM_IDLE_SECONDS: String(IDLE_MS / 1000), HELPWAY_PRESENCE_SECONDS: '3', HELPWAY_STREAMS_PER_TICKET: '1' },
      }),
    );
  });
  after(() => server?.stop());

  /** Waits for the server to end the stream; fails after `ms`. */
  async function serverCloses(s: SseConnection, ms: number): Promise<number> {
    const closed = await Promise.race([s.closed.then(() => true), pause(ms).then(() => false)]);
    assert.ok(closed, `the server did not close the stream within ${ms} ms`);
    return s.closedAt!;
  }

  it('closes a stream with no event for the idle time, counted from its last event, and frees its place', async () => {
    const t = await chatTicket(server.url);
    const stream = await openChat(chatUrl(server.url, t));
    assertRefused(await openSse(chatUrl(server.url, t)), /1 live connection open/);
    await pause(IDLE_MS / 2);
    await post(server.url, `/api/chat/${t.reference}/messages`, { body: 'Still here' }, { authorization: `Bearer ${t.token}` });
    await stream.waitFor(() => countOf(stream, 'Still here') === 1, 5000, 'the message');
    const lastEventAt = stream.events.at(-1)!.at;
    const closedAt = await serverCloses(stream, IDLE_MS + 5000);
    assert.ok(closedAt - lastEventAt >= IDLE_MS - 100, `closed ${Math.round(closedAt - lastEventAt)} ms after the last event`);

    // The place is free again, and the page's reconnect resumes where it was.
    const resumed = await openSse(chatUrl(server.url, t), { 'last-event-id': messages(stream.events).at(-1)!.id! });
    assert.equal(resumed.status, 200, JSON.stringify(resumed.body));
    await post(server.url, `/api/chat/${t.reference}/messages`, { body: 'After the reconnect' }, { authorization: `Bearer ${t.token}` });
    await resumed.waitFor(() => countOf(resumed, 'After the reconnect') === 1, 5000, 'the next message');
    assert.deepEqual(bodies(resumed), ['After the reconnect']);
    resumed.close();
  });

  it('does not count heartbeats as activity', async () => {
    const agent = await signIn(server.url);
    const inbox = await openSse(`${server.url}/api/inbox/events`, { cookie: agent.cookie });
    assert.equal(inbox.status, 200);
    await inbox.waitFor((e) => e.length > 0, 5000, 'the first change event');
    const openedAt = inbox.events[0].at;
    const closedAt = await serverCloses(inbox, IDLE_MS + 5000);
    assert.ok(inbox.heartbeats >= 1, `heartbeats seen: ${inbox.heartbeats}`);
    assert.ok(closedAt - openedAt >= IDLE_MS - 100);
  });
});
