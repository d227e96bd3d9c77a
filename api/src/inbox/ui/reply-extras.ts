/**
 * What the reply box's tools (reply-tools.ts) add to a reply, as the form carries it: hidden
 * fields the tools keep inside the reply form (savedReplyId, savedReplyFiles, articles), read
 * into the JSON POST /api/inbox/tickets/{ref}/replies takes. Small and in the entry: the tools
 * themselves load on demand.
 */
export interface ReplyExtras {
  savedReplyId?: number;
  savedReplyFiles?: number[];
  articles?: string[];
}

export function replyExtras(form: FormData): ReplyExtras {
  const extras: ReplyExtras = {};
  const savedReplyId = Number(form.get('savedReplyId'));
  if (Number.isInteger(savedReplyId) && savedReplyId > 0) extras.savedReplyId = savedReplyId;
  const files = form.getAll('savedReplyFiles').map(Number);
  if (files.length) extras.savedReplyFiles = files;
  const articles = form.getAll('articles').map(String);
  if (articles.length) extras.articles = articles;
  return extras;
}
