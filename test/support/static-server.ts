/**
 * A tiny static file server for browser tests that do not need the API (kb-site/dist by default).
 * Directory URLs serve index.html, unknown paths serve 404.html with status 404, and an optional
 * `handle` hook lets a test answer extra routes first (for example a stub POST /api/feedback).
 * Binds to port 0 (a free port) on 127.0.0.1.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const KB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../kb-site/dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export interface StaticServerOptions {
  /** Directory to serve; default kb-site/dist. */
  root?: string;
  /** Answer a request before the files do; return true when handled. */
  handle?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
}

export interface StaticServer {
  /** Origin without a trailing slash, e.g. http://127.0.0.1:40123 */
  url: string;
  close(): Promise<void>;
}

async function fileOrNull(file: string): Promise<Buffer | null> {
  try {
    const s = await stat(file);
    return s.isFile() ? await readFile(file) : null;
  } catch {
    return null;
  }
}

async function isDirectory(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isDirectory();
  } catch {
    return false;
  }
}

/** Read a request body as text (for stub handlers). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A `handle` stub for `POST route`: keeps each JSON body (and its content type) and answers
 * `status` with `reply`, so a test can check exactly what the page sent.
 */
export function stubJsonPost(
  route: string,
  status: number,
  bodies: unknown[],
  options: { reply?: string; contentTypes?: string[] } = {},
): NonNullable<StaticServerOptions['handle']> {
  return async (req, res) => {
    if (req.method !== 'POST' || req.url !== route) return false;
    options.contentTypes?.push(req.headers['content-type'] ?? '');
    bodies.push(JSON.parse(await readBody(req)));
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(options.reply ?? '{}');
    return true;
  };
}

export async function startStaticServer(options: StaticServerOptions = {}): Promise<StaticServer> {
  const root = path.resolve(options.root ?? KB_DIST);
  if (!(await isDirectory(root))) throw new Error(`${root} does not exist: build the site first (npm run build:site)`);

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (options.handle && (await options.handle(req, res))) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: Buffer | string, type: string) => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const notFound = async () => {
      const page = await fileOrNull(path.join(root, '404.html'));
      send(404, page ?? 'Not found', page ? TYPES['.html'] : 'text/plain');
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return notFound();

    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return notFound();
    }
    const file = path.join(root, path.normalize(pathname));
    if (file !== root && !file.startsWith(root + path.sep)) return notFound();

    if (await isDirectory(file)) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { location: `${url.pathname}/${url.search}` });
        res.end();
        return;
      }
      const index = await fileOrNull(path.join(file, 'index.html'));
      return index ? send(200, index, TYPES['.html']) : notFound();
    }
    const body = await fileOrNull(file);
    if (!body) return notFound();
    send(200, body, TYPES[path.extname(file)] ?? 'application/octet-stream');
  };

  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
