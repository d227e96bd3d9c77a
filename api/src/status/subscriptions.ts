/**
 * Email subscriptions to the status pages: someone leaves an address on `/status` (all sites) or
 * `/status/{site}` (that site and incidents of all sites), gets a confirmation mail, and only a
 * confirmed subscription is mailed (so nobody can sign a stranger up). Every mail carries an
 * unsubscribe link.
 *
 * Tokens: the confirmation mail's token is random, only its SHA-256 is stored, and the outbox
 * keeps it sealed (mail/sealed-secret.ts); it both confirms and unsubscribes. Later mails cannot
 * know it, so their unsubscribe link carries `{id}.{signature}` (mail/link-signature.ts).
 * Opening either link changes nothing (mail scanners follow links): the page's button does.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Services } from '../http/env.ts';
import { enqueueMail, mailsToRecipientSince } from '../mail/outbox.ts';
import { linkSignature, linkSignatureMatches } from '../mail/link-signature.ts';
import { markSecret, type MarkedSecret } from '../mail/sealed-secret.ts';
import { escapeHtml, oneLine, type MailContent } from '../mail/templates.ts';
import type { Database, StatusSubscriptionsTable } from '../store/schema.ts';
import type { Selectable } from 'kysely';
import { hashToken, newToken } from '../tickets/secrets.ts';

export const SubscriptionEmail = z.email('must be an email address like name@example.org').max(254);

/** Confirmation mails one address may be sent per day: a form anyone can post must not become a mail cannon. */
export const CONFIRMATIONS_PER_DAY = 3;

const PURPOSE = 'status unsubscribe';

export type StatusSubscription = Selectable<StatusSubscriptionsTable>;

/** The same answer whatever happened: whether an address is subscribed is nobody else's business. */
export const SUBSCRIBE_REQUESTED =
  'Thank you. If the address can receive mail, we have sent it a message with a link: follow it and press "Confirm" to start receiving updates.';

export const confirmLink = (base: string, token: string) => `${base}/status/subscription/confirm?token=${token}`;
export const unsubscribeLink = (base: string, token: string) => `${base}/status/subscription/unsubscribe?token=${token}`;

function confirmationMail(t: { vendor: string; scope: string; confirm: string; unsubscribe: string }): MailContent {
  const paragraphs = [
    'Hello,',
    `Someone (we hope you) asked for email updates about incidents and maintenance on ${t.vendor} status: ${t.scope}.`,
    'Follow the first link below and press "Confirm" to start receiving them. If you did not ask for this, ignore this email: nothing is sent until the address is confirmed.',
  ];
  const links = [
    { label: 'Confirm my subscription', href: t.confirm },
    { label: 'Cancel it', href: t.unsubscribe },
  ];
  return {
    subject: oneLine(`${t.vendor} status: confirm your subscription`),
    text: `${paragraphs.join('\n\n')}\n\n${links.map((l) => `${l.label}: ${l.href}`).join('\n')}\n`,
    html: `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(links[0].label)}</title></head><body style="font-family:sans-serif;line-height:1.5">\n${paragraphs
      .map((p) => `<p>${escapeHtml(p)}</p>`)
      .join('\n')}\n${links.map((l) => `<p><a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a></p>`).join('\n')}\n</body></html>`,
  };
}

/**
 * Records a pending subscription of `email` to `site` (null = all sites) and mails the
 * confirmation link; silently nothing for an address already subscribed or mailed enough today.
 */
