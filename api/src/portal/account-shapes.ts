/** What the portal's sign-in, session and contact routes answer (and the admin's contact routes). */
import { z } from 'zod';
import { Instant } from '../http/shapes.ts';
import { CONTACT_ROLES } from './contacts.ts';

export const SignInRequested = z.object({ message: z.string() });
export type SignInRequested = z.infer<typeof SignInRequested>;

export const ContactView = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: z.enum(CONTACT_ROLES).describe("key: sees and manages all of the site's tickets; member: their own."),
  createdBy: z.string().describe('"admin-cli", an agent\'s email, or the key contact who invited them.'),
  createdAt: Instant,
});
export type ContactView = z.infer<typeof ContactView>;

export const PortalMe = z.object({
  contact: z.object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: z.enum(CONTACT_ROLES),
    site: z.object({ key: z.string(), name: z.string() }),
  }),
  csrfToken: z.string().describe('Send it as X-CSRF-Token on every write.'),
});
export type PortalMe = z.infer<typeof PortalMe>;

export const PortalSessions = z.object({
  sessions: z.array(
    z.object({
      id: z.string().describe('Public id: DELETE /api/portal/sessions/{id} ends it.'),
      userAgent: z.string().nullable(),
      createdAt: Instant,
      lastSeenAt: Instant,
      expiresAt: Instant,
      current: z.boolean().describe('The session of this request.'),
    }),
  ),
});
export type PortalSessions = z.infer<typeof PortalSessions>;

export const PortalDone = z.object({ ok: z.literal(true) });
export type PortalDone = z.infer<typeof PortalDone>;

export const Contacts = z.object({ contacts: z.array(ContactView) });
export type Contacts = z.infer<typeof Contacts>;

export const ContactSaved = z.object({
  contact: ContactView,
  created: z.boolean().describe('false: the address was already a contact of the site; its name and role were updated.'),
  invited: z.boolean().describe('A sign-in link was mailed (false when the contact already had enough unused links).').optional(),
});
export type ContactSaved = z.infer<typeof ContactSaved>;
