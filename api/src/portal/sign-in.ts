/**
 * Passwordless sign-in to the client portal: a contact asks with their address, and each contact
 * row of that address (one per site) gets a mail with a single-use link valid LINK_MINUTES. The
 * link's token is a bearer secret: the outbox keeps it only sealed (mail/sealed-secret.ts), so the
 * mail log, backups and request logs never hold it, and it travels in the URL's fragment, which
 * browsers do not send to servers or in Referer. Whether the address is a contact's never changes
 * what the caller is told.
 */
import type { Services } from '../http/env.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { markSecret } from '../mail/sealed-secret.ts';
import { escapeHtml, oneLine, type MailContent } from '../mail/templates.ts';
import { contactsByEmail, type Contact } from './contacts.ts';
import { createLink, LINK_MINUTES } from './sessions.ts';

/** Unused links a contact may have at once: bounds the mail one address can be sent. */
export const MAX_OPEN_LINKS = 3;

/** The same answer for every address (no account enumeration). */
export const SIGN_IN_REQUESTED = {
  message: `If that address belongs to a contact of one of our client sites, we have emailed it a sign-in link. The link works once, for ${LINK_MINUTES} minutes.`,
} as const;

/** The page the link opens: the portal's sign-in page, which asks for a click before it uses the token. */
export const portalSignInLink = (base: string, token: string) => `${base}/portal/sign-in#token=${token}`;

export function portalSignInMail(t: { name: string; siteName: string; link: string; vendor: string; invitedBy?: string }): MailContent {
  const paragraphs = [
    `Hello ${t.name},`,
    t.invitedBy
      ? `${t.invitedBy} has invited you to the ${t.vendor} support portal for ${t.siteName}, where you can follow your support tickets.`
      : `Someone (we hope you) asked to sign in to the ${t.vendor} support portal for ${t.siteName}.`,
    `Follow the link below within ${LINK_MINUTES} minutes and press "Sign in". The link works once.`,
    'If you did not ask for this, ignore this email: nobody can sign in without the link.',
  ];
  const label = `Sign in to the ${t.siteName} support portal`;
  return {
    subject: oneLine(`${t.vendor} support portal: sign in for ${t.siteName}`),
    text: `${paragraphs.join('\n\n')}\n\n${label}: ${t.link}\n`,
    html: `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(label)}</title></head><body style="font-family:sans-serif;line-height:1.5">\n${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}\n<p><a href="${escapeHtml(t.link)}">${escapeHtml(label)}</a></p>\n</body></html>`,
  };
}

/**
 * Queues a sign-in mail for `contact` with a new link, unless they already have MAX_OPEN_LINKS
 * unused ones (then nothing: the earlier mails still work). True when a mail was queued.
 */
export async function mailSignInLink(services: Services, contact: Contact, options: { invitedBy?: string } = {}): Promise<boolean> {
  const { db } = services.store;
  const now = services.clock.now();
  const open = await db
    .selectFrom('portal_links')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('contact_id', '=', contact.id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  if (Number(open?.n ?? 0) >= MAX_OPEN_LINKS) return false;
  const site = await services.sites.get(contact.siteKey);
  await db.transaction().execute(async (trx) => {
    const { token } = await createLink(trx, contact.id, now);
    const secret = markSecret(token);
    const mail = portalSignInMail({
      name: contact.name,
      siteName: site?.name ?? contact.siteKey,
      link: portalSignInLink(services.links.base, secret.mark),
      vendor: services.policy.vendor.name,
      invitedBy: options.invitedBy,
    });
    await enqueueMail(trx, [{ kind: 'portal_sign_in', to: contact.email, ticketId: null, ...mail, secret }], {
      sealWith: await services.outbox.sealKey(trx),
    });
  });
  services.outbox.kick();
  return true;
}

/** Mails every contact row of `email` a link; silently nothing for an address that is no contact. */
export async function requestPortalSignIn(services: Services, email: string): Promise<void> {
  for (const contact of await contactsByEmail(services.store.db, email)) await mailSignInLink(services, contact);
}
