/**
 * The mails Helpway sends, each as plain text and HTML. Everything a requester or agent typed is
 * escaped in the HTML part; header values lose line breaks so nothing can be smuggled into headers.
 */
import type { MessageArticle } from '../tickets/message-articles.ts';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** Later mails have no tokened link (only its hash is stored): point to the first mail. */
const LATER_LINK = 'Use the link in our first email about this request to see the whole conversation';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`=]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export const oneLine = (value: string, max = 200): string =>
  value
    .replace(/[\r\n\t\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .trim()
    .slice(0, max);

/** `afterQuote`: HTML already escaped (article cards), placed under the quote. */
export function page(title: string, paragraphs: string[], quote?: string, link?: { href: string; label: string }, afterQuote = ''): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const quoted =
    (quote
      ? `<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:12px;white-space:pre-wrap">${escapeHtml(quote)}</blockquote>`
      : '') + afterQuote;
  const a = link?.href ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>` : link ? `<p>${LATER_LINK}.</p>` : '';
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;line-height:1.5">\n${body}\n${quoted}\n${a}\n</body></html>`;
}

/** `afterQuote`: plain text (article cards), placed under the quote. */
export function text(paragraphs: string[], quote?: string, link?: { href: string; label: string }, afterQuote = ''): string {
  const q =
    (quote
      ? `\n${quote
          .split('\n')
          .map((l) => `> ${l}`)
          .join('\n')}\n`
      : '') + afterQuote;
  return `${paragraphs.join('\n\n')}\n${q}${link?.href ? `\n${link.label}: ${link.href}\n` : link ? `\n${LATER_LINK}.\n` : ''}`;
}

export interface TicketFacts {
  reference: string;
  subject: string;
  requesterName: string;
  site: string;
  severity: string;
  type: string;
  channel: string;
  description: string;
  dueSentence: string;
  statusUrl: string;
  vendor: string;
}

/**
 * Anyone can file a ticket with anyone's address, so the confirmation must not become a way to
 * mail a stranger one's own words: it repeats only the subject (one line, 200 characters), never
 * the requester's name or description.
 */
export function confirmationMail(
  t: Pick<TicketFacts, 'reference' | 'subject' | 'channel' | 'dueSentence' | 'statusUrl' | 'vendor'>,
): MailContent {
  const paragraphs = [
    'Hello,',
    `We received your request ${t.reference}: "${oneLine(t.subject)}".`,
    t.dueSentence,
    t.channel === 'phone'
      ? 'We will call you back on the number you gave us.'
      : 'Reply to this email to add anything, or follow the link below to see the conversation.',
    'If you did not ask us for help, you can ignore this email.',
    `${t.vendor} support`,
  ];
  const link = { href: t.statusUrl, label: `See ${t.reference}` };
  return {
    subject: oneLine(`[${t.reference}] We received your request: ${t.subject}`),
    text: text(paragraphs, undefined, link),
    html: page(t.reference, paragraphs, undefined, link),
  };
}

export function notificationMail(t: TicketFacts & { inboxUrl: string }): MailContent {
  const paragraphs = [
    `New ${t.severity} ${t.type} ticket ${t.reference} from ${t.requesterName} (site ${t.site}, by ${t.channel}).`,
    `Subject: ${t.subject}`,
    t.dueSentence,
  ];
  const link = { href: t.inboxUrl, label: 'Open the inbox' };
  return {
    subject: oneLine(`[${t.reference}] New ${t.severity} ticket: ${t.subject}`),
    text: text(paragraphs, t.description, link),
    html: page(t.subject, paragraphs, t.description, link),
  };
}

/** Only web links become links: anything else is shown as text. */
const webLink = (url: string) => /^https?:\/\//i.test(url);

/**
 * Knowledge-base articles as cards under a reply: the title linking to the article, its summary.
 * HTML (a table, the layout every mail client keeps) and text ("Title", summary, URL).
 */
