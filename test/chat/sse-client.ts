/** A small Server-Sent Events client over node:http, for tests and the benchmark. */
import http from 'node:http';
export interface SseEvent {
  id?: string;
  event: string;
  data: any;
  at: number;
}

export interface SseConnection {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body of a refused (non-2xx) request. */
  body: any;
  events: SseEvent[];
  /** Comment lines (`: keep-alive`) seen so far. */
  heartbeats: number;
  waitFor(predicate: (events: SseEvent[]) => boolean, ms?: number, what?: string): Promise<SseEvent[]>;
  onEvent(listener: (e: SseEvent) => void): void;
  close(): void;
  closed: Promise<void>;
  /** performance.now() when the server ended the stream (or the socket closed), else null. */
  closedAt: number | null;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  // node:http with its own socket (no pooled keep-alive connection): closing really closes.
  const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers }, agent: false });
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  const events: SseEvent[] = [];
  const listeners: Array<(e: SseEvent) => void> = [];
  let notify = null as (() => void) | null;
  let heartbeats = 0;
  let closedAt: number | null = null;
  const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
  const closed = new Promise<void>((resolve) => {
    const done = () => {
      closedAt ??= performance.now();
      resolve();
    };
    res.once('close', done);
    res.once('error', done);
    req.once('error', done);
  });
  if (ok) {
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (value: string) => {
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let id: string | undefined;
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) {
            heartbeats++;
            continue;
          }
          const [field, ...rest] = line.split(':');
          const v = rest.join(':').replace(/^ /, '');
          if (field === 'id') id = v;
          else if (field === 'event') event = v;
          else if (field === 'data') data.push(v);
        }
        if (!data.length) continue;
        const text = data.join('\n');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
        const e = { id, event, data: parsed, at: performance.now() };
        events.push(e);
        for (const l of listeners) l(e);
        notify?.();
      }
    });
  }
  let body: any = null;
  if (!ok) {
    let text = '';
    res.setEncoding('utf8');
    for await (const chunk of res) text += chunk;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return {
    status: res.statusCode ?? 0,
    headers: res.headers,
    body,
    events,
    get heartbeats() {
      return heartbeats;
    },
    get closedAt() {
      return closedAt;
    },
    onEvent: (l) => listeners.push(l),
    async waitFor(predicate, ms = 10_000, what = 'events') {
      const until = Date.now() + ms;
      while (!predicate(events)) {
        if (Date.now() > until)
          throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(events.map((e) => [e.event, e.id, e.data]))}`);
        await Promise.race([new Promise<void>((r) => (notify = r)), new Promise((r) => setTimeout(r, 50))]);
      }
      return events;
    },
    close: () => req.destroy(),
    closed,
  };
}
