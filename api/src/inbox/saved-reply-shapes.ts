/**
 * What /api/inbox/saved-replies takes and answers (zod): saved-reply-routes.ts validates,
 * saved-reply-openapi.ts documents, the inbox UI imports the types.
 */
import { z } from 'zod';
import { Instant } from '../http/shapes.ts';
import { RowId } from '../store/ids.ts';
import { UploadId } from '../uploads/schema.ts';
import { PLACEHOLDERS, unknownPlaceholders, unknownPlaceholdersMessage } from './saved-reply-placeholders.ts';

/** Files a saved reply may attach. */
export const MAX_SAVED_REPLY_FILES = 5;

const Title = z.string().trim().min(1, 'give it a title').max(120, 'keep the title to 120 characters');
const Body = z
  .string()
  .trim()
  .min(1, 'write the reply')
  .max(20_000, 'keep the reply under 20,000 characters')
  .superRefine((text, ctx) => {
    const unknown = unknownPlaceholders(text);
    if (unknown.length) ctx.addIssue({ code: 'custom', message: unknownPlaceholdersMessage(unknown) });
  })
  .describe(
    `Plain text; placeholders filled when it is inserted: ${Object.keys(PLACEHOLDERS)
      .map((n) => `{{${n}}}`)
      .join(', ')}.`,
  );
const Uploads = z
  .array(UploadId)
  .max(MAX_SAVED_REPLY_FILES, `at most ${MAX_SAVED_REPLY_FILES} files`)
  .refine((ids) => new Set(ids).size === ids.length, 'lists the same upload twice')
  .describe('Files uploaded first with POST /api/uploads, by their ids: copied into the saved reply (each upload is used once).');

export const NewSavedReply = z.strictObject({
  title: Title,
  body: Body,
  shared: z.boolean().default(false).describe('Shared with every agent (admins only); else yours alone.'),
  attachments: Uploads.default([]),
});
export type NewSavedReply = z.output<typeof NewSavedReply>;

export const SavedReplyChange = z
  .strictObject({
    title: Title.optional(),
    body: Body.optional(),
    shared: z.boolean().optional().describe('Share it, or make it yours alone (admins only, either way).'),
    attachments: Uploads.optional().describe('Files to add (upload ids).'),
    removeFiles: z.array(RowId).max(50).optional().describe('Ids of its files to remove.'),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), {
    message: 'change at least one of title, body, shared, attachments, removeFiles',
  });
export type SavedReplyChange = z.output<typeof SavedReplyChange>;

export const SavedReplyQuery = z.strictObject({
  q: z.string().trim().max(100, 'keep a search under 100 characters').optional().describe('Words in the title or the text, in any order.'),
  scope: z.enum(['all', 'shared', 'mine']).default('all').describe('Shared ones, your own, or both.'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type SavedReplyQuery = z.output<typeof SavedReplyQuery>;

export const FillQuery = z.strictObject({
  ticket: z.string().min(1).max(20).describe('The reference of the ticket the reply is for.'),
});

export const SavedReplyFile = z.object({
  id: z.number().int(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});
export type SavedReplyFile = z.infer<typeof SavedReplyFile>;

export const SavedReply = z.object({
  id: z.number().int(),
  title: z.string(),
  body: z.string().describe('As saved, placeholders unfilled.'),
  shared: z.boolean(),
  owner: z.object({ id: z.number().int(), name: z.string() }).nullable().describe('Whose own reply it is; null when shared.'),
  canEdit: z.boolean().describe('The signed-in agent may change or delete it (theirs, or shared and they are an admin).'),
  files: z.array(SavedReplyFile),
  uses: z.number().int().describe('Replies sent with it.'),
  lastUsedAt: Instant.nullable(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type SavedReply = z.infer<typeof SavedReply>;

export const SavedReplyList = z.object({
  savedReplies: z.array(SavedReply).describe('Most used first, then by title.'),
  placeholders: z.record(z.string(), z.string()).describe('Each placeholder and what it is filled with.'),
});
export type SavedReplyList = z.infer<typeof SavedReplyList>;

export const SavedReplyAnswer = z.object({ savedReply: SavedReply });
export type SavedReplyAnswer = z.infer<typeof SavedReplyAnswer>;

export const SavedReplyFilled = z.object({
  id: z.number().int(),
  title: z.string(),
  body: z.string().describe('The text with its placeholders filled for the ticket: plain text, to insert into the reply.'),
  files: z.array(SavedReplyFile).describe('Its files: send their ids as `savedReplyFiles` with the reply to attach them.'),
  empty: z
    .array(z.string())
    .describe('Placeholders the ticket had no value for (filled with nothing), e.g. ticket.due on a solved ticket.'),
});
export type SavedReplyFilled = z.infer<typeof SavedReplyFilled>;

export const SavedReplyDeleted = z.object({ deleted: z.literal(true) });
export type SavedReplyDeleted = z.infer<typeof SavedReplyDeleted>;

/** What an agent's reply or note carries besides its text (POST /api/inbox/tickets/{ref}/replies|notes). */
export const ReplyExtras = {
  savedReplyId: RowId.optional().describe('The saved reply this message was written from: its use is counted when the message is sent.'),
  savedReplyFiles: z
    .array(RowId)
    .max(10, 'at most 10 files')
    .refine((ids) => new Set(ids).size === ids.length, 'lists the same file twice')
    .optional()
    .describe("Files of saved replies you can use (their `files[].id`), attached to the message; the reply's mail carries them."),
  articles: z
    .array(z.string().min(1).max(120))
    .max(5, 'at most 5 articles')
    .refine((slugs) => new Set(slugs).size === slugs.length, 'lists the same article twice')
    .optional()
    .describe('Slugs of knowledge-base articles (GET /api/inbox/articles), shown to the requester as cards: title, summary, link.'),
};
