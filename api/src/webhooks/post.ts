/**
 * One HTTP POST of a webhook body: node:http(s) with the address guard's DNS lookup (so the
 * address connected to is the one checked), a deadline for the whole exchange, no redirects
 * followed (a 3xx is an answer, not an invitation to go elsewhere), the response body discarded.
 */
import http from 'node:http';
import https from 'node:https';
import { guardedLookup } from './address-guard.ts';

export type PostResult = { ok: true; status: number } | { ok: false; status: number | null; error: string };

export function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; demoMode: boolean },
): Promise<PostResult> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    let settled = false;
    const done = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
        lookup: guardedLookup(options.demoMode),
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        response.resume(); // nobody reads the receiver's answer, but it must be drained to free the socket
        response.on('end', () =>
          done(
            status >= 200 && status < 300
              ? { ok: true, status }
              : { ok: false, status, error: `HTTP ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}` },
          ),
        );
        response.on('error', (error) => done({ ok: false, status, error: error.message }));
      },
    );
    const deadline = setTimeout(() => {
      request.destroy();
      done({ ok: false, status: null, error: `no answer within ${options.timeoutMs} ms` });
    }, options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) =>
      done({ ok: false, status: null, error: error.code ? `${error.code}: ${error.message}` : error.message }),
    );
    request.end(body);
  });
}
