/**
 * An agent's reply or note as the inbox sends it: the text, plus what the reply box added — a saved
 * reply's use and files (saved-replies.ts) and knowledge-base articles as cards (articles/kb-search.ts).
 * Everything refusable is checked before the message's transaction (a 422 naming the field, with
 * nothing written); the files are copied and the use counted inside it (tickets/agent-actions.ts).
 */
import type { z } from 'zod';
import type { Agent } from '../agents/accounts.ts';
import { articleCards } from '../articles/kb-search.ts';
import type { Services } from '../http/env.ts';
import { addAgentMessage } from '../tickets/agent-actions.ts';
import { checkSavedReplyFiles, useSavedReply } from './saved-replies.ts';
import type { NoteInput, ReplyInput } from './tickets.ts';

export async function sendAgentMessage(
  services: Services,
  reference: string,
  agent: Agent,
  input: z.output<typeof ReplyInput> | z.output<typeof NoteInput>,
  internal: boolean,
) {
  const fileIds = input.savedReplyFiles ?? [];
  const articles = await articleCards(services, input.articles ?? []);
  await checkSavedReplyFiles(services.store.db, agent, fileIds, input.savedReplyId);
  const savedReply = input.savedReplyId !== undefined || fileIds.length > 0;
  return addAgentMessage(services, reference, agent, input.body, internal, {
    basedOn: 'basedOn' in input ? input.basedOn : undefined,
    articles,
    attach: savedReply
      ? (trx, target) => useSavedReply(trx, { savedReplyId: input.savedReplyId, fileIds }, target, services.clock.now().toISOString())
      : undefined,
  });
}
