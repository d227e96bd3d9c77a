/**
 * Saved replies (macros): texts agents insert into a reply, with placeholders filled for the
 * ticket (saved-reply-placeholders.ts) and files attached.
 *
 * Who manages which, as Help Scout and Zendesk do: a shared reply (no owner) is for every agent,
 * and only admins create, change or delete it — the team's voice has an owner; every agent keeps
 * replies of their own, which nobody else sees. An agent who may not see a reply gets the same 404
 * as for none.
 *
 * Files are uploaded first (POST /api/uploads, any site: holding the upload id is the claim) and
 * copied into the saved reply; each use copies the chosen ones into the ticket's attachments with
 * the message, in its transaction, and the reply's mail carries them. Uses are counted when a
 * message written from the reply is sent, not when it is inserted (an inserted text can be thrown away).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Agent } from '../agents/accounts.ts';
import { ApiError, validationError } from '../http/errors.ts';
import type { Services } from '../http/env.ts';
import { formatDueTime } from '../sla/targets.ts';
import { slaStanding } from '../sla/state.ts';
import type { Database } from '../store/schema.ts';
import { ticketByReference } from '../tickets/access.ts';
import { ticketTerms } from '../tickets/dues.ts';
import { referenceFor } from '../tickets/reference.ts';
import { attachStoredFile } from '../uploads/attach-stored.ts';
import { displayFileName } from '../uploads/file-name.ts';
import { takeUploads } from '../uploads/service.ts';
import { fillPlaceholders, placeholderValue, PLACEHOLDERS, type PlaceholderValues } from './saved-reply-placeholders.ts';
import {
  MAX_SAVED_REPLY_FILES,
  type NewSavedReply,
  type SavedReply,
  type SavedReplyChange,
  type SavedReplyFile,
  type SavedReplyFilled,
  type SavedReplyList,
  type SavedReplyQuery,
} from './saved-reply-shapes.ts';

type Me = Pick<Agent, 'id' | 'role' | 'name'>;

const NOT_FOUND = 'There is no saved reply with this id that you can use.';

/** Replies `me` can see: the shared ones and their own. */
const visibleTo = (db: Kysely<Database>, me: Me) =>
  db.selectFrom('saved_replies').where((eb) => eb.or([eb('saved_replies.owner_id', 'is', null), eb('saved_replies.owner_id', '=', me.id)]));

