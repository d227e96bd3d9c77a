/**
 * Long-lived response bodies (live event streams) written straight to Node's response.
 *
 * A handler answers with a `LiveBody`: a ReadableStream, so the answer is an ordinary `Response`
 * that passes through every middleware (security headers, CORS, Cache-Control) and works wherever
 * Hono runs. Served by Node (`serveLiveBodies` around the app's fetch), the finished response's
 * status and headers are written to the socket and the body's sink writes its bytes there itself:
 * no web stream, reader or promise chain is kept per open stream, only the sink and the socket,
 * which is what lets one process hold many thousands of idle streams.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';

/** Where a live body's bytes go. */
export interface LiveTransport {
  /** Sends `chunk`; false when the client is not keeping up: wait for the sink's `drained()`. */
  write(chunk: Uint8Array | string): boolean;
  /** Ends the response; `abort` drops the connection instead (the client is gone or stopped reading). */
  end(abort: boolean): void;
}

/** What writes a live body: told where to write, when it may write again, and when the client left. */
export interface LiveSink {
  attach(transport: LiveTransport): void;
  drained(): void;
  gone(): void;
}

const encoder = new TextEncoder();

/**
 * The body of a live response. Read as a web stream (no Node response to write to), the sink is
 * attached on the first read and writes go through the stream's queue.
 */
export class LiveBody extends ReadableStream<Uint8Array> {
  readonly sink: LiveSink;

  constructor(sink: LiveSink) {
    let attached = false;
    super(
      {
        pull(controller) {
          if (attached) return sink.drained();
          attached = true;
          sink.attach({
            write(chunk) {
              try {
                controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
              } catch {
                return false; // cancelled: the sink hears it through `gone`
              }
              return (controller.desiredSize ?? 0) > 0;
            },
            end(abort) {
              try {
                if (abort) controller.error(new Error('live stream closed'));
                else controller.close();
              } catch {
                // already closed or cancelled
              }
            },
          });
        },
        cancel: () => sink.gone(),
      },
      // Nothing is pulled until someone reads: a body handed to Node is never read as a stream.
      { highWaterMark: 0 },
    );
    this.sink = sink;
  }
}

function nodeTransport(out: ServerResponse, sink: LiveSink): LiveTransport {
  out.on('drain', () => sink.drained());
  out.on('close', () => sink.gone());
  return {
    write: (chunk) => out.write(chunk),
    end: (abort) => (abort ? out.destroy() : out.end()),
  };
}

function takeOver(res: Response, env: unknown): Response {
  const body = res.body;
  const out = (env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (!(body instanceof LiveBody) || typeof out?.writeHead !== 'function') return res;
  const headers: OutgoingHttpHeaders = {};
  res.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = res.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  out.writeHead(res.status, headers);
  out.flushHeaders();
  body.sink.attach(nodeTransport(out, body.sink));
  // The client left while the answer was being made: its 'close' went by before anyone listened.
  if (!out.socket || out.socket.destroyed) body.sink.gone();
  return RESPONSE_ALREADY_SENT;
}

type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

/** Wraps the app's fetch for @hono/node-server: live bodies are written to Node's response directly. */
export function serveLiveBodies(fetch: Fetch): Fetch {
  return (request, env) => {
    const res = fetch(request, env);
    return res instanceof Promise ? res.then((r) => takeOver(r, env)) : takeOver(res, env);
  };
}
