/**
 * What open inboxes are told when a ticket is warned about, misses a target or is escalated
 * (`sla.warning`, `sla.missed`, `ticket.escalated`): one `sla` event per SLA timeline record
 * (sla/records.ts), its id the record's, so a reconnecting inbox (Last-Event-ID) gets the notices
 * it missed and never one twice. The live-update hub carries no data (chat/hub.ts): the stream
 * reads the records when the inbox topic fires, which inbox/subscribers.ts does after any commit.
 */
import type { Kysely } from 'kysely';
import type { LiveEvent } from '../chat/feed.ts';
import type { Database } from '../store/schema.ts';
import { referenceFor } from '../tickets/reference.ts';
import type { SlaNotice } from './shapes.ts';

/** At most this many notices per read: a stream far behind gets the rest on the next change. */
const MAX_NOTICES = 50;

/** The newest record's id (0 when none): a fresh inbox starts after it, with no backlog of old notices. */
export async function latestSlaRecordId(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('sla_records')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return row?.id == null ? 0 : Number(row.id);
}

/** `sla` events for the records after `after`, oldest first. */
export async function slaNoticesAfter(db: Kysely<Database>, after: number): Promise<LiveEvent[]> {
  const rows = await db
    .selectFrom('sla_records')
    .innerJoin('tickets', 'tickets.id', 'sla_records.ticket_id')
    .select([
      'sla_records.id',
      'sla_records.ticket_id',
      'sla_records.kind',
      'sla_records.target',
      'sla_records.level',
      'sla_records.role',
      'sla_records.trigger',
      'sla_records.created_at',
      'tickets.subject',
    ])
    .where('sla_records.id', '>', Math.max(after, 0))
    .orderBy('sla_records.id')
    .limit(MAX_NOTICES)
    .execute();
  return rows.map((r) => {
    const notice: SlaNotice = {
      reference: referenceFor(Number(r.ticket_id)),
      subject: r.subject,
      kind: r.kind as SlaNotice['kind'],
      target: r.target as SlaNotice['target'],
      level: r.level === null ? null : Number(r.level),
      role: r.role,
      trigger: r.trigger,
      at: r.created_at,
    };
    return { id: Number(r.id), event: 'sla', data: notice };
  });
}
