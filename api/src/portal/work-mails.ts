/**
 * The mails of the client's side of billable work: to key contacts, a member's request waiting
 * for their approval and the budget running low; to agents, the key contact's decision. Key
 * contacts are the client's people, so these quote the subject (one line) and no description.
 */
import { oneLine, page, text, type MailContent } from '../mail/templates.ts';

const mail = (subject: string, paragraphs: string[], link: { href: string; label: string }, quote?: string): MailContent => ({
  subject: oneLine(subject),
  text: text(paragraphs, quote, link),
  html: page(oneLine(subject), paragraphs, quote, link),
});

export function approvalRequestMail(t: {
  reference: string;
  subject: string;
  requesterName: string;
  typeName: string;
  remainingHours: number;
  budgetHours: number;
  approveUrl: string;
  declineUrl: string;
}): MailContent {
  const paragraphs = [
    `${t.requesterName} asked for billable work: ${t.typeName} ${t.reference}, "${oneLine(t.subject)}".`,
    `Your support budget has ${t.remainingHours} of ${t.budgetHours} hours left, so we wait for your approval before we start.`,
    `Approve: ${t.approveUrl}`,
    `Decline: ${t.declineUrl}`,
  ];
  return mail(`[${t.reference}] Approve billable work? ${t.subject}`, paragraphs, {
    href: t.approveUrl,
    label: `Open ${t.reference} in the portal to approve or decline`,
  });
}

export function approvalDecidedMail(t: {
  reference: string;
  subject: string;
  decision: 'approved' | 'declined';
  by: string;
  note: string | null;
  inboxUrl: string;
}): MailContent {
  const paragraphs = [
    `${t.by} ${t.decision} the billable work on ${t.reference}: ${oneLine(t.subject)}.`,
    t.decision === 'approved' ? 'Work can start.' : 'Do not start the work; talk to the client if it is needed.',
  ];
  return mail(
    `[${t.reference}] Client ${t.decision} the work`,
    paragraphs,
    { href: t.inboxUrl, label: `Open ${t.reference} in the inbox` },
    t.note ?? undefined,
  );
}

export function lowBudgetMail(t: {
  siteName: string;
  remainingHours: number;
  budgetHours: number;
  percent: number;
  portalUrl: string;
}): MailContent {
  const paragraphs = [
    `The support budget of ${t.siteName} is running low: ${t.remainingHours} of ${t.budgetHours} hours left (below ${t.percent}%).`,
    'Requests and site refreshes from your team now wait for a key contact’s approval. Talk to us about topping the budget up.',
  ];
  return mail(`Support budget low: ${t.remainingHours} hours left`, paragraphs, {
    href: t.portalUrl,
    label: 'See the budget in the portal',
  });
}
