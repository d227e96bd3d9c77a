/** One JSON line per request: method, path (no query: it may carry personal data), status, ms. */
import type { MiddlewareHandler } from 'hono';

export interface RequestLogOptions {
  write: (entry: Record<string, unknown>) => void;
}

export function requestLog(options: RequestLogOptions): MiddlewareHandler {
  return async function requestLog(c, next) {
    const start = performance.now();
    try {
      await next();
    } finally {
      options.write({
        msg: 'request',
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - start) * 10) / 10,
      });
    }
  };
}
