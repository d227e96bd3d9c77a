/**
 * The page a rating link opens: `/tickets/{reference}/satisfaction?rating=good&token=…`. Mail
 * scanners follow links, so opening it records nothing: it shows the question with the clicked
 * answer chosen, a comment box and a button, and only the POST records. Protected like the status
 * page's forms (mail/status-page.ts): the token travels in the form and is what authorises it (a
 * page elsewhere cannot know it), and the per-address limit of ticket messages applies.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { cleanString } from '../http/clean-text.ts';
import { limitBody } from '../http/json-body.ts';
import { formOf, notFoundPage, pageLimits, securePage, type Page } from '../mail/status-page.ts';
import { escapeHtml as e } from '../mail/templates.ts';
import type { TicketRow } from '../store/schema.ts';
import { referenceFor } from '../tickets/reference.ts';
import {
  assertRateable,
  RATING_WORDS,
  RATINGS,
  rateTicket,
  SATISFACTION_COMMENT_MAX,
  SatisfactionInput,
  satisfactionOf,
  ticketForRating,
  type Rating,
} from './ratings.ts';
import type { Services } from '../http/env.ts';

interface Draft {
  rating?: string;
  comment?: string;
  error?: string;
}

async function confirmPage(services: Services, row: TicketRow, token: string, draft: Draft): Promise<Page> {
  const ref = referenceFor(row.id);
  const given = await satisfactionOf(services.store.db, row.id);
  const chosen = draft.rating ?? given?.rating;
  const comment = draft.comment ?? given?.comment ?? '';
  const option = (rating: Rating) =>
    `<p><input type="radio" id="rating-${rating}" name="rating" value="${rating}"${chosen === rating ? ' checked' : ''} required> <label for="rating-${rating}">${e(RATING_WORDS[rating])}</label></p>`;
  return {
    title: `How did we do? ${ref}`,
    main: `<h1>How did we do?</h1>
<p>Your request ${e(ref)}: ${e(row.subject)}</p>
<form method="post" action="/tickets/${e(encodeURIComponent(ref))}/satisfaction">
<input type="hidden" name="token" value="${e(token)}">
${draft.error ? `<p class="error" role="alert">${e(draft.error)}</p>` : ''}
<fieldset><legend>Your answer</legend>${RATINGS.map(option).join('')}</fieldset>
<p><label for="rating-comment">Anything to add? (optional)</label>
<textarea id="rating-comment" name="comment" maxlength="${SATISFACTION_COMMENT_MAX}">${e(comment)}</textarea></p>
<p><button type="submit">Send my answer</button></p>
</form>`,
  };
}

const thanksPage = (ref: string, rating: Rating): Page => ({
  title: 'Thank you',
  main: `<h1>Thank you</h1><p role="status">We recorded your answer for ${e(ref)}: <strong>${e(RATING_WORDS[rating])}</strong>.${
    rating === 'bad' ? ' We are sorry it did not go well; our team reads every answer.' : ''
  } If anything is still wrong, reply to our last email and we will reopen the ticket.</p>`,
});

const notRateablePage = (error: ApiError): Page => ({
  title: 'Not ready to rate',
  main: `<h1>Not ready to rate</h1><p role="alert">${e(error.message)}</p>`,
});

/** The ticket's page, or the answer for a refused token or a ticket that cannot be rated yet. */
async function withTicket(c: Context<AppEnv>, token: string, show: (row: TicketRow) => Promise<Response>): Promise<Response> {
  try {
    const row = await ticketForRating(c.var.services, c.req.param('reference') ?? '', token);
    assertRateable(row);
    return await show(row);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return securePage(c, notFoundPage, 404);
    if (error instanceof ApiError && error.status === 409) return securePage(c, notRateablePage(error), 409);
    throw error;
  }
}

export function satisfactionPageRoutes(config: Parameters<typeof pageLimits>[0]) {
  const { perAddressLimit } = pageLimits(config);
  return new Hono<AppEnv>()
    .get('/:reference/satisfaction', async (c) => {
      const token = c.req.query('token') ?? '';
      const rating = c.req.query('rating');
      const draft = { rating: RATINGS.includes(rating as Rating) ? rating : undefined };
      return withTicket(c, token, async (row) => securePage(c, await confirmPage(c.var.services, row, token, draft)));
    })
    .post('/:reference/satisfaction', perAddressLimit, limitBody(32 * 1024), async (c) => {
      const form = await formOf(c);
      const token = typeof form.token === 'string' ? form.token : '';
      const draft = {
        rating: typeof form.rating === 'string' ? form.rating : undefined,
        comment: typeof form.comment === 'string' ? cleanString(form.comment) : undefined,
      };
      return withTicket(c, token, async (row) => {
        const parsed = SatisfactionInput.safeParse(draft);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const error = `${issue.path[0] === 'comment' ? 'Your comment' : 'Your answer'}: ${issue.message}.`;
          return securePage(c, await confirmPage(c.var.services, row, token, { ...draft, error }), 422);
        }
        const saved = await rateTicket(c.var.services, row, parsed.data);
        return securePage(c, thanksPage(referenceFor(row.id), saved.rating));
      });
    });
}