export function articleCards(articles: MessageArticle[]): { html: string; text: string } {
  if (!articles.length) return { html: '', text: '' };
  const html = articles
    .map((a) => {
      const title = webLink(a.url)
        ? `<a href="${escapeHtml(a.url)}" style="font-weight:bold;color:#1b5fc1">${escapeHtml(a.title)}</a>`
        : `<strong>${escapeHtml(a.title)}</strong>`;
      return `<table role="presentation" cellpadding="0" cellspacing="0" style="border:1px solid #d8dde3;border-left:4px solid #1b5fc1;border-radius:6px;margin:12px 0;width:100%"><tr><td style="padding:10px 14px"><div style="font-size:12px;color:#4b5563">Help article</div>${title}<div style="color:#374151">${escapeHtml(a.summary)}</div></td></tr></table>`;
    })
    .join('\n');
  const text = articles.map((a) => `\nHelp article: ${oneLine(a.title)}\n${oneLine(a.summary, 300)}\n${a.url}\n`).join('');
  return { html, text };
}

export function replyMail(t: {
  reference: string;
  subject: string;
  requesterName: string;
  agentName: string;
  body: string;
  statusUrl: string;
  vendor: string;
  /** Knowledge-base articles the reply links to, shown as cards. */
  articles?: MessageArticle[];
  /** Names of the files the mail carries. */
  files?: string[];
}): MailContent {
  const paragraphs = [`Hello ${oneLine(t.requesterName)},`, `${t.agentName} replied to ${t.reference}:`];
  const link = { href: t.statusUrl, label: `See ${t.reference}` };
  const closing = [`Reply to this email to answer. ${t.vendor} support`];
  const files = t.files?.length ? `Attached: ${t.files.join(', ')}` : '';
  const cards = articleCards(t.articles ?? []);
  return {
    subject: oneLine(`Re: [${t.reference}] ${t.subject}`),
    text: text(paragraphs, t.body, link, cards.text + (files ? `\n${files}\n` : '')) + `\n${closing[0]}\n`,
    html: page(t.subject, paragraphs, t.body, link, cards.html + (files ? `<p>${escapeHtml(files)}</p>` : '')).replace(
      '</body>',
      `<p>${escapeHtml(closing[0])}</p></body>`,
    ),
  };
}

export function statusMail(t: {
  reference: string;
  subject: string;
  requesterName: string;
  status: string;
  note?: string;
  statusUrl: string;
  vendor: string;
  /** The solved mail's "How did we do?" links (each opens a page that asks before recording). */
  rating?: { good: string; bad: string };
}): MailContent {
  const words: Record<string, string> = {
    open: 'is open again and with our team',
    pending: 'is waiting for your answer; the clock is paused until you reply',
    solved: 'is solved. Reply if anything is still wrong and we will reopen it',
    closed: 'is closed',
    new: 'is new',
  };
  const paragraphs = [
    `Hello ${oneLine(t.requesterName)},`,
    `Your request ${t.reference} ("${t.subject}") ${words[t.status] ?? `is now ${t.status}`}.`,
    `${t.vendor} support`,
  ];
  const link = { href: t.statusUrl, label: `See ${t.reference}` };
  const mail = {
    subject: oneLine(`[${t.reference}] Status: ${t.status} — ${t.subject}`),
    text: text(paragraphs, t.note, link),
    html: page(t.subject, paragraphs, t.note, link),
  };
  if (!t.rating) return mail;
  const { good, bad } = t.rating;
  return {
    ...mail,
    text: `${mail.text}
How did we do?
Good: ${good}
Not good: ${bad}
`,
    html: mail.html.replace(
      '</body>',
      `<p>How did we do? <a href="${escapeHtml(good)}">Good</a> · <a href="${escapeHtml(bad)}">Not good</a></p></body>`,
    ),
  };
}

export function chatMissedMail(t: {
  reference: string;
  subject: string;
  requesterName: string;
  statusUrl: string;
  vendor: string;
  transcript: string;
}): MailContent {
  const paragraphs = [
    `Hello ${oneLine(t.requesterName)},`,
    `None of our agents could pick up your chat in time, so we turned it into ticket ${t.reference}. We will answer by email.`,
    `${t.vendor} support`,
  ];
  const link = { href: t.statusUrl, label: `See ${t.reference}` };
  return {
    subject: oneLine(`[${t.reference}] We'll answer your chat by email: ${t.subject}`),
    text: text(paragraphs, t.transcript, link),
    html: page(t.subject, paragraphs, t.transcript, link),
  };
}

