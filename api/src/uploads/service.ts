/**
 * Pending uploads: a file is checked and stored on its own, the client gets an opaque upload id
 * (random; only its hash is stored), and a ticket or message then claims the file by that id, in
 * its own transaction, once, for the same site. Unclaimed files are pruned after a day.
 * Plain functions over the store; nothing here knows HTTP.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { type ApiError, validationError } from '../http/errors.ts';
import type { Services } from '../http/env.ts';
import type { Database } from '../store/schema.ts';
import { checkFile } from '../tickets/attachments.ts';
import { hashToken, newToken } from '../tickets/secrets.ts';
import { attachStoredFile } from './attach-stored.ts';
import { checkUploadVolume, type Uploader } from './volume.ts';
import type { AttachmentInfo, UploadCreated } from './shapes.ts';

/** How long an unclaimed upload waits for its ticket: a draft retried the next morning still works. */
export const UPLOAD_TTL_MS = 24 * 3_600_000;

/**
 * The client address as the uploads table keeps it, for counting: not in the clear, though an
 * IPv4 hash can be reversed by trying every address; rows go after a day.
 */
export function clientHash(address: string): string {
  return createHash('sha256').update(`upload-client\u0000${address}`).digest('hex').slice(0, 32);
}

/** Checks the bytes against the name, checks the hourly volume again with the real size, stores the file. */
export async function storeUpload(services: Services, uploader: Uploader, filename: string, data: Uint8Array): Promise<UploadCreated> {
  const { store, policy, clock, config } = services;
  const checked = checkFile(policy, filename, data);
  if ('problem' in checked) throw validationError({ [checked.problem.field]: checked.problem.message });
  const now = clock.now();
  await checkUploadVolume(store.db, config.uploadLimits, uploader, data.length, now);
  const id = `up_${newToken()}`;
  await store.db
    .insertInto('uploads')
    .values({
      token_hash: hashToken(id),
      site_key: uploader.site,
      client_hash: uploader.clientHash,
      filename,
      content_type: checked.ok.contentType,
      size: checked.ok.size,
      sha256: checked.ok.sha256,
      data,
      created_at: now.toISOString(),
      claimed_at: null,
    })
    .execute();
  const { contentType, size } = checked.ok;
  return { id, filename, contentType, size, expiresAt: new Date(now.getTime() + UPLOAD_TTL_MS).toISOString() };
}

/** The uploads waiting for `site` under these ids (expired, claimed and other sites' are not). */
function pending(db: Kysely<Database>, site: string, hashes: string[], now: Date) {
  return db
    .selectFrom('uploads')
    .where('token_hash', 'in', hashes)
    .where('site_key', '=', site)
    .where('claimed_at', 'is', null)
    .where('created_at', '>=', new Date(now.getTime() - UPLOAD_TTL_MS).toISOString());
}

function notPending(indexes: number[], field: string): ApiError {
  return validationError(
    Object.fromEntries(
      indexes.map((i) => [
        `${field}.${i}`,
        'is not an upload waiting for this site: upload the file again (an upload is kept for a day and attaches to one ticket)',
      ]),
    ),
  );
}

/**
 * Before the transaction: the files these ids name, in order, or 422 naming each id that is not
 * waiting for this site. Claiming happens later, in the ticket's transaction.
 */
export async function pendingUploads(
  db: Kysely<Database>,
  site: string,
  ids: string[],
  now: Date,
  field = 'attachments',
): Promise<AttachmentInfo[]> {
  if (!ids.length) return [];
  const hashes = ids.map(hashToken);
  const rows = await pending(db, site, hashes, now).select(['token_hash', 'filename', 'content_type', 'size']).execute();
  const byHash = new Map(rows.map((r) => [r.token_hash, r]));
  const missing = hashes.flatMap((h, i) => (byHash.has(h) ? [] : [i]));
  if (missing.length) throw notPending(missing, field);
  return hashes.map((h) => {
    const r = byHash.get(h)!;
    return { filename: r.filename, contentType: r.content_type, size: Number(r.size) };
  });
}

/**
 * In the claiming transaction: marks the uploads claimed (a concurrent claim of the same file
 * waits for this one and then finds nothing), copies their bytes into attachments inside the
 * database, in the order given, and empties the upload rows (they stay a day to count volume).
 */
export async function claimUploads(
  trx: Transaction<Database>,
  site: string,
  ids: string[],
  target: { ticketId: number; messageId: number | null },
  now: Date,
  field = 'attachments',
): Promise<void> {
  if (!ids.length) return;
  const hashes = ids.map(hashToken);
  const at = now.toISOString();
  const claimed = await trx
    .updateTable('uploads')
    .set({ claimed_at: at })
    .where('token_hash', 'in', hashes)
    .where('site_key', '=', site)
    .where('claimed_at', 'is', null)
    .where('created_at', '>=', new Date(now.getTime() - UPLOAD_TTL_MS).toISOString())
    .returning(['id', 'token_hash'])
    .execute();
  const idOf = new Map(claimed.map((r) => [r.token_hash, Number(r.id)]));
  const missing = hashes.flatMap((h, i) => (idOf.has(h) ? [] : [i]));
  if (missing.length) throw notPending(missing, field);
  for (const hash of hashes) await attachStoredFile(trx, 'uploads', idOf.get(hash)!, target, at);
  await trx
    .updateTable('uploads')
    .set({ data: new Uint8Array(0) })
    .where('id', 'in', [...idOf.values()])
    .execute();
}

/** Forgets uploads older than a day, claimed or not; returns how many. */
export async function pruneUploads(db: Kysely<Database>, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - UPLOAD_TTL_MS).toISOString();
  const result = await db.deleteFrom('uploads').where('created_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}

/**
 * In the claiming transaction, for files that belong to no site (an agent's saved reply): marks
 * the uploads claimed and hands their bytes to the caller, whatever site they were uploaded for
 * (holding the upload id is the claim), in the order given; 422 naming `field.N` for each id
 * that is not waiting. The upload rows are emptied like claimUploads does.
 */
export async function takeUploads(trx: Transaction<Database>, ids: string[], now: Date, field = 'attachments') {
  if (!ids.length) return [];
  const hashes = ids.map(hashToken);
  const claimed = await trx
    .updateTable('uploads')
    .set({ claimed_at: now.toISOString() })
    .where('token_hash', 'in', hashes)
    .where('claimed_at', 'is', null)
    .where('created_at', '>=', new Date(now.getTime() - UPLOAD_TTL_MS).toISOString())
    .returning(['id', 'token_hash', 'filename', 'content_type', 'size', 'sha256', 'data'])
    .execute();
  const byHash = new Map(claimed.map((r) => [r.token_hash, r]));
  const missing = hashes.flatMap((h, i) => (byHash.has(h) ? [] : [i]));
  if (missing.length)
    throw validationError(
      Object.fromEntries(
        missing.map((i) => [
          `${field}.${i}`,
          'is not an upload waiting to be used: upload the file again (an upload is kept for a day and is used once)',
        ]),
      ),
    );
  await trx
    .updateTable('uploads')
    .set({ data: new Uint8Array(0) })
    .where(
      'id',
      'in',
      claimed.map((r) => r.id),
    )
    .execute();
  return hashes.map((h) => {
    const { filename, content_type, size, sha256, data } = byHash.get(h)!;
    return { filename, content_type, size: Number(size), sha256, data };
  });
}
