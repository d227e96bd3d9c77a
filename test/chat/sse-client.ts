/** A small Server-Sent Events client over fetch, for tests and the benchmark. */
export interface SseEvent {
  id?: string;
  event: string;
  data: any;
  at: number;
}

export interface SseConnection {
  status: number;
  events: SseEvent[];
  waitFor(predicate: (events: SseEvent[]) => boolean, ms?: number, what?: string): Promise<SseEvent[]>;
  onEvent(listener: (e: SseEvent) => void): void;
  close(): void;
  closed: Promise<void>;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const listeners: Array<(e: SseEvent) => void> = [];
  let notify = null as (() => void) | null;
  const closed = (async () => {
    if (!res.ok || !res.body) return;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let id: string | undefined;
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const [field, ...rest] = line.split(':');
            const value = rest.join(':').replace(/^ /, '');
            if (field === 'id') id = value;
            else if (field === 'event') event = value;
            else if (field === 'data') data.push(value);
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
      }
    } catch {
      // aborted
    }
  })();
  return {
    status: res.status,
    events,
    onEvent: (l) => listeners.push(l),
    async waitFor(predicate, ms = 10_000, what = 'events') {
      const until = Date.now() + ms;
      while (!predicate(events)) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(events.map((e) => [e.event, e.id, e.data]))}`);
        await Promise.race([new Promise<void>((r) => (notify = r)), new Promise((r) => setTimeout(r, 50))]);
      }
      return events;
    },
    close: () => controller.abort(),
    closed,
  };
}
