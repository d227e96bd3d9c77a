/**
 * The requester's status page, linked from the confirmation mail: `/tickets/{reference}?token=…`
 * shows the status, the due times and the conversation (never internal notes), with a reply
 * form. Server-rendered, every value escaped, no script at all (CSP forbids it).
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
import { addRequesterMessage } from '../tickets/messages.ts';
import { referenceFor } from '../tickets/reference.ts';
import { escapeHtml as e } from './templates.ts';

const Reply = z.strictObject({
  token: z.string().min(1).max(200),
  body: z.string().trim().min(1, 'Write a message first.').max(20_000, 'Keep it under 20,000 characters.'),
});

const STATUS_WORDS: Record<string, string> = {
  new: 'New: waiting for our team',
  open: 'Open: our team is on it',
  pending: 'Waiting for your reply (our clock is paused)',
  solved: 'Solved',
  closed: 'Closed',
};

interface Page {
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
.meta{color:#4b5563;font-size:.875rem}.body{white-space:pre-wrap;overflow-wrap:anywhere}textarea{width:100%;min-height:8rem;font:inherit}
button{font:inherit;padding:.5rem 1rem;background:#1b5fc1;color:#fff;border:0;border-radius:4px}.error{color:#a40e26}dt{font-weight:600}</style>
</head><body><main>${main}</main></body></html>`;
}

function securePage(c: Context<AppEnv>, page: Page, status: 200 | 404 | 422 | 429 = 200): Response {
  c.header('Cache-Control', 'no-store');
  return c.html(layout(page, c.get('secureHeadersNonce') ?? ''), status);
}

const notFoundPage: Page = {
  title: 'Ticket not found',
  main: '<h1>Ticket not found</h1><p>This link is not valid. Use the link in the email we sent when you contacted us.</p>',
};

const waitWords = (seconds: number) => `${seconds} second${seconds === 1 ? '' : 's'}`;

/** Refused before the form is read, so it cannot show the ticket: the browser's Back keeps the text. */
const tooManyPage = (seconds: number): Page => ({
  title: 'Too many replies',
  main: `<h1>Too many replies</h1><p role="alert">Too many messages from this address just now. Wait ${e(waitWords(seconds))}, go back and send your reply again.</p>`,
});

async function render(services: Services, reference: string, token: string, error?: string, draft = ''): Promise<Page> {
  const { db } = services.store;
  const row = await requesterTicket(db, reference, token);
  const messages = await db
    .selectFrom('ticket_messages')
    .leftJoin('agents', 'agents.id', 'ticket_messages.agent_id')
    .select(['ticket_messages.author', 'ticket_messages.body', 'ticket_messages.created_at', 'agents.name as agent_name'])
    .where('ticket_id', '=', row.id)
    .where('internal', '=', 0)
    .orderBy('ticket_messages.id')
    .execute();
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
    { author: 'requester', name: row.requester_name, body: row.description, at: row.created_at },
    ...messages.map((m) => ({
      author: m.author,
      name: m.author === 'agent' ? (m.agent_name ?? 'Support') : m.author === 'requester' ? row.requester_name : 'Helpway',
      body: m.body,
      at: m.created_at,
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
${conversation.map((m) => `<article class="msg ${m.author === 'agent' ? 'agent' : ''}"><div class="meta">${e(m.name)} · ${e(when(m.at))}</div><div class="body">${e(m.body)}</div></article>`).join('\n')}
<h2>Reply</h2>
<form method="post" action="/tickets/${e(encodeURIComponent(ref))}/reply">
<input type="hidden" name="token" value="${e(token)}">
${error ? `<p class="error" role="alert">${e(error)}</p>` : ''}
<label for="reply-body">Your reply</label>
<textarea id="reply-body" name="body" required maxlength="20000">${e(draft)}</textarea>
<p><button type="submit">Send reply</button></p>
</form>`,
  };
}

export function statusPageRoutes(config: { rateLimits: import('../config.ts').RateLimits | null; trustProxy: number }) {
  // A reply is a ticket message: the same limits as POST /api/tickets/{ref}/messages and the chat.
  const messages = limitsFor('tickets', config);
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
    .post(
      '/:reference/reply',
      async (c, next) => {
        const wait = messages.ipWait(c);
        if (!wait) return next();
        c.header('Retry-After', String(wait));
        return securePage(c, tooManyPage(wait), 429);
      },
      limitBody(256 * 1024),
      async (c) => {
        const services = c.var.services;
        const reference = c.req.param('reference');
        let form: Record<string, unknown> = {};
        try {
          form = await c.req.parseBody();
        } catch {
          form = {};
        }
        const parsed = Reply.safeParse({
          token: typeof form.token === 'string' ? form.token : '',
          body: typeof form.body === 'string' ? cleanString(form.body) : '',
        });
        const token = typeof form.token === 'string' ? form.token : '';
        try {
          if (!parsed.success) {
            const message =
              parsed.error.issues.find((i) => i.path[0] === 'body')?.message ?? 'Reload the page from the link in your email.';
            return securePage(c, await render(services, reference, token, message), 422);
          }
          const row = await requesterTicket(services.store.db, reference, parsed.data.token);
          const wait = messages.ticketWait(reference, parsed.data.token);
          if (wait) {
            c.header('Retry-After', String(wait));
            return securePage(
              c,
              await render(
                services,
                reference,
                token,
                `Too many messages on this ticket just now: wait ${waitWords(wait)} and send your reply again.`,
                parsed.data.body,
              ),
              429,
            );
          }
          await addRequesterMessage(services, row, { body: parsed.data.body, via: 'status_page' });
          return c.redirect(`/tickets/${encodeURIComponent(referenceFor(row.id))}?token=${encodeURIComponent(parsed.data.token)}`, 303);
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) return securePage(c, notFoundPage, 404);
          throw error;
        }
      },
    );
}