/** The words for a target in SLA mails. */
const TARGET_WORDS: Record<string, string> = { response: 'first response', resolution: 'resolution', reply: 'next reply' };

/**
 * To the ticket's owner (or the support address): a target is at its warning share, or missed.
 * Agents' mail: it may quote the subject, as the new-ticket notification does.
 */
export function slaMail(t: {
  kind: 'warning' | 'missed';
  reference: string;
  subject: string;
  severity: string;
  target: string;
  /** The due time for people, e.g. "14:15 UK time today". */
  due: string;
  percent?: number;
  assignee: string | null;
  inboxUrl: string;
}): MailContent {
  const what = TARGET_WORDS[t.target] ?? t.target;
  const headline =
    t.kind === 'warning'
      ? `${t.reference} (${t.severity}) is at ${t.percent ?? ''}% of its ${what} time: the ${what} is due ${t.due}.`
      : `${t.reference} (${t.severity}) missed its ${what} target: it was due ${t.due}.`;
  const paragraphs = [
    headline,
    `Subject: ${t.subject}`,
    t.assignee ? `It is assigned to ${t.assignee}.` : 'It is not assigned to anyone yet.',
    t.kind === 'warning' ? 'Answer or update it before then.' : 'It is escalated as the policy says; answer or update it now.',
  ];
  const link = { href: t.inboxUrl, label: `Open ${t.reference} in the inbox` };
  const label = t.kind === 'warning' ? `SLA warning: ${what} due ${t.due}` : `SLA missed: ${what} was due ${t.due}`;
  return {
    subject: oneLine(`[${t.reference}] ${label}`),
    text: text(paragraphs, undefined, link),
    html: page(`${t.reference}: ${label}`, paragraphs, undefined, link),
  };
}

/**
 * The daily "Fix this article" digest to an article owner: the readers' new negative comments,
 * grouped by article. Readers' words are quoted as they wrote them (escaped in the HTML part).
 */
export function articleFeedbackDigestMail(t: {
  articles: Array<{ slug: string; title: string | null; comments: Array<{ comment: string; createdAt: string }> }>;
  inboxUrl: string;
}): MailContent {
  const count = t.articles.reduce((n, a) => n + a.comments.length, 0);
  const intro = `Readers said ${t.articles.length === 1 ? 'this article' : 'these articles'} did not help them, and why (${count} new comment${count === 1 ? '' : 's'}). Fix what they point at, then mark each comment handled in the inbox.`;
  const name = (a: { slug: string; title: string | null }) => (a.title ? `${a.title} (${a.slug})` : a.slug);
  const textBody = t.articles
    .map(
      (a) => `${name(a)}\n${a.comments.map((c) => `> ${c.comment.split('\n').join('\n> ')}\n  (${c.createdAt.slice(0, 10)})`).join('\n')}`,
    )
    .join('\n\n');
  const htmlBody = t.articles
    .map(
      (a) =>
        `<h2>${escapeHtml(name(a))}</h2>\n${a.comments
          .map(
            (c) =>
              `<blockquote style="border-left:3px solid #ccc;margin:0 0 8px;padding-left:12px;white-space:pre-wrap">${escapeHtml(c.comment)}</blockquote><p style="color:#555">${escapeHtml(c.createdAt.slice(0, 10))}</p>`,
          )
          .join('\n')}`,
    )
    .join('\n');
  const link = { href: t.inboxUrl, label: 'Open "Fix this article" in the inbox' };
  const subject = oneLine(`Fix this article: ${count} new reader comment${count === 1 ? '' : 's'}`);
  return {
    subject,
    text: `${intro}\n\n${textBody}\n\n${link.label}: ${link.href}\n`,
    html: page(subject, [intro], undefined, link).replace(`<p>${escapeHtml(intro)}</p>`, `<p>${escapeHtml(intro)}</p>\n${htmlBody}`),
  };
}
