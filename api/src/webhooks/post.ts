/**
 * One HTTP request the server makes to an address an admin chose (a webhook's POST, a site
 * health probe's GET): node:http(s) with the address guard's DNS lookup (so the address
 * connected to is the one checked), a deadline for the whole exchange, no redirects followed (a
 * 3xx is an answer, not an invitation to go elsewhere — possibly somewhere private), the
 * response body discarded.
 */
import http from 'node:http';
import https from 'node:https';
import { guardedLookup } from './address-guard.ts';

export type PostResult = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** What came back: a status, or why none did. */
type Answer = { status: number; error?: undefined } | { status: null; error: string };

function exchange(
  method: 'GET' | 'POST',
  url: string,
  body: string | null,
  headers: Record<string, string>,
  options: { timeoutMs: number; demoMode: boolean },
): Promise<Answer> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    let settled = false;
    const done = (answer: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(answer);
    };
    const request = client.request(target, { method, headers, lookup: guardedLookup(options.demoMode), agent: false }, (response) => {
      const status = response.statusCode ?? 0;
      response.resume(); // nobody reads the answer's body, but it must be drained to free the socket
      response.on('end', () => done({ status }));
      response.on('error', (error) => done({ status: null, error: error.message }));
    });
    const deadline = setTimeout(() => {
      request.destroy();
      done({ status: null, error: `no answer within ${options.timeoutMs} ms` });
    }, options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) =>
      done({ status: null, error: error.code ? `${error.code}: ${error.message}` : error.message }),
    );
    request.end(body ?? undefined);
  });
}

export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; demoMode: boolean },
): Promise<PostResult> {
  const answer = await exchange(
    'POST',
    url,
    body,
    { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
    options,
  );
  if (answer.status === null) return { ok: false, status: null, error: answer.error };
  const { status } = answer;
  return status >= 200 && status < 300
    ? { ok: true, status }
    : { ok: false, status, error: `HTTP ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}` };
}

/** A GET whose answer is only its status (a health probe); 2xx and 3xx count as good. */
export async function getStatus(
  url: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; demoMode: boolean },
): Promise<PostResult> {
  const answer = await exchange('GET', url, null, headers, options);
  if (answer.status === null) return { ok: false, status: null, error: answer.error };
  return answer.status >= 200 && answer.status < 400
    ? { ok: true, status: answer.status }
    : { ok: false, status: answer.status, error: `HTTP ${answer.status}` };
}
