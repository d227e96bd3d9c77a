/**
 * /api/inbox/saved-replies: saved replies for the reply box (agents; CSRF on writes). Shared ones
 * are managed by admins, each agent's own by that agent (saved-replies.ts).
 *
 *   GET    /?q&scope&limit                  the ones you can use, most used first
 *   POST   /  {title, body, shared?, attachments?}
 *   GET    /{id}
 *   PATCH  /{id}  {title?, body?, shared?, attachments?, removeFiles?}
 *   DELETE /{id}
 *   GET    /{id}/filled?ticket=HW-1042       the text with the ticket's values, to insert
 *   GET    /{id}/files/{fileId}              one of its files (a download)
 *
 * Sending: POST /api/inbox/tickets/{ref}/replies {body, savedReplyId?, savedReplyFiles?, articles?}.
 */
import { Hono, type Context } from 'hono';
import { requireAgent, type AgentEnv } from '../agents/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { jsonBody, limitBody, queryParams } from '../http/json-body.ts';
import { RANGE, rowIdFromPath } from '../store/ids.ts';
import { displayFileName } from '../uploads/file-name.ts';
import { changeSavedReply, createSavedReply, deleteSavedReply, fillSavedReply, listSavedReplies, savedReply } from './saved-replies.ts';
import {
  FillQuery,
  NewSavedReply,
  SavedReplyChange,
  SavedReplyQuery,
  type SavedReplyAnswer,
  type SavedReplyDeleted,
  type SavedReplyFilled,
  type SavedReplyList,
} from './saved-reply-shapes.ts';
import type { z } from 'zod';

const NOT_FOUND = 'There is no saved reply with this id that you can use.';
const varOf = <T>(c: { var: unknown }, name: 'body' | 'query') => (c.var as Record<string, T>)[name];

function pathId(c: Context, name = 'id'): number {
  const id = rowIdFromPath(c.req.param(name) ?? '');
  if (id === null) throw new ApiError(404, 'not_found', NOT_FOUND, { [name]: RANGE });
  return id;
}

export function savedReplyRoutes() {
  const app = new Hono<AgentEnv>()
    .use('*', requireAgent())
    .use('*', limitBody(64 * 1024))
    .get('/', queryParams(SavedReplyQuery), async (c) =>
      c.json<SavedReplyList>(await listSavedReplies(c.var.services, c.var.agent, varOf<SavedReplyQuery>(c, 'query'))),
    )
    .post('/', jsonBody(NewSavedReply), async (c) =>
      c.json<SavedReplyAnswer>(
        { savedReply: await createSavedReply(c.var.services, c.var.agent, varOf<z.output<typeof NewSavedReply>>(c, 'body')) },
        201,
      ),
    )
    .get('/:id', async (c) => c.json<SavedReplyAnswer>({ savedReply: await savedReply(c.var.services, c.var.agent, pathId(c)) }))
    .patch('/:id', async (c, next) => {
      pathId(c); // an id out of range is a 404 before the body is read
      await next();
    })
    .patch('/:id', jsonBody(SavedReplyChange), async (c) =>
      c.json<SavedReplyAnswer>({
        savedReply: await changeSavedReply(c.var.services, c.var.agent, pathId(c), varOf<z.output<typeof SavedReplyChange>>(c, 'body')),
      }),
    )
    .delete('/:id', async (c) => {
      await deleteSavedReply(c.var.services, c.var.agent, pathId(c));
      return c.json<SavedReplyDeleted>({ deleted: true });
    })
    .get('/:id/filled', queryParams(FillQuery), async (c) => {
      const { ticket } = varOf<z.output<typeof FillQuery>>(c, 'query');
      return c.json<SavedReplyFilled>(await fillSavedReply(c.var.services, c.var.agent, pathId(c), ticket));
    })
    .get('/:id/files/:fileId', async (c) => {
      const reply = await savedReply(c.var.services, c.var.agent, pathId(c));
      const fileId = pathId(c, 'fileId');
      if (!reply.files.some((f) => f.id === fileId)) throw new ApiError(404, 'not_found', 'This saved reply has no file with this id.');
      const file = await c.var.services.store.db
        .selectFrom('saved_reply_files')
        .select(['filename', 'data'])
        .where('id', '=', fileId)
        .executeTakeFirstOrThrow();
      const shown = displayFileName(file.filename);
      return new Response(Buffer.from(file.data), {
        headers: {
          'Content-Type': 'application/octet-stream',
          'Content-Disposition': `attachment; filename="${shown.replace(/[^\w.\- ]+/g, '_')}"; filename*=UTF-8''${encodeURIComponent(shown)}`,
          'Content-Security-Policy': "default-src 'none'; sandbox",
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'private, no-store',
        },
      });
    });
  return app as unknown as Hono<AppEnv>;
}
