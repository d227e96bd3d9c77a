/**
 * The SLA sweeper: every HELPWAY_SLA_POLL_MS it looks at the tickets whose `sla_check_at` has come
 * (tickets/dues.ts sets it to "now" whenever due times change, and to null while the clocks stop)
 * and, from the due times current at that moment, on the ticket's own terms:
 *
 * - a target at its warning share (escalation.warnAtPercent of its business time) → `sla.warning`;
 * - a target past due → `sla.missed`, and an escalation to the first level whose `on` names
 *   `<target>_missed` → `ticket.escalated`;
 * - a ticket escalated to level N that has not moved (no reply to the requester, no status
 *   change) for level N+1's `afterWorkingHours` → `ticket.escalated` to N+1, with the same trigger.
 *
 * Then it stores when the ticket next needs a look (the earliest warning share, due time or chain
 * step still ahead), so a round reads only the tickets that need one, through the partial index
 * on `sla_check_at` (migration 0013), never the closed or quiet ones.
 *
 * Exactly once: each ticket is handled in one transaction that records (sla/records.ts
 * `recordOnce`) and emits only when the record is new, so mails and webhooks follow once. With
 * several processes on PostgreSQL, the ticket's row is taken `FOR UPDATE SKIP LOCKED` and its
 * `sla_check_at` re-read inside the transaction: a process skips a ticket another one is on, and
 * finds it rescheduled once that one committed. See docs/architecture.md ("SLA sweeper").
 */
import type { Transaction } from 'kysely';
import type { Services } from '../http/env.ts';
import type { Database, TicketRow } from '../store/schema.ts';
import { RUNNING_STATUSES, ticketClocks } from '../tickets/dues.ts';
import type { Emit } from '../tickets/events.ts';
import type { EscalationTrigger } from '#content/policy-schema.ts';
import { addBusinessMinutes } from './business-time.ts';
import { recordOnce, type SlaTarget } from './records.ts';
import type { PauseInterval } from './targets.ts';
import type { SlaTerms } from './terms.ts';
import { nextAfter, readClock, runningClocks } from './watch.ts';
import { Poller } from '../jobs/poller.ts';

/** What one sweep did. */
export interface SweepReport {
  /** Tickets looked at. */
  checked: number;
  warned: number;
  missed: number;
  escalated: number;
}

/** Tickets per query; a sweep goes on until none is left whose look is due. */
const BATCH = 500;
/** A ticket whose look failed is tried again this much later, so it cannot hold up the others. */
const RETRY_MS = 3_600_000;

/** One sweep at the services' clock. Safe to run in several processes at once. */
export async function sweepSla(services: Services): Promise<SweepReport> {
  const { db } = services.store;
  const now = services.clock.now();
  const at = now.toISOString();
  const report: SweepReport = { checked: 0, warned: 0, missed: 0, escalated: 0 };
  for (;;) {
    const due = await db
      .selectFrom('tickets')
      .select('id')
      .where('sla_check_at', '<=', at)
      .where('status', 'in', RUNNING_STATUSES)
      .orderBy('sla_check_at')
      .limit(BATCH)
      .execute();
    let handled = 0;
    for (const { id } of due) {
      try {
        if (await sweepTicket(services, Number(id), now, report)) handled++;
      } catch (error) {
        services.log({
          level: 'error',
          msg: 'SLA sweep of a ticket failed; it is tried again later',
          ticketId: Number(id),
          error: (error as Error).message,
        });
        await db
          .updateTable('tickets')
          .set({ sla_check_at: new Date(now.getTime() + RETRY_MS).toISOString() })
          .where('id', '=', Number(id))
          .execute();
      }
    }
    // Fewer than a batch: that was all. None handled: the rest are another process's right now.
    if (due.length < BATCH || handled === 0) return report;
  }
}

/** Looks at one ticket; false when it was not this process's to look at (taken, or rescheduled). */
async function sweepTicket(services: Services, id: number, now: Date, report: SweepReport): Promise<boolean> {
  const { db, dialect } = services.store;
  const at = now.toISOString();
  return services.events.transaction(db, async (trx, emit) => {
    let query = trx
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', id)
      .where('sla_check_at', '<=', at)
      .where('status', 'in', RUNNING_STATUSES);
    if (dialect === 'postgres') query = query.forUpdate().skipLocked();
    const row = await query.executeTakeFirst();
    if (!row) return false;
    report.checked++;
    const { terms, pauses } = await ticketClocks(trx, services.policy, row);
    const ahead: Array<Date | null> = [];
    for (const clock of runningClocks(row)) {
      const reading = readClock(terms.calendar, clock, pauses, now, terms.escalation.warnAtPercent);
      ahead.push(reading.warnAt, reading.due);
      const dueAt = reading.due.toISOString();
      if (reading.state === 'warn') {
        const record = { kind: 'warned', target: clock.target, dueAt } as const;
        if ((await recordOnce(trx, id, record, { actor: 'sweeper', now })) !== null) {
          report.warned++;
          await emit({ type: 'sla.warning', ticketId: id, target: clock.target, dueAt, percent: terms.escalation.warnAtPercent });
        }
      } else if (reading.state === 'missed') {
        // Past due without a warning (e.g. the due moved into the past): the miss says it all.
        if ((await recordOnce(trx, id, { kind: 'missed', target: clock.target, dueAt }, { actor: 'sweeper', now })) !== null) {
          report.missed++;
          await emit({ type: 'sla.missed', ticketId: id, target: clock.target, dueAt });
          report.escalated += await escalateMiss(trx, emit, terms, id, clock.target, dueAt, now);
        }
      }
    }
    const chain = await escalateChain(trx, emit, terms, row, pauses, now);
    report.escalated += chain.escalated;
    ahead.push(chain.next);
    const next = nextAfter(now, ahead);
    await trx
      .updateTable('tickets')
      .set({ sla_check_at: next?.toISOString() ?? null })
      .where('id', '=', id)
      .execute();
    return true;
  });
}

