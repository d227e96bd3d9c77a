/**
 * The requester's status page, linked from the confirmation mail: `/tickets/{reference}?token=…`
 * shows the status, the due times and the conversation (never internal notes), with a reply
 * form and an "Ask to escalate" form (tickets/escalate.ts: once per working day, a formal
 * complaint goes to the complaint level). Server-rendered, every value escaped, no script at all
 * (CSP forbids it). Both forms carry the ticket's token, which is what authorises them.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ApiError } from '../http/errors.ts';
import type { AppEnv, Services } from '../http/env.ts';
import { cleanString } from '../http/clean-text.ts';
import { limitBody } from '../http/json-body.ts';
import { limitsFor } from '../http/rate-limit.ts';
import { slaView } from '../policy/sla-view.ts';
import { requesterTicket } from '../tickets/access.ts';
import { requestEscalation } from '../tickets/escalate.ts';
import { addRequesterMessage } from '../tickets/messages.ts';
import { referenceFor } from '../tickets/reference.ts';
import { ESCALATION_REASON_MAX } from '../tickets/schema.ts';
import { satisfactionSection } from '../satisfaction/ratings.ts';
import { escapeHtml as e } from './templates.ts';
import { requesterConversation, speaker } from '../tickets/conversation.ts';
import { messageArticles, type MessageArticle } from '../tickets/message-articles.ts';

const Reply = z.strictObject({
  token: z.string().min(1).max(200),
  body: z.string().trim().min(1, 'Write a message first.').max(20_000, 'Keep it under 20,000 characters.'),
});

const Escalation = z.strictObject({
  token: z.string().min(1).max(200),
  reason: z
    .string()
    .trim()
    .min(1, 'Say why the ticket needs escalating.')
    .max(ESCALATION_REASON_MAX, `Keep it under ${ESCALATION_REASON_MAX.toLocaleString('en-GB')} characters.`),
  complaint: z.boolean(),
});

const STATUS_WORDS: Record<string, string> = {
  new: 'New: waiting for our team',
  open: 'Open: our team is on it',
  pending: 'Waiting for your reply (our clock is paused)',
  solved: 'Solved',
  closed: 'Closed',
};

export interface Page {
  title: string;
  main: string;
}

/** The page's CSP (http/security-headers.ts) allows its one style element by this request's nonce. */
function layout({ title, main }: Page, nonce: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${e(title)}</title>
<style nonce="${e(nonce)}">body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d2733;background:#f6f7f9}main{max-width:760px;margin:0 auto;padding:1.5rem}
.msg{background:#fff;border:1px solid #d8dde3;border-radius:6px;padding:.75rem 1rem;margin:.75rem 0}.msg.agent{border-left:4px solid #1b5fc1}
.meta{color:#4b5563;font-size:.875rem;display:flex;align-items:center;gap:.4rem}.avatar{display:inline-grid;place-items:center;width:1.75rem;height:1.75rem;border-radius:50%;background:#1b5fc1;color:#fff;font-weight:600;font-size:.75rem}.body{white-space:pre-wrap;overflow-wrap:anywhere}textarea{width:100%;min-height:8rem;font:inherit}
button{font:inherit;padding:.5rem 1rem;background:#1b5fc1;color:#fff;border:0;border-radius:4px}.error{color:#a40e26}dt{font-weight:600}
.notice{background:#fff;border:1px solid #d8dde3;border-left:4px solid #1b5fc1;border-radius:6px;padding:.5rem 1rem}
.kb-card{border:1px solid #d8dde3;border-left:4px solid #1b5fc1;border-radius:6px;padding:.5rem .75rem;margin:.5rem 0 0;background:#f6f9ff}.kb-card p{margin:.25rem 0 0}.kb-card a{font-weight:600}</style>
</head><body><main>${main}</main></body></html>`;
}

export function securePage(c: Context<AppEnv>, page: Page, status: 200 | 404 | 409 | 422 | 429 = 200): Response {
  c.header('Cache-Control', 'no-store');
  return c.html(layout(page, c.get('secureHeadersNonce') ?? ''), status);
}

export const notFoundPage: Page = {
  title: 'Ticket not found',
  main: '<h1>Ticket not found</h1><p>This link is not valid. Use the link in the email we sent when you contacted us.</p>',
};

/** Knowledge-base articles an agent inserted into a reply, as cards: the title linking to the article, its summary. */
function articleCards(articles: MessageArticle[]): string {
  return articles
    .map(
      (a) =>
        `<aside class="kb-card" aria-label="Help article: ${e(a.title)}"><div class="meta">Help article</div>${/^https?:\/\//i.test(a.url) ? `<a href="${e(a.url)}">${e(a.title)}</a>` : `<strong>${e(a.title)}</strong>`}<p>${e(a.summary)}</p></aside>`,
    )
    .join('');
}

const waitWords = (seconds: number) => `${seconds} second${seconds === 1 ? '' : 's'}`;

/** Refused before the form is read, so it cannot show the ticket: the browser's Back keeps the text. */
const tooManyPage = (seconds: number): Page => ({
  title: 'Too many replies',
  main: `<h1>Too many replies</h1><p role="alert">Too many messages from this address just now. Wait ${e(waitWords(seconds))}, go back and send your reply again.</p>`,
});

/** What a form sent back shows again: its error and the text typed, so nothing is lost. */
interface Drafts {
  replyError?: string;
  reply?: string;
  escalateError?: string;
  reason?: string;
  complaint?: boolean;
}

async function render(services: Services, reference: string, token: string, drafts: Drafts = {}): Promise<Page> {
  const { db } = services.store;
  const row = await requesterTicket(db, reference, token);
  const [messages, articles] = await Promise.all([requesterConversation(db, row.id), messageArticles(db, row.id)]);
  const now = services.clock.now();
  const sla = slaView(
    services.policy,
    row.plan,
    {
      firstResponseDue: row.first_response_due ? new Date(row.first_response_due) : null,
      resolutionDue: row.resolution_due ? new Date(row.resolution_due) : null,
    },
    now,
  );
  const ref = referenceFor(row.id);
  const when = (iso: string) =>
    new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: sla.timezone }).format(new Date(iso));
  const conversation = [
    {
      author: 'requester',
      from: speaker({ agent: null }, row.requester_name),
      body: row.description,
      at: row.created_at,
      articles: [] as MessageArticle[],
    },
    ...messages.map((m) => ({
      author: m.author,
      from: speaker(m, row.requester_name),
      body: m.body,
      at: m.created_at,
      articles: articles.get(Number(m.id)) ?? [],
    })),
  ];
  const dues =
    row.status === 'solved' || row.status === 'closed'
      ? ''
      : `<dl>${row.first_responded_at ? '' : `<dt>First response</dt><dd>${e(sla.sentence)}</dd>`}${sla.resolutionDue ? `<dt>Resolution</dt><dd>${e(sla.resolutionSentence)}</dd>` : ''}</dl>`;
  return {
    title: `${ref}: ${row.subject}`,
    main: `
<h1>${e(ref)}: ${e(row.subject)}</h1>
<p><strong>Status:</strong> ${e(STATUS_WORDS[row.status] ?? row.status)}</p>
${dues}
<h2>Conversation</h2>
${conversation.map((m) => `<article class="msg ${m.author === 'agent' ? 'agent' : ''}"><div class="meta">${m.author === 'requester' ? '' : `<span class="avatar" aria-hidden="true">${e(m.from.initials)}</span>`}<span>${e(m.from.name)} · ${e(when(m.at))}</span></div><div class="body">${e(m.body)}</div>${articleCards(m.articles)}</article>`).join('\n')}
<h2>Reply</h2>
<form method="post" action="/tickets/${e(encodeURIComponent(ref))}/reply">
<input type="hidden" name="token" value="${e(token)}">
${drafts.replyError ? `<p class="error" role="alert">${e(drafts.replyError)}</p>` : ''}
<label for="reply-body">Your reply</label>
<textarea id="reply-body" name="body" required maxlength="20000">${e(drafts.reply ?? '')}</textarea>
<p><button type="submit">Send reply</button></p>
</form>
${await satisfactionSection(services.store.db, row, ref, token)}
${await escalationSection(services, row, ref, token, drafts, when)}`,
  };
}

/** "Ask to escalate": who owns it after the requester's last escalation, and the form (not on a finished ticket). */
async function escalationSection(
  services: Services,
  row: { id: number; status: string },
  ref: string,
  token: string,
  drafts: Drafts,
  when: (iso: string) => string,
): Promise<string> {
  const mine = await services.store.db
    .selectFrom('sla_records')
    .select(['level', 'role', 'trigger', 'created_at'])
    .where('ticket_id', '=', row.id)
    .where('kind', '=', 'escalated')
    .where('actor', '=', 'requester')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  // By role only: the level's contact address is internal routing.
  const owner = mine
    ? `<p class="notice" role="status">You asked for escalation on ${e(when(mine.created_at))}${mine.trigger === 'complaint' ? ' (formal complaint)' : ''}: our ${e(mine.role ?? 'team')} (escalation level ${e(String(mine.level))}) owns this ticket now.</p>`
    : '';
  if (row.status === 'solved' || row.status === 'closed')
    return `<h2>Escalation</h2>${owner}<p>This ticket is ${e(row.status)}, so it cannot be escalated. If it is not done for you, send a reply above: that opens it again.</p>`;
  return `<h2>Ask to escalate</h2>
${owner}
<p>If the ticket is not moving, ask for it to go to a team lead at once. You can ask once per working day.</p>
<form method="post" action="/tickets/${e(encodeURIComponent(ref))}/escalate">
<input type="hidden" name="token" value="${e(token)}">
${drafts.escalateError ? `<p class="error" role="alert">${e(drafts.escalateError)}</p>` : ''}
<label for="escalate-reason">Why does it need escalating?</label>
<textarea id="escalate-reason" name="reason" required maxlength="${ESCALATION_REASON_MAX}">${e(drafts.reason ?? '')}</textarea>
<p><input type="checkbox" id="escalate-complaint" name="complaint" value="yes"${drafts.complaint ? ' checked' : ''}> <label for="escalate-complaint">This is a formal complaint</label></p>
<p><button type="submit">Ask to escalate</button></p>
</form>`;
}

/** The posted form's fields; a body that is not a form reads as an empty one (each field then says what is missing). */
export async function formOf(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  try {
    return await c.req.parseBody();
  } catch {
    return {};
  }
}

type PageLimitsConfig = { rateLimits: import('../config.ts').RateLimits | null; trustProxy: number };

/**
 * The status page's form posts count as ticket messages: the same limits as POST
 * /api/tickets/{ref}/messages and the chat. `perAddressLimit` answers an address over its limit
 * with the "too many" page before the body is read.
 */
export function pageLimits(config: PageLimitsConfig) {
  const messages = limitsFor('tickets', config);
  const perAddressLimit = async (c: Context<AppEnv>, next: () => Promise<void>) => {
    const wait = messages.ipWait(c);
    if (!wait) return next();
    c.header('Retry-After', String(wait));
    return securePage(c, tooManyPage(wait), 429);
  };
  return { messages, perAddressLimit };
}

export function statusPageRoutes(config: PageLimitsConfig) {
  const { messages, perAddressLimit } = pageLimits(config);
  return new Hono<AppEnv>()
    .get('/:reference', async (c) => {
      const token = c.req.query('token') ?? '';
      try {
        return securePage(c, await render(c.var.services, c.req.param('reference'), token));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return securePage(c, notFoundPage, 404);
        throw error;
      }
    })
    .post('/:reference/reply', perAddressLimit, limitBody(256 * 1024), async (c) => {
      const services = c.var.services;
      const reference = c.req.param('reference');
      const form = await formOf(c);
      const parsed = Reply.safeParse({
        token: typeof form.token === 'string' ? form.token : '',
        body: typeof form.body === 'string' ? cleanString(form.body) : '',
      });
      const token = typeof form.token === 'string' ? form.token : '';
      try {
        if (!parsed.success) {
          const message = parsed.error.issues.find((i) => i.path[0] === 'body')?.message ?? 'Reload the page from the link in your email.';
          return securePage(c, await render(services, reference, token, { replyError: message }), 422);
        }
        const row = await requesterTicket(services.store.db, reference, parsed.data.token);
        const wait = messages.ticketWait(reference, parsed.data.token);
        if (wait) {
          c.header('Retry-After', String(wait));
          return securePage(
            c,
            await render(services, reference, token, {
              replyError: `Too many messages on this ticket just now: wait ${waitWords(wait)} and send your reply again.`,
              reply: parsed.data.body,
            }),
            429,
          );
        }
        await addRequesterMessage(services, row, { body: parsed.data.body, via: 'status_page' });
        return c.redirect(`/tickets/${encodeURIComponent(referenceFor(row.id))}?token=${encodeURIComponent(parsed.data.token)}`, 303);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return securePage(c, notFoundPage, 404);
        throw error;
      }
    })
    .post('/:reference/escalate', perAddressLimit, limitBody(32 * 1024), async (c) => {
      const services = c.var.services;
      const reference = c.req.param('reference');
      const form = await formOf(c);
      const token = typeof form.token === 'string' ? form.token : '';
      const draft = {
        reason: typeof form.reason === 'string' ? cleanString(form.reason) : '',
        complaint: form.complaint === 'yes',
      };
      const parsed = Escalation.safeParse({ token, ...draft });
      try {
        if (!parsed.success) {
          const message =
            parsed.error.issues.find((i) => i.path[0] === 'reason')?.message ?? 'Reload the page from the link in your email.';
          return securePage(c, await render(services, reference, token, { escalateError: message, ...draft }), 422);
        }
        const row = await requesterTicket(services.store.db, reference, parsed.data.token);
        const wait = messages.ticketWait(reference, parsed.data.token);
        if (wait) {
          c.header('Retry-After', String(wait));
          const escalateError = `Too many requests on this ticket just now: wait ${waitWords(wait)} and ask again.`;
          return securePage(c, await render(services, reference, token, { escalateError, ...draft }), 429);
        }
        try {
          await requestEscalation(services, row, { reason: parsed.data.reason, complaint: parsed.data.complaint });
        } catch (error) {
          // Already asked this working day, or the ticket is finished: say so on the page, keeping the text.
          if (!(error instanceof ApiError) || (error.status !== 409 && error.status !== 429)) throw error;
          for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
          return securePage(c, await render(services, reference, token, { escalateError: error.message, ...draft }), error.status);
        }
        return c.redirect(`/tickets/${encodeURIComponent(referenceFor(row.id))}?token=${encodeURIComponent(parsed.data.token)}`, 303);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return securePage(c, notFoundPage, 404);
        throw error;
      }
    });
}
