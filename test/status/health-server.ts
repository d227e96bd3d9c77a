/**
 * A site's health endpoint for the probe tests and bench: answers 200 (or 500 when told to fail),
 * can go unreachable (stops listening) and come back on the same port, and counts the requests
 * it answered per path.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HealthServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** Requests answered, per path. */
  hits: Map<string, number>;
  total(): number;
  answer(status: number): void;
  unreachable(): Promise<void>;
  reachable(): Promise<void>;
  close(): Promise<void>;
}

export async function startHealthServer(): Promise<HealthServer> {
  let status = 200;
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 400 ? 'ok' : 'broken');
  });
  server.keepAliveTimeout = 1;
  const listen = (port: number) =>
    new Promise<void>((resolve) => (server.listening ? resolve() : server.listen(port, '127.0.0.1', () => resolve())));
  const close = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    total: () => [...hits.values()].reduce((a, b) => a + b, 0),
    answer: (s) => void (status = s),
    unreachable: close,
    reachable: () => listen(port),
    close,
  };
}