/** A missed target goes to the first level whose `on` names it; returns how many escalations that made (0 or 1). */
async function escalateMiss(
  trx: Transaction<Database>,
  emit: Emit,
  terms: SlaTerms,
  ticketId: number,
  target: SlaTarget,
  dueAt: string,
  now: Date,
): Promise<number> {
  const trigger = `${target}_missed` as EscalationTrigger;
  const level = [...terms.escalation.levels].sort((a, b) => a.level - b.level).find((l) => l.on.includes(trigger));
  if (!level) return 0;
  const record = {
    kind: 'escalated',
    level: level.level,
    role: level.role,
    contact: level.contact,
    trigger,
    target,
    dueAt,
    reason: null,
  } as const;
  if ((await recordOnce(trx, ticketId, record, { actor: 'sweeper', now })) === null) return 0;
  await emit({
    type: 'ticket.escalated',
    ticketId,
    level: level.level,
    role: level.role,
    contact: level.contact,
    trigger,
    reason: null,
    by: 'sweeper',
  });
  return 1;
}

/**
 * Up the matrix: while the ticket's latest escalation (to level N, by the sweeper or the
 * requester) has not moved it for level N+1's `afterWorkingHours`, it goes to N+1 with the
 * original trigger. Returns the escalations made and when the next step would be due.
 */
async function escalateChain(
  trx: Transaction<Database>,
  emit: Emit,
  terms: SlaTerms,
  row: TicketRow,
  pauses: ReadonlyArray<PauseInterval>,
  now: Date,
): Promise<{ escalated: number; next: Date | null }> {
  const closed = pauses.map(([from, to]): [Date, Date] => [from, to ?? now]);
  const levels = [...terms.escalation.levels].sort((a, b) => a.level - b.level);
  let escalated = 0;
  for (;;) {
    const last = await trx
      .selectFrom('sla_records')
      .select(['id', 'level', 'trigger', 'target', 'due_at', 'created_at'])
      .where('ticket_id', '=', row.id)
      .where('kind', '=', 'escalated')
      .orderBy('level', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (!last || last.level === null) return { escalated, next: null };
    const from = Number(last.level);
    const up = levels.find((l) => l.level > from);
    if (!up || up.afterWorkingHours === null) return { escalated, next: null };
    const since = new Date(last.created_at);
    const stepAt = addBusinessMinutes(terms.calendar, since, up.afterWorkingHours * 60, closed);
    if (stepAt.getTime() > now.getTime()) return { escalated, next: stepAt };
    if (await movedSince(trx, row.id, last.created_at)) return { escalated, next: null };
    const trigger = last.trigger as EscalationTrigger;
    const reason = `Not moved for ${up.afterWorkingHours} working hours after escalation to level ${from}.`;
    const record = {
      kind: 'escalated',
      level: up.level,
      role: up.role,
      contact: up.contact,
      trigger,
      target: last.target as SlaTarget | null,
      dueAt: last.due_at,
      reason,
    } as const;
    // Keyed by the escalation it follows: one step up from each, whichever process gets there.
    if ((await recordOnce(trx, row.id, record, { actor: 'sweeper', now, distinct: `after:${last.id}` })) === null)
      return { escalated, next: null };
    escalated++;
    await emit({
      type: 'ticket.escalated',
      ticketId: row.id,
      level: up.level,
      role: up.role,
      contact: up.contact,
      trigger,
      reason,
      by: 'sweeper',
    });
  }
}

/** Whether the ticket moved since `since`: a reply to the requester, or a status change. */
async function movedSince(trx: Transaction<Database>, ticketId: number, since: string): Promise<boolean> {
  const reply = await trx
    .selectFrom('ticket_messages')
    .select('id')
    .where('ticket_id', '=', ticketId)
    .where('author', '=', 'agent')
    .where('internal', '=', 0)
    .where('created_at', '>', since)
    .executeTakeFirst();
  if (reply) return true;
  const status = await trx
    .selectFrom('ticket_status_history')
    .select('id')
    .where('ticket_id', '=', ticketId)
    .where('at', '>', since)
    .executeTakeFirst();
  return Boolean(status);
}

/**
 * Runs `sweepSla` every `pollMs` from server start (server.ts). One sweep at a time per process;
 * `sweepOnce()` runs one now (tests, after moving their clock), after any in progress.
 */
export class SlaSweeper {
  readonly #services: () => Services;
  #pollMs = 15_000;
  readonly #poller: Poller<SweepReport>;

  constructor(services: () => Services) {
    this.#services = services;
    this.#poller = new Poller({
      name: 'SLA sweep',
      round: () => sweepSla(this.#services()),
      delayMs: () => this.#pollMs,
      log: (entry) => this.#services().log(entry),
    });
  }

  async sweepOnce(): Promise<SweepReport> {
    return (await this.#poller.runOnce()) ?? { checked: 0, warned: 0, missed: 0, escalated: 0 };
  }

  run(pollMs: number): void {
    this.#pollMs = pollMs;
    this.#poller.start(pollMs);
  }

  /** No more sweeps; resolves once the one in progress ended. */
  stop(): Promise<void> {
    return this.#poller.stop();
  }
}
