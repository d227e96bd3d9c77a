/**
 * Knowledge-base articles in agents' messages: an agent inserts an article into a reply and the
 * requester sees it as a card (its title linking to the article, and its summary) in the mail,
 * the widget's chat, the status page and the portal. Each is kept as it read when the reply was
 * sent, so a card never changes under a conversation. Written with the message
 * (agent-actions.ts), read here for every conversation view.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../store/schema.ts';

export const MessageArticle = z.object({
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  url: z.string().describe("The article's page on the knowledge base."),
});
export type MessageArticle = z.infer<typeof MessageArticle>;

/** Articles a message may carry: a reply is not a reading list. */
export const MAX_MESSAGE_ARTICLES = 5;

/** The articles of a ticket's messages, by message id, in the order they were inserted. */
export async function messageArticles(db: Kysely<Database>, ticketId: number): Promise<Map<number, MessageArticle[]>> {
  const rows = await db
    .selectFrom('message_articles')
    .select(['message_id', 'slug', 'title', 'summary', 'url'])
    .where('ticket_id', '=', ticketId)
    .orderBy('id')
    .execute();
  const byMessage = new Map<number, MessageArticle[]>();
  for (const { message_id, ...article } of rows) {
    const id = Number(message_id);
    byMessage.set(id, [...(byMessage.get(id) ?? []), article]);
  }
  return byMessage;
}
