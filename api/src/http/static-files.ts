/**
 * Built front-end files (KB site, widget, inbox assets) with strong ETags, `If-None-Match` → 304
 * and gzip / brotli. A file is read once and kept with its hash and, on first demand, its gzip and
 * brotli forms (compressed off the event loop, at the best levels: static files are compressed
 * once, not per request). Each request stats the file, so a new build is served at once.
 *
 * Each encoding is its own representation with its own strong ETag ("<hash>", "<hash>-gz",
 * "<hash>-br"); `If-None-Match` with any of them is a match (the same bytes before encoding).
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import { getMimeType } from 'hono/utils/mime';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Files larger than this are read per request and sent as they are (none of ours come close). */
const CACHE_MAX_BYTES = 8 * 1024 * 1024;
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|xml|manifest\+json)|image\/svg\+xml)/;

interface Entry {
  mtimeMs: number;
  size: number;
  type: string;
  hash: string;
  raw: Buffer;
  compressible: boolean;
  gzip?: Promise<Buffer | null>;
  br?: Promise<Buffer | null>;
}

export interface StaticOptions {
  /** Maps the URL path to the path under `root` (e.g. strips a mount prefix). */
  rewrite?: (urlPath: string) => string;
  /** Cache-Control for a URL path (sent with 200 and 304). */
  cacheControl?: (urlPath: string) => string | undefined;
}

type Encoding = 'br' | 'gzip' | 'identity';

/** The best encoding the client accepts: br, then gzip, else identity (q=0 refuses). */
export function chooseEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qp ? Number(qp.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const accepts = (name: string) => (q.get(name) ?? q.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip') || (q.get('x-gzip') ?? 0) > 0) return 'gzip';
  return 'identity';
}

function etagFor(hash: string, encoding: Encoding): string {
  return encoding === 'identity' ? `"${hash}"` : `"${hash}-${encoding === 'gzip' ? 'gz' : 'br'}"`;
}

/** If-None-Match (weak comparison, RFC 9110 §13.1.2) against any representation of the file. */
function notModified(header: string | undefined, hash: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === `"${hash}"` || t === `"${hash}-gz"` || t === `"${hash}-br"`;
  });
}

/** The file under `root` a URL path names, or null for anything outside it or malformed. */
function resolveUnder(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').some((segment) => segment === '..')) return null;
  const file = path.join(root, decoded);
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

export function staticFiles(dir: string, options: StaticOptions = {}): MiddlewareHandler {
  const root = path.resolve(dir);
  const cache = new Map<string, Entry>();

  async function load(file: string): Promise<Entry | null> {
    let info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      file = path.join(file, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info?.isFile()) return null;
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
    const raw = await readFile(file);
    const type = getMimeType(file) ?? 'application/octet-stream';
    const entry: Entry = {
      mtimeMs: info.mtimeMs,
      size: info.size,
      type: /^(text\/|application\/(javascript|json))/.test(type) && !type.includes('charset') ? `${type}; charset=utf-8` : type,
      hash: createHash('sha256').update(raw).digest('base64url').slice(0, 27),
      raw,
      compressible: COMPRESSIBLE.test(type) && raw.length >= 256,
    };
    if (raw.length <= CACHE_MAX_BYTES) cache.set(file, entry);
    return entry;
  }

  function encoded(entry: Entry, encoding: Encoding): Promise<Buffer | null> | null {
    if (encoding === 'identity' || !entry.compressible) return null;
    const smaller = (b: Buffer) => (b.length < entry.raw.length ? b : null);
    const fail = () => null;
    if (encoding === 'gzip') return (entry.gzip ??= gzipAsync(entry.raw, { level: 9 }).then(smaller, fail));
    return (entry.br ??= brotliAsync(entry.raw, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: 11,
        [zlib.BROTLI_PARAM_SIZE_HINT]: entry.raw.length,
        [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
      },
    }).then(smaller, fail));
  }

  return async function serveFile(c: Context, next) {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const urlPath = options.rewrite ? options.rewrite(c.req.path) : c.req.path;
    const file = resolveUnder(root, urlPath);
    const entry = file ? await load(file) : null;
    if (!entry) return next();

    let encoding = entry.compressible ? chooseEncoding(c.req.header('accept-encoding')) : 'identity';
    let body: Buffer = entry.raw;
    if (encoding !== 'identity') {
      const b = await encoded(entry, encoding);
      if (b) body = b;
      else encoding = 'identity';
    }
    const headers = new Headers({ 'Content-Type': entry.type, ETag: etagFor(entry.hash, encoding) });
    if (entry.compressible) headers.set('Vary', 'Accept-Encoding');
    const cacheControl = options.cacheControl?.(c.req.path);
    if (cacheControl) headers.set('Cache-Control', cacheControl);
    if (notModified(c.req.header('if-none-match'), entry.hash)) return new Response(null, { status: 304, headers });
    if (encoding !== 'identity') headers.set('Content-Encoding', encoding);
    headers.set('Content-Length', String(body.length));
    return new Response(c.req.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), { status: 200, headers });
  };
}
