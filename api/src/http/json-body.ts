/**
 * Validation on the route: `jsonBody(schema)` parses the body as JSON whatever its content type
 * (navigator.sendBeacon sends text/plain), cleans its text, validates it with zod and puts the
 * result in `c.var.body`. The body is bounded before anything is parsed: its size while it is
 * read (413), its nesting by a linear scan of the text (422). Invalid JSON → 400 `invalid_json`;
 * a zod failure → 422 naming fields.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { ApiError, fieldsFromZod, validationError } from './errors.ts';
import { checkJsonDepth, cleanJson, reservedKeyPaths, TooDeeplyNestedError } from './clean-text.ts';
import type { AppEnv } from './env.ts';

/** The most any JSON body may weigh unless its route says less: far above every honest request. */
export const JSON_BODY_LIMIT = 1024 * 1024;

export interface JsonBodyOptions {
  /** Bytes, default JSON_BODY_LIMIT: a larger Content-Length is refused unread, a chunked body as it passes the limit. */
  maxBytes?: number;
}

export function jsonBody<S extends z.ZodType>(
  schema: S,
  options: JsonBodyOptions = {},
): MiddlewareHandler<AppEnv & { Variables: { body: z.output<S> } }> {
  const limit = limitBody(options.maxBytes ?? JSON_BODY_LIMIT);
  return async function jsonBody(c, next) {
    let text = '';
    await limit(c, async () => {
      text = await c.req.text();
    });
    let raw: unknown;
    try {
      checkJsonDepth(text);
      raw = cleanJson(JSON.parse(text));
    } catch (error) {
      if (error instanceof TooDeeplyNestedError) throw validationError({ '(body)': error.message });
      if (error instanceof SyntaxError)
        throw new ApiError(
          400,
          'invalid_json',
          text.trim() === '' ? 'The request body is empty: send a JSON document.' : 'The request body is not valid JSON.',
        );
      throw error;
    }
    const reserved = reservedKeyPaths(raw);
    if (reserved.length)
      throw validationError(Object.fromEntries(reserved.map((path) => [path, 'is a reserved name, not a field: remove it'])));
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw validationError(fieldsFromZod(parsed.error));
    c.set('body', parsed.data);
    const first = Array.isArray(parsed.data) ? parsed.data[0] : parsed.data;
    const site = (first as { site?: unknown } | null)?.site;
    if (typeof site === 'string') c.set('siteKey', site);
    await next();
  };
}

/** Validates the query string the same way; 422 naming the parameter. */
export function queryParams<S extends z.ZodType>(schema: S): MiddlewareHandler<AppEnv & { Variables: { query: z.output<S> } }> {
  return async function queryParams(c, next) {
    const parsed = schema.safeParse(cleanJson(c.req.query()));
    if (!parsed.success) throw validationError(fieldsFromZod(parsed.error));
    c.set('query', parsed.data);
    const site = (parsed.data as { site?: unknown } | null)?.site;
    if (typeof site === 'string') c.set('siteKey', site);
    await next();
  };
}

/** hono's bodyLimit answering in the contract-4 shape (`what` names the body in the message). */
export function limitBody(maxBytes: number, what = 'The request body'): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      // The rest of the body is never read: close the connection rather than reuse a dirty one.
      throw new ApiError(413, 'payload_too_large', `${what} is larger than ${formatBytes(maxBytes)}.`, undefined, { Connection: 'close' });
    },
  });
}

export function formatBytes(n: number): string {
  return n >= 1048576 ? `${Math.round(n / 1048576)} MB` : `${Math.round(n / 1024)} KB`;
}
