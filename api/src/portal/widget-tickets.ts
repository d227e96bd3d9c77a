/**
 * The widget's "My tickets" for a known person: when the host LMS vouches for the address (the
 * site's identity HMAC, sites/identity.ts) and the address is a contact of the site, the widget
 * lists that contact's tickets (a key contact: all of the site's), as the portal would, wherever
 * they were filed. Anything else gets an empty list: the widget then shows only what its browser kept.
 */
import { z } from 'zod';
import type { Services } from '../http/env.ts';
import { verifyIdentity } from '../sites/identity.ts';
import { referenceFor } from '../tickets/reference.ts';
import { findContact } from './contacts.ts';

/** As many as the widget's list shows sensibly; the portal has the rest. */
export const WIDGET_TICKETS_LIMIT = 50;

export const WidgetIdentity = z.strictObject({
  site: z.string().trim().min(1).max(63),
  email: z.string().trim().min(1).max(254),
  hash: z.string().trim().min(1).max(128),
});
export type WidgetIdentity = z.output<typeof WidgetIdentity>;

export async function widgetContactTickets(services: Services, identity: WidgetIdentity) {
  const site = await services.sites.get(identity.site);
  const none = { tickets: [], portalUrl: null };
  if (!site || !verifyIdentity(site.identitySecret, identity.email, identity.hash)) return none;
  const contact = await findContact(services.store.db, site.key, identity.email);
  if (!contact) return none;
  let q = services.store.db
    .selectFrom('tickets')
    .select(['id', 'subject', 'status', 'severity', 'type', 'contact_id', 'created_at', 'updated_at'])
    .where('site_key', '=', site.key);
  if (contact.role !== 'key') q = q.where('contact_id', '=', contact.id);
  const rows = await q.orderBy('id', 'desc').limit(WIDGET_TICKETS_LIMIT).execute();
  return {
    tickets: rows.map((r) => ({
      reference: referenceFor(r.id),
      subject: r.subject,
      status: r.status,
      severity: r.severity,
      type: r.type,
      mine: r.contact_id !== null && Number(r.contact_id) === contact.id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    })),
    portalUrl: `${services.links.base}/portal`,
  };
}
