/**
 * The mails of an escalation (`ticket.escalated`, from the sweeper or the requester): the level's
 * contact learns why the ticket is now theirs; a requester who asked is told who owns it now, by
 * role only (the contact's address is internal routing, not a channel for the requester).
 */
import type { EscalationTrigger } from '#content/policy-schema.ts';
import { escapeHtml, oneLine, type MailContent } from './templates.ts';

/** Why a ticket went up, in a few words for a subject line. */
export const TRIGGER_WORDS: Record<EscalationTrigger, string> = {
  response_missed: 'response target missed',
  resolution_missed: 'resolution target missed',
  reply_missed: 'next-reply target missed',
  requested: 'requester asked',
  complaint: 'formal complaint',
};

export interface EscalationFacts {
  reference: string;
  subject: string;
  status: string;
  severity: string;
  type: string;
  site: string;
  requesterName: string;
  requesterEmail: string;
  level: number;
  role: string;
  trigger: EscalationTrigger;
  reason: string | null;
  by: 'sweeper' | 'requester';
  inboxUrl: string;
}

function render(
  title: string,
  paragraphs: string[],
  quote: string | null,
  link: { href: string; label: string } | null,
): Pick<MailContent, 'text' | 'html'> {
  const text = [
    ...paragraphs,
    ...(quote
      ? [
          quote
            .split('\n')
            .map((l) => `> ${l}`)
            .join('\n'),
        ]
      : []),
    ...(link ? [`${link.label}: ${link.href}`] : []),
  ].join('\n\n');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;line-height:1.5">
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${quote ? `<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:12px;white-space:pre-wrap">${escapeHtml(quote)}</blockquote>` : ''}
${link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>` : ''}
</body></html>`;
  return { text: `${text}\n`, html };
}

/** To the level's contact: the ticket in brief, why it is theirs now, and the way to it in the inbox. */
export function escalationMail(t: EscalationFacts): MailContent {
  const why =
    t.by === 'requester'
      ? `${t.requesterName} asked for escalation${t.trigger === 'complaint' ? ' as a formal complaint' : ''}. Their reason:`
      : `The SLA sweeper escalated it: ${TRIGGER_WORDS[t.trigger]}.${t.reason ? ` ${oneLine(t.reason, 500)}` : ''}`;
  const paragraphs = [
    `${t.reference} is escalated to you: level ${t.level} (${t.role}).`,
    `Subject: ${t.subject}`,
    `${t.severity} ${t.type}, status ${t.status}, site ${t.site}, from ${t.requesterName} <${t.requesterEmail}>.`,
    why,
  ];
  const headline = t.by === 'requester' && t.reason ? `${TRIGGER_WORDS[t.trigger]}: ${t.reason}` : TRIGGER_WORDS[t.trigger];
  return {
    subject: oneLine(`[${t.reference}] Escalated to level ${t.level} (${t.role}): ${headline}`),
    ...render(t.subject, paragraphs, t.by === 'requester' ? t.reason : null, {
      href: t.inboxUrl,
      label: `Open ${t.reference} in the inbox`,
    }),
  };
}

/**
 * To the requester who asked: who owns the ticket now, by role. It repeats nothing they wrote but
 * the subject (anyone can file a ticket in anyone's name; see the confirmation mail).
 */
export function escalationConfirmationMail(
  t: Pick<EscalationFacts, 'reference' | 'subject' | 'requesterName' | 'level' | 'role' | 'trigger'> & { vendor: string },
): MailContent {
  const paragraphs = [
    `Hello ${oneLine(t.requesterName)},`,
    `As you asked, your request ${t.reference} ("${oneLine(t.subject)}") is escalated${t.trigger === 'complaint' ? ' as a formal complaint' : ''}: our ${t.role} (escalation level ${t.level}) now owns it and has been told why.`,
    'Reply to this email to add anything.',
    `${t.vendor} support`,
  ];
  return {
    subject: oneLine(`[${t.reference}] Escalated to our ${t.role}: ${t.subject}`),
    ...render(t.reference, paragraphs, null, null),
  };
}