const mayEdit = (me: Me, ownerId: number | null) => (ownerId === null ? me.role === 'admin' : Number(ownerId) === me.id);

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** Saved replies as the API answers them, with their files and what `me` may do. */
async function views(db: Kysely<Database>, me: Me, rows: Row[]): Promise<SavedReply[]> {
  const ids = rows.map((r) => Number(r.id));
  const files = ids.length
    ? await db
        .selectFrom('saved_reply_files')
        .select(['id', 'saved_reply_id', 'filename', 'content_type', 'size'])
        .where('saved_reply_id', 'in', ids)
        .orderBy('id')
        .execute()
    : [];
  const filesOf = (id: number): SavedReplyFile[] =>
    files
      .filter((f) => Number(f.saved_reply_id) === id)
      .map((f) => ({ id: Number(f.id), filename: displayFileName(f.filename), contentType: f.content_type, size: Number(f.size) }));
  return rows.map((r) => ({
    id: Number(r.id),
    title: r.title,
    body: r.body,
    shared: r.owner_id === null,
    owner: r.owner_id === null ? null : { id: Number(r.owner_id), name: r.owner_name ?? '' },
    canEdit: mayEdit(me, r.owner_id === null ? null : Number(r.owner_id)),
    files: filesOf(Number(r.id)),
    uses: Number(r.uses),
    lastUsedAt: r.last_used_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** The replies `me` can see, with their owner's name. */
function selectRows(db: Kysely<Database>, me: Me) {
  return visibleTo(db, me)
    .leftJoin('agents', 'agents.id', 'saved_replies.owner_id')
    .select([
      'saved_replies.id',
      'saved_replies.owner_id',
      'saved_replies.title',
      'saved_replies.body',
      'saved_replies.uses',
      'saved_replies.last_used_at',
      'saved_replies.created_at',
      'saved_replies.updated_at',
      'agents.name as owner_name',
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof selectRows>['execute']>>[number];

/** The replies `me` can use, most used first; `q`: every word in the title or the text. */
export async function listSavedReplies(services: Services, me: Me, query: SavedReplyQuery): Promise<SavedReplyList> {
  const { db } = services.store;
  let q = selectRows(db, me);
  if (query.scope === 'shared') q = q.where('saved_replies.owner_id', 'is', null);
  if (query.scope === 'mine') q = q.where('saved_replies.owner_id', '=', me.id);
  for (const word of (query.q ?? '').split(/\s+/).filter(Boolean).slice(0, 8)) {
    const pattern = likePattern(word);
    q = q.where(
      sql<boolean>`(LOWER(saved_replies.title) LIKE ${pattern} ESCAPE '\\' OR LOWER(saved_replies.body) LIKE ${pattern} ESCAPE '\\')`,
    );
  }
  const rows = await q
    .orderBy('saved_replies.uses', 'desc')
    .orderBy(sql`LOWER(saved_replies.title)`)
    .orderBy('saved_replies.id')
    .limit(query.limit)
    .execute();
  return { savedReplies: await views(db, me, rows), placeholders: { ...PLACEHOLDERS } };
}

async function row(db: Kysely<Database>, me: Me, id: number) {
  const found = await selectRows(db, me).where('saved_replies.id', '=', id).executeTakeFirst();
  if (!found) throw new ApiError(404, 'not_found', NOT_FOUND);
  return found;
}

export async function savedReply(services: Services, me: Me, id: number): Promise<SavedReply> {
  const { db } = services.store;
  return (await views(db, me, [await row(db, me, id)]))[0];
}

const onlyAdmins = () => new ApiError(403, 'forbidden', 'Only admins manage shared saved replies: save it as your own instead.');

async function addFiles(trx: Transaction<Database>, savedReplyId: number, uploads: string[], now: Date, field: string) {
  const files = await takeUploads(trx, uploads, now, field);
  if (files.length)
    await trx
      .insertInto('saved_reply_files')
      .values(files.map((f) => ({ saved_reply_id: savedReplyId, ...f, created_at: now.toISOString() })))
      .execute();
}

export async function createSavedReply(services: Services, me: Me, input: NewSavedReply): Promise<SavedReply> {
  if (input.shared && me.role !== 'admin') throw onlyAdmins();
  const { db } = services.store;
  const now = services.clock.now();
  const at = now.toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('saved_replies')
      .values({
        owner_id: input.shared ? null : me.id,
        title: input.title,
        body: input.body,
        created_by: me.id,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await addFiles(trx, Number(inserted.id), input.attachments, now, 'attachments');
    return Number(inserted.id);
  });
  return savedReply(services, me, id);
}

export async function changeSavedReply(services: Services, me: Me, id: number, change: SavedReplyChange): Promise<SavedReply> {
  const { db } = services.store;
  const current = await row(db, me, id);
  if (!mayEdit(me, current.owner_id === null ? null : Number(current.owner_id)) || (change.shared !== undefined && me.role !== 'admin'))
    throw current.owner_id === null || change.shared !== undefined
      ? onlyAdmins()
      : new ApiError(403, 'forbidden', 'This saved reply is not yours to change.');
  const now = services.clock.now();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('saved_replies')
      .set({
        ...(change.title !== undefined ? { title: change.title } : {}),
        ...(change.body !== undefined ? { body: change.body } : {}),
        // Making a shared reply one's own gives it to the admin making the change.
        ...(change.shared !== undefined ? { owner_id: change.shared ? null : (current.owner_id ?? me.id) } : {}),
        updated_at: now.toISOString(),
      })
      .where('id', '=', id)
      .execute();
    if (change.removeFiles?.length) {
      const removed = await trx
        .deleteFrom('saved_reply_files')
        .where('saved_reply_id', '=', id)
        .where('id', 'in', change.removeFiles)
        .executeTakeFirst();
      if (Number(removed.numDeletedRows) !== change.removeFiles.length)
        throw validationError({ removeFiles: 'names a file this saved reply does not have' });
    }
    await addFiles(trx, id, change.attachments ?? [], now, 'attachments');
    const { n } = await trx
      .selectFrom('saved_reply_files')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('saved_reply_id', '=', id)
      .executeTakeFirstOrThrow();
    if (Number(n) > MAX_SAVED_REPLY_FILES)
      throw validationError({ attachments: `a saved reply has at most ${MAX_SAVED_REPLY_FILES} files: remove some first` });
  });
  return savedReply(services, me, id);
}

export async function deleteSavedReply(services: Services, me: Me, id: number): Promise<void> {
  const { db } = services.store;
  const current = await row(db, me, id);
  if (!mayEdit(me, current.owner_id === null ? null : Number(current.owner_id)))
    throw current.owner_id === null ? onlyAdmins() : new ApiError(403, 'forbidden', 'This saved reply is not yours to delete.');
  await db.deleteFrom('saved_replies').where('id', '=', id).execute();
}

/** The values of the placeholders for one ticket, each one line of plain text. */
async function placeholderValues(services: Services, me: Me, reference: string): Promise<PlaceholderValues> {
  const { db } = services.store;
  const ticket = await ticketByReference(db, reference);
  const now = services.clock.now();
  const terms = await ticketTerms(db, services.policy, ticket);
  const due = slaStanding(ticket, terms, now).nextDue;
  const site = await services.sites.get(ticket.site_key);
  const name = placeholderValue(ticket.requester_name);
  return {
    'requester.name': name,
    'requester.firstName': name.split(' ')[0] ?? '',
    'requester.email': placeholderValue(ticket.requester_email, 254),
    'ticket.reference': referenceFor(ticket.id),
    'ticket.subject': placeholderValue(ticket.subject),
    'ticket.due': due ? formatDueTime(new Date(due.at), terms.calendar, 'en-GB', now) : '',
    'site.name': placeholderValue(site?.name ?? ticket.site_key),
    'agent.name': placeholderValue(me.name),
  };
}

/** The reply as it will read on this ticket: placeholders filled; its files, to attach. */
export async function fillSavedReply(services: Services, me: Me, id: number, reference: string): Promise<SavedReplyFilled> {
  const reply = await savedReply(services, me, id);
  const values = await placeholderValues(services, me, reference);
  const { text, used } = fillPlaceholders(reply.body, values);
  return { id: reply.id, title: reply.title, body: text, files: reply.files, empty: used.filter((name) => values[name] === '') };
}

/** Before a message's transaction: 422 naming each of `fileIds` that is no file of a saved reply `me` can use. */
export async function checkSavedReplyFiles(
  db: Kysely<Database>,
  me: Me,
  fileIds: number[],
  savedReplyId: number | undefined,
): Promise<void> {
  if (savedReplyId !== undefined) {
    const found = await visibleTo(db, me).select('saved_replies.id').where('saved_replies.id', '=', savedReplyId).executeTakeFirst();
    if (!found) throw validationError({ savedReplyId: 'is not a saved reply you can use' });
  }
  if (!fileIds.length) return;
  const usable = await db
    .selectFrom('saved_reply_files')
    .innerJoin('saved_replies', 'saved_replies.id', 'saved_reply_files.saved_reply_id')
    .select('saved_reply_files.id')
    .where('saved_reply_files.id', 'in', fileIds)
    .where((eb) => eb.or([eb('saved_replies.owner_id', 'is', null), eb('saved_replies.owner_id', '=', me.id)]))
    .execute();
  const ok = new Set(usable.map((f) => Number(f.id)));
  const refused = fileIds.flatMap((id, i) => (ok.has(id) ? [] : [i]));
  if (refused.length)
    throw validationError(Object.fromEntries(refused.map((i) => [`savedReplyFiles.${i}`, 'is not a file of a saved reply you can use'])));
}

/**
 * In the message's transaction: copies the saved replies' files into the ticket's attachments (in
 * the order given) and counts the saved reply's use. Answers how many files it attached.
 */
export async function useSavedReply(
  trx: Transaction<Database>,
  use: { savedReplyId?: number; fileIds: number[] },
  target: { ticketId: number; messageId: number },
  at: string,
): Promise<number> {
  if (use.savedReplyId !== undefined)
    await trx
      .updateTable('saved_replies')
      .set((eb) => ({ uses: eb('uses', '+', 1), last_used_at: at }))
      .where('id', '=', use.savedReplyId)
      .execute();
  for (const fileId of use.fileIds) await attachStoredFile(trx, 'saved_reply_files', fileId, target, at);
  return use.fileIds.length;
}
