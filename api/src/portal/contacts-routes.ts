/**
 * Contacts of a site, managed from two sides with the same functions (portal/contacts.ts):
 * - /api/admin/sites/{key}/contacts: vendor admins list, add (or change) and remove them;
 * - /api/portal/contacts: a site's key contacts list their site's contacts and invite (mailing a
 *   sign-in link) and remove members; they cannot add, change or remove key contacts (that stays
 *   with the supplier's admins) nor themselves. Another site's contact id
 *   answers 404 as if it did not exist.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { requireAgent, type AgentEnv } from '../agents/auth.ts';
import { ApiError } from '../http/errors.ts';
import type { AppEnv, Services } from '../http/env.ts';
import { jsonBody, limitBody } from '../http/json-body.ts';
import { findContact, getContact, listContacts, NewContact, removeContact, saveContact, type Contact } from './contacts.ts';
import { requireContact, type PortalEnv } from './auth.ts';
import { mailSignInLink } from './sign-in.ts';
import type { Contacts, ContactSaved, ContactView, PortalDone } from './account-shapes.ts';

const ContactId = z
  .string()
  .regex(/^\d{1,10}$/, 'is not a contact id')
  .transform(Number)
  .pipe(z.number().int().min(1, 'is not a contact id').max(2_147_483_647, 'is not a contact id'));

const keysBySupplier = (field: string, why: string) =>
  new ApiError(403, 'forbidden', "Key contacts invite and remove members; the site's key contacts are managed by your supplier.", {
    [field]: why,
  });

const bodyOf = <T>(c: { var: unknown }) => (c.var as { body: T }).body;

const view = ({ id, email, name, role, createdBy, createdAt }: Contact): ContactView => ({ id, email, name, role, createdBy, createdAt });

/** The contact named by the path if it belongs to `siteKey`; 404 otherwise (another site's is "not there"). */
async function pathContact(c: Context<any>, services: Services, siteKey: string): Promise<Contact> {
  const id = ContactId.safeParse(c.req.param('id') ?? '');
  if (!id.success) throw new ApiError(422, 'validation_failed', 'Check id.', { id: id.error.issues[0]?.message ?? 'is not a contact id' });
  const contact = await getContact(services.store.db, id.data);
  if (!contact || contact.siteKey !== siteKey) throw new ApiError(404, 'not_found', `There is no contact with id ${id.data} on this site.`);
  return contact;
}

/** /api/admin/sites/{key}/contacts (admins). */
export function adminContactRoutes() {
  const siteOf = async (services: Services, key: string) => {
    const site = await services.sites.get(key);
    if (!site) throw new ApiError(404, 'not_found', `There is no site "${key}".`);
    return site;
  };
  const app = new Hono<AgentEnv>()
    .use('*', requireAgent({ admin: true }))
    .use('*', limitBody(16 * 1024))
    .get('/sites/:key/contacts', async (c) => {
      const site = await siteOf(c.var.services, c.req.param('key'));
      return c.json<Contacts>({ contacts: (await listContacts(c.var.services.store.db, site.key)).map(view) });
    })
    .post('/sites/:key/contacts', jsonBody(NewContact), async (c) => {
      const { services, agent } = c.var;
      const site = await siteOf(services, c.req.param('key'));
      const saved = await saveContact(services.store.db, site.key, bodyOf<NewContact>(c), agent.email, services.clock.now());
      return c.json<ContactSaved>({ contact: view(saved.contact), created: saved.created }, saved.created ? 201 : 200);
    })
    .delete('/sites/:key/contacts/:id', async (c) => {
      const { services } = c.var;
      const site = await siteOf(services, c.req.param('key'));
      const contact = await pathContact(c, services, site.key);
      await removeContact(services.store.db, contact.id);
      return c.json<PortalDone>({ ok: true });
    });
  return app as unknown as Hono<AppEnv>;
}

/** /api/portal/contacts (the site's key contacts). */
export function portalContactRoutes() {
  const app = new Hono<PortalEnv>()
    .use('*', requireContact({ key: true }))
    .use('*', limitBody(16 * 1024))
    .get('/', async (c) => c.json<Contacts>({ contacts: (await listContacts(c.var.services.store.db, c.var.contact.siteKey)).map(view) }))
    .post('/', jsonBody(NewContact), async (c) => {
      const { services, contact: me } = c.var;
      const input = bodyOf<NewContact>(c);
      if (input.email === me.email)
        throw new ApiError(409, 'conflict', 'You cannot change your own contact: ask another key contact or your supplier.', {
          email: 'is your own address',
        });
      // Key contacts manage members; who else holds the site's keys is the supplier's call.
      if (input.role !== 'member') throw keysBySupplier('role', 'key contacts are added by your supplier');
      const existing = await findContact(services.store.db, me.siteKey, input.email);
      if (existing?.role === 'key') throw keysBySupplier('email', 'is a key contact');
      const saved = await saveContact(services.store.db, me.siteKey, input, me.email, services.clock.now());
      const invited = await mailSignInLink(services, saved.contact, { invitedBy: me.name });
      return c.json<ContactSaved>({ contact: view(saved.contact), created: saved.created, invited }, saved.created ? 201 : 200);
    })
    .delete('/:id', async (c) => {
      const { services, contact: me } = c.var;
      const contact = await pathContact(c, services, me.siteKey);
      if (contact.id === me.id)
        throw new ApiError(409, 'conflict', 'You cannot remove yourself: ask another key contact or your supplier.', {
          id: 'is your own contact',
        });
      if (contact.role === 'key') throw keysBySupplier('id', 'is a key contact');
      await removeContact(services.store.db, contact.id);
      return c.json<PortalDone>({ ok: true });
    });
  return app as unknown as Hono<AppEnv>;
}
