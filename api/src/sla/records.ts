/**
 * The SLA timeline of a ticket: each warning ("warned"), missed target ("missed") and escalation
 * ("escalated"), written once. The sweeper (warnings, misses, escalations up the matrix) and the
 * requester's escalate endpoint record here inside the transaction that emits the matching domain
 * event (`sla.warning`, `sla.missed`, `ticket.escalated` in tickets/events.ts), and act only when
 * `recordOnce` says the row is new: with several API processes on one database, the unique
 * once_key lets exactly one of them act.
 */
import type { Kysely } from 'kysely';
import type { EscalationTrigger } from '#content/policy-schema.ts';
import type { Database } from '../store/schema.ts';

/** The targets a ticket's SLA clock runs against. */
export const SLA_TARGETS = ['response', 'resolution', 'reply'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

export type SlaRecord =
  | { kind: 'warned'; target: SlaTarget; dueAt: string }
  | { kind: 'missed'; target: SlaTarget; dueAt: string }
  | {
      kind: 'escalated';
      level: number;
      role: string;
      contact: string;
      trigger: EscalationTrigger;
      /** The missed target's due time (sweeper), else null. */
      target: SlaTarget | null;
      dueAt: string | null;
      reason: string | null;
    };

/**
 * What makes two records "the same" (so only the first is kept): a warning or miss per ticket,
 * target and due time; an escalation per ticket, level, trigger and due time. A requester's
 * escalation carries no due time: its caller passes `distinct` (e.g. the working day it was asked
 * on) so that the limit it enforces is also the key.
 */
export function onceKey(ticketId: number, record: SlaRecord, distinct = ''): string {
  if (record.kind === 'escalated')
    return `${ticketId}:escalated:${record.level}:${record.trigger}:${record.target ?? ''}:${record.dueAt ?? ''}:${distinct}`;
  return `${ticketId}:${record.kind}:${record.target}:${record.dueAt}:${distinct}`;
}

/**
 * Records `record` for the ticket unless the same one is already there. Returns the new row's id,
 * or null when it existed (then the caller must not act: someone already did). Pass the open
 * transaction, so the record commits with the events and mails it causes.
 */
export async function recordOnce(
  db: Kysely<Database>,
  ticketId: number,
  record: SlaRecord,
  options: { actor: string; now: Date; distinct?: string },
): Promise<number | null> {
  const row = await db
    .insertInto('sla_records')
    .values({
      ticket_id: ticketId,
      kind: record.kind,
      target: record.target,
      due_at: record.dueAt,
      level: record.kind === 'escalated' ? record.level : null,
      role: record.kind === 'escalated' ? record.role : null,
      contact: record.kind === 'escalated' ? record.contact : null,
      trigger: record.kind === 'escalated' ? record.trigger : null,
      reason: record.kind === 'escalated' ? record.reason : null,
      actor: options.actor,
      once_key: onceKey(ticketId, record, options.distinct),
      created_at: options.now.toISOString(),
    })
    .onConflict((oc) => oc.column('once_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}

export interface SlaTimelineEntry {
  kind: 'warned' | 'missed' | 'escalated';
  target: SlaTarget | null;
  dueAt: string | null;
  level: number | null;
  role: string | null;
  contact: string | null;
  trigger: string | null;
  reason: string | null;
  actor: string;
  at: string;
}

/** A ticket's SLA timeline, oldest first. */
export async function slaTimeline(db: Kysely<Database>, ticketId: number): Promise<SlaTimelineEntry[]> {
  const rows = await db.selectFrom('sla_records').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
  return rows.map((r) => ({
    kind: r.kind as SlaTimelineEntry['kind'],
    target: r.target as SlaTarget | null,
    dueAt: r.due_at,
    level: r.level === null ? null : Number(r.level),
    role: r.role,
    contact: r.contact,
    trigger: r.trigger,
    reason: r.reason,
    actor: r.actor,
    at: r.created_at,
  }));
}

/** The highest level a ticket has been escalated to, and when (null: never escalated). */
export async function lastEscalation(db: Kysely<Database>, ticketId: number): Promise<{ level: number; at: string } | null> {
  const row = await db
    .selectFrom('sla_records')
    .select(['level', 'created_at'])
    .where('ticket_id', '=', ticketId)
    .where('kind', '=', 'escalated')
    .orderBy('level', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row && row.level !== null ? { level: Number(row.level), at: row.created_at } : null;
}
