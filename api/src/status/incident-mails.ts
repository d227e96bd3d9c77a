/**
 * What follows from an incident (incident-events.ts): the team hears of a new one by mail (the
 * policy's support address) and in every open inbox; each public update is mailed to the
 * requesters of the open tickets linked to it and to the people who said they were affected,
 * once per address. Mails commit with the change; the inboxes re-read and the outbox is woken after.
 */
import type { Kysely } from 'kysely';
import { INBOX_TOPIC } from '../chat/hub.ts';
import { onSiteDown, onSiteUp } from './incidents.ts';
import { statusSubscribers, subscriberUnsubscribe } from './subscriptions.ts';
import type { Services } from '../http/env.ts';
import { enqueueMail, recipientKey, type OutgoingMail } from '../mail/outbox.ts';
import { oneLine, page, text } from '../mail/templates.ts';
import type { Database } from '../store/schema.ts';
import type { IncidentChange } from './incident-events.ts';

const STATUS_WORDS: Record<string, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

async function facts(db: Kysely<Database>, event: IncidentChange) {
  const [incident, update, sites] = await Promise.all([
    db.selectFrom('incidents').selectAll().where('id', '=', event.incidentId).executeTakeFirstOrThrow(),
    db.selectFrom('incident_updates').selectAll().where('id', '=', event.updateId).executeTakeFirstOrThrow(),
    db
      .selectFrom('incident_sites')
      .innerJoin('sites', 'sites.key', 'incident_sites.site_key')
      .select(['sites.key', 'sites.name'])
      .where('incident_id', '=', event.incidentId)
      .execute(),
  ]);
  return { incident, update, sites };
}

/** Requesters of the linked open tickets and the affected people, each address once. */
async function recipients(
  db: Kysely<Database>,
  incidentId: number,
): Promise<Array<{ email: string; name: string; ticketId: number | null }>> {
  const [tickets, subscribers] = await Promise.all([
    db
      .selectFrom('tickets')
      .select(['id', 'requester_email', 'requester_name'])
      .where('incident_id', '=', incidentId)
      .where('status', 'not in', ['solved', 'closed'])
      .orderBy('id')
      .execute(),
    db.selectFrom('incident_subscribers').select(['email', 'name']).where('incident_id', '=', incidentId).orderBy('id').execute(),
  ]);
  const seen = new Set<string>();
  const all = [
    ...tickets.map((t) => ({ email: t.requester_email, name: t.requester_name, ticketId: Number(t.id) })),
    ...subscribers.map((s) => ({ email: s.email, name: s.name, ticketId: null })),
  ];
  return all.filter((r) => !seen.has(recipientKey(r.email)) && seen.add(recipientKey(r.email)));
}

async function queueIncidentMails(services: Services, trx: Kysely<Database>, event: IncidentChange): Promise<void> {
  const { incident, update, sites } = await facts(trx, event);
  const vendor = services.policy.vendor.name;
  const where = incident.scope === 'all' ? 'all sites' : sites.map((s) => s.name).join(', ');
  const status = STATUS_WORDS[update.status] ?? update.status;
  const mails: OutgoingMail[] = [];
  if (event.type === 'incident.opened') {
    const paragraphs = [
      `${event.auto ? 'Monitoring opened' : `${update.author} declared`} an incident for ${where}: ${incident.title}.`,
      `Status: ${status}.`,
    ];
    const link = { href: `${services.links.base}/inbox/#/incidents`, label: 'Open the incidents in the inbox' };
    mails.push({
      kind: 'incident_opened',
      to: services.policy.vendor.supportEmail,
      ticketId: null,
      subject: oneLine(`[Incident] ${incident.title}`),
      text: text(paragraphs, update.body, link),
      html: page(incident.title, paragraphs, update.body, link),
    });
  }
  for (const person of await recipients(trx, event.incidentId)) {
    const paragraphs = [
      `Hello ${person.name},`,
      `An update on "${incident.title}" (${where}), which you asked about: ${status}.`,
      update.status === 'resolved'
        ? 'This incident is resolved: this is the last update about it.'
        : 'We will write again when we know more.',
      `${vendor} support`,
    ];
    mails.push({
      kind: 'incident_update',
      to: person.email,
      ticketId: person.ticketId,
      subject: oneLine(`${status}: ${incident.title}`),
      text: text(paragraphs, update.body),
      html: page(incident.title, paragraphs, update.body),
    });
  }
  // People subscribed on the status pages: to this incident's sites, or to all (each address once,
  // none already mailed above), each mail with its own unsubscribe link.
  const mailed = new Set(mails.map((m) => recipientKey(m.to)));
  const subscriptions = (
    await Promise.all((incident.scope === 'all' ? [null] : sites.map((site) => site.key)).map((key) => statusSubscribers(trx, key)))
  ).flat();
  for (const subscriber of subscriptions) {
    if (mailed.has(recipientKey(subscriber.email))) continue;
    mailed.add(recipientKey(subscriber.email));
    const { url, secret } = await subscriberUnsubscribe(services, trx, subscriber);
    const paragraphs = [`${status}: ${incident.title} (${where}).`, `${vendor} support`];
    const link = { href: url, label: 'Stop these mails' };
    mails.push({
      kind: 'incident_update',
      to: subscriber.email,
      ticketId: null,
      subject: oneLine(`${status}: ${incident.title}`),
      text: text(paragraphs, update.body, link),
      html: page(incident.title, paragraphs, update.body, link),
      secret,
    });
  }
  await enqueueMail(trx, mails, { sealWith: await services.outbox.sealKey(trx) });
}

export function incidentSubscribers(services: Services): void {
  // A site the prober finds down opens its incident; back up, resolves it (or leaves it monitoring when held).
  services.siteEvents.subscribe('site.down', async (event) => {
    await onSiteDown(services, event.siteKey, event.at, event.error);
  });
  services.siteEvents.subscribe('site.up', async (event) => {
    await onSiteUp(services, event.siteKey, event.at);
  });
  services.incidents.inTransaction((event, trx) =>
    event.type === 'maintenance.changed' ? undefined : queueIncidentMails(services, trx, event),
  );
  services.incidents.afterCommit(() => {
    services.hub.publishSoon(INBOX_TOPIC);
    services.outbox.kick();
  });
}