export async function requestSubscription(services: Services, email: string, site: { key: string; name: string } | null): Promise<void> {
  const { db } = services.store;
  const now = services.clock.now();
  const address = email.trim().toLowerCase();
  const existing = await db
    .selectFrom('status_subscriptions')
    .selectAll()
    .where('email', '=', address)
    .where('site_key', site ? '=' : 'is', site ? site.key : null)
    .where('unsubscribed_at', 'is', null)
    .executeTakeFirst();
  if (existing?.confirmed_at) return;
  const since = new Date(now.getTime() - 86_400_000);
  if ((await mailsToRecipientSince(db, address, ['status_subscription'], since)) >= CONFIRMATIONS_PER_DAY) return;
  const token = newToken();
  await db.transaction().execute(async (trx) => {
    // A pending one gets a new token: only the hash of the old one was kept, so it cannot be mailed again.
    if (existing)
      await trx
        .updateTable('status_subscriptions')
        .set({ token_hash: hashToken(token) })
        .where('id', '=', existing.id)
        .execute();
    else
      await trx
        .insertInto('status_subscriptions')
        .values({ email: address, site_key: site?.key ?? null, token_hash: hashToken(token), created_at: now.toISOString() })
        .execute();
    const secret = markSecret(token);
    const mail = confirmationMail({
      vendor: services.policy.vendor.name,
      scope: site ? `${site.name} (and incidents affecting all sites)` : 'all sites',
      confirm: confirmLink(services.links.base, secret.mark),
      unsubscribe: unsubscribeLink(services.links.base, secret.mark),
    });
    await enqueueMail(trx, [{ kind: 'status_subscription', to: address, ticketId: null, ...mail, secret }], {
      sealWith: await services.outbox.sealKey(trx),
    });
  });
  services.outbox.kick();
}

/** The subscription a link's token names: the confirmation's random token or a later mail's `{id}.{signature}`. */
export async function subscriptionByToken(services: Services, token: string): Promise<StatusSubscription | null> {
  const { db } = services.store;
  const signed = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (signed) {
    const id = Number(signed[1]);
    if (!(await linkSignatureMatches(db, services.config.escalation.secretKey, PURPOSE, id, signed[2]))) return null;
    return (await db.selectFrom('status_subscriptions').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  }
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return (await db.selectFrom('status_subscriptions').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst()) ?? null;
}

/** Confirms `subscription` (once; a cancelled one stays cancelled). The row as it is now. */
export async function confirmSubscription(services: Services, subscription: StatusSubscription): Promise<StatusSubscription> {
  if (subscription.confirmed_at || subscription.unsubscribed_at) return subscription;
  const at = services.clock.now().toISOString();
  await services.store.db
    .updateTable('status_subscriptions')
    .set({ confirmed_at: at })
    .where('id', '=', subscription.id)
    .where('confirmed_at', 'is', null)
    .execute();
  return { ...subscription, confirmed_at: at };
}

export async function cancelSubscription(services: Services, subscription: StatusSubscription): Promise<void> {
  if (subscription.unsubscribed_at) return;
  await services.store.db
    .updateTable('status_subscriptions')
    .set({ unsubscribed_at: services.clock.now().toISOString() })
    .where('id', '=', subscription.id)
    .where('unsubscribed_at', 'is', null)
    .execute();
}

export interface StatusSubscriber {
  id: number;
  email: string;
  /** null = subscribed to all sites. */
  siteKey: string | null;
}

/**
 * Who to mail about an incident or maintenance of `siteKey` (null = one affecting all sites):
 * confirmed, not unsubscribed; a site's news also goes to those subscribed to all sites, and news
 * of all sites to everyone. One row per subscription (an address may hold two).
 */
export async function statusSubscribers(db: Kysely<Database>, siteKey: string | null): Promise<StatusSubscriber[]> {
  let q = db
    .selectFrom('status_subscriptions')
    .select(['id', 'email', 'site_key'])
    .where('confirmed_at', 'is not', null)
    .where('unsubscribed_at', 'is', null);
  if (siteKey !== null) q = q.where((eb) => eb.or([eb('site_key', 'is', null), eb('site_key', '=', siteKey)]));
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), email: r.email, siteKey: r.site_key }));
}

/**
 * The unsubscribe link for a mail to `subscriber`: `url` names the token by its mark, so pass
 * `secret` with the mail to enqueueMail (with `sealWith`), like every mailed token.
 */
export async function subscriberUnsubscribe(
  services: Services,
  db: Kysely<Database>,
  subscriber: Pick<StatusSubscriber, 'id'>,
): Promise<{ url: string; secret: MarkedSecret }> {
  const signature = await linkSignature(db, services.config.escalation.secretKey, PURPOSE, subscriber.id);
  const secret = markSecret(`${subscriber.id}.${signature}`);
  return { url: unsubscribeLink(services.links.base, secret.mark), secret };
}
