/**
 * A local webhook receiver over real HTTP for the tests: records every POST (headers and raw
 * body), answers with `status` (changeable), and can go down and come back on the same port.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  status: number;
  up(): Promise<void>;
  down(): Promise<void>;
}

export async function startReceiver(status = 200): Promise<Receiver> {
  let server: Server | null = null;
  const receiver: Receiver = {
    url: '',
    port: 0,
    received: [],
    status,
    async up() {
      server = createServer((req, res) => {
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (d) => (body += d));
        req.on('end', () => {
          receiver.received.push({ headers: req.headers, body });
          res.writeHead(receiver.status, { 'content-type': 'text/plain' }).end('ok');
        });
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(receiver.port, '127.0.0.1', () => resolve());
      });
      receiver.port = (server!.address() as AddressInfo).port;
      receiver.url = `http://127.0.0.1:${receiver.port}/hooks/helpway`;
    },
    async down() {
      const s = server;
      server = null;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
  await receiver.up();
  return receiver;
}

/**
 * What a receiver does, written apart from the server's code: the header is
 * `t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`.
 */
export function signatureValid(secret: string, body: string, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  if (!/^\d+$/.test(parts.t ?? '') || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) return false;
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(parts.v1, 'hex'));
}
