/**
 * Copies a file already stored in the database (a pending upload, a saved reply's file) into a
 * ticket's attachments with one INSERT … SELECT, so its bytes never pass through the process.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';

/** The tables whose rows carry a whole file: name, type, size, hash and bytes. */
export type StoredFileTable = 'uploads' | 'saved_reply_files';

export async function attachStoredFile(
  trx: Transaction<Database>,
  from: StoredFileTable,
  fileId: number,
  target: { ticketId: number; messageId: number | null },
  at: string,
): Promise<void> {
  await trx
    .insertInto('attachments')
    .columns(['ticket_id', 'message_id', 'filename', 'content_type', 'size', 'sha256', 'data', 'created_at'])
    .expression(
      trx
        .selectFrom(from)
        .select([
          sql<number>`cast(${target.ticketId} as integer)`.as('ticket_id'),
          sql<number | null>`cast(${target.messageId} as integer)`.as('message_id'),
          'filename',
          'content_type',
          'size',
          'sha256',
          'data',
          sql<string>`cast(${at} as text)`.as('created_at'),
        ])
        .where('id', '=', fileId),
    )
    .execute();
}
