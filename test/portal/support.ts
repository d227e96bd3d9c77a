/**
 * Portal test support: a site contact and a signed-in portal session for them, made through the
 * store (the sign-in flow itself is tested over HTTP in test/portal/sign-in.test.ts).
 */
import { call, type JsonResponse } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { saveContact, type Contact, type ContactRole } from '../../api/src/portal/contacts.ts';
import { openPortalSession } from '../../api/src/portal/sessions.ts';
import { PORTAL_COOKIE } from '../../api/src/portal/auth.ts';

export interface PortalSession {
  contact: Contact;
  cookie: string;
  csrf: string;
  get<T = any>(path: string): Promise<JsonResponse<T>>;
  post<T = any>(path: string, json: unknown): Promise<JsonResponse<T>>;
  put<T = any>(path: string, json: unknown): Promise<JsonResponse<T>>;
  delete<T = any>(path: string): Promise<JsonResponse<T>>;
}

/** Adds (or updates) the contact on `site` and opens a portal session for them. */
export async function portalSession(
  server: TestServer,
  contact: { site?: string; email: string; name?: string; role?: ContactRole },
): Promise<PortalSession> {
  const db = server.running.store.db;
  const now = server.running.services.clock.now();
  const saved = (
    await saveContact(
      db,
      contact.site ?? 'demo',
      { email: contact.email.toLowerCase(), name: contact.name ?? contact.email.split('@')[0], role: contact.role ?? 'member' },
      'test',
      now,
    )
  ).contact;
  const session = await openPortalSession(db, saved.id, now, 'test');
  const cookie = `${PORTAL_COOKIE}=${session.cookie}`;
  const write = (method: string) => (path: string, json?: unknown) =>
    call(server.url, path, { method, json, headers: { cookie, 'x-csrf-token': session.csrfToken } });
  return {
    contact: saved,
    cookie,
    csrf: session.csrfToken,
    get: (path) => call(server.url, path, { headers: { cookie } }),
    post: write('POST'),
    put: write('PUT'),
    delete: (path) => write('DELETE')(path),
  };
}
