/**
 * Domain events of the ticket lifecycle, and the bus that hands them to subscribers. The code
 * that changes a ticket (tickets/, chat/ for a chat's own states) emits; whatever has to happen
 * because of the change — mails, live updates, later escalation, webhooks, reports — subscribes
 * (mail/subscribers.ts, inbox/subscribers.ts, chat/subscribers.ts, registered in app.ts), so the
 * lifecycle never imports them.
 *
 * Two kinds of subscriber:
 * - in the transaction (`inTransaction`): runs at emit time with the change's own transaction,
 *   for what must commit with it or not at all (the outbox mails). Its failure fails the change.
 * - after the commit (`afterCommit`): runs once the transaction committed, never after a
 *   rollback, for what tells the world (live streams, the outbox worker's kick). Its failure is
 *   logged and is not the caller's: the change did happen.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { CreateTicketInput } from './schema.ts';
import type { EscalationTrigger } from '#content/policy-schema.ts';
import type { SlaTarget } from '../sla/records.ts';
import type { MessageArticle } from './message-articles.ts';

/** Who wrote a requester's message: each way in runs the same rule (tickets/messages.ts). */
export type RequesterChannel = 'api' | 'mail' | 'status_page' | 'chat' | 'portal';

export type TicketEvent =
  | {
      type: 'ticket.created';
      ticketId: number;
      reference: string;
      /** The ticket as submitted (validated). */
      input: CreateTicketInput;
      /** The first-response sentence the requester was shown. */
      dueSentence: string;
      /**
       * The requester's token, known only now (the store keeps its hash): for the confirmation's
       * status-page link. A subscriber never stores or sends it except sealed (mail/sealed-secret.ts).
       */
      requesterToken: string;
    }
  | { type: 'ticket.requester_replied'; ticketId: number; messageId: number; via: RequesterChannel; attachments: number }
  | {
      type: 'ticket.agent_replied';
      ticketId: number;
      messageId: number;
      /** The agent's account name, for agents; requesters see the display name (tickets/conversation.ts). */
      agentName: string;
      body: string;
      internal: boolean;
      inLiveChat: boolean;
      /** When it was written. */
      at: string;
      /**
       * Where the next-reply clock this reply stops started (the ticket's `reply_from` before the
       * reply cleared it); null when no reply was owed. The SLA outcomes judge the reply by it.
       */
      replyFrom: string | null;
      /** Knowledge-base articles the message links to (shown as cards). */
      articles: MessageArticle[];
      /** Files the message carries (its attachments rows). */
      attachments: number;
    }
  | { type: 'ticket.status_changed'; ticketId: number; from: string; to: string; note?: string; by: 'agent' | 'requester' }
  | { type: 'ticket.severity_changed'; ticketId: number; from: string; to: string }
  | { type: 'ticket.assigned'; ticketId: number; agentId: number | null }
  | { type: 'ticket.time_logged'; ticketId: number; minutes: number; rate: string }
  | { type: 'ticket.called'; ticketId: number; outcome: string }
  /** A key contact approved or declined billable work a member asked for (portal/approvals.ts). */
  | { type: 'ticket.approval_decided'; ticketId: number; decision: 'approved' | 'declined'; by: string; note: string | null }
  /** The chat ended: the requester left, or the ticket was solved or closed during it. */
  | { type: 'chat.ended'; ticketId: number; by: 'requester' | 'status' }
  /** No agent took the chat in time: it goes on by email, with this transcript. */
  | { type: 'chat.missed'; ticketId: number; transcript: string }
  /** `percent` of a target's business time has elapsed (escalation.warnAtPercent); recorded once per due time. */
  | { type: 'sla.warning'; ticketId: number; target: SlaTarget; dueAt: string; percent: number }
  /** A target's due time passed with the target not met; recorded once per due time. */
  | { type: 'sla.missed'; ticketId: number; target: SlaTarget; dueAt: string }
  /**
   * The ticket went to an escalation level: by the sweeper (a missed target, or the previous level
   * not moving it for the level's `afterWorkingHours`) or because the requester asked (`requested`,
   * `complaint`). `contact` is resolved (never "site-crm").
   */
  | {
      type: 'ticket.escalated';
      ticketId: number;
      level: number;
      role: string;
      contact: string;
      trigger: EscalationTrigger;
      reason: string | null;
      by: 'sweeper' | 'requester';
    };

export type TicketEventType = TicketEvent['type'];
export type EventOf<K extends TicketEventType> = Extract<TicketEvent, { type: K }>;

/** What a subscriber listens to: one event type, several, or every one ('*'). */
export type Selector<K extends TicketEventType> = K | readonly K[] | '*';

export type InTransactionSubscriber<K extends TicketEventType> = (event: EventOf<K>, trx: Transaction<Database>) => void | Promise<void>;
export type AfterCommitSubscriber<K extends TicketEventType> = (event: EventOf<K>) => void | Promise<void>;

/** Emits an event from inside `TicketEvents.transaction`; resolves once every in-transaction subscriber ran. */
export type Emit = (event: TicketEvent) => Promise<void>;

interface Entry<H> {
  accepts(type: TicketEventType): boolean;
  handler: H;
}

type AnyInTransaction = (event: TicketEvent, trx: Transaction<Database>) => void | Promise<void>;
type AnyAfterCommit = (event: TicketEvent) => void | Promise<void>;

function selects(selector: Selector<TicketEventType>): (type: TicketEventType) => boolean {
  if (selector === '*') return () => true;
  const types = new Set<string>(typeof selector === 'string' ? [selector] : selector);
  return (type) => types.has(type);
}

export class TicketEvents {
  readonly #inTransaction: Array<Entry<AnyInTransaction>> = [];
  readonly #afterCommit: Array<Entry<AnyAfterCommit>> = [];
  readonly #running = new Set<Promise<void>>();
  readonly #log: (entry: Record<string, unknown>) => void;

  constructor(log: (entry: Record<string, unknown>) => void) {
    this.#log = log;
  }

  /** Runs `handler` inside the emitting transaction, in registration order. Returns the unsubscribe. */
  inTransaction<K extends TicketEventType>(selector: Selector<K>, handler: InTransactionSubscriber<K>): () => void {
    return add(this.#inTransaction, { accepts: selects(selector), handler: handler as AnyInTransaction });
  }

  /** Runs `handler` once the emitting transaction committed, in registration order. Returns the unsubscribe. */
  afterCommit<K extends TicketEventType>(selector: Selector<K>, handler: AfterCommitSubscriber<K>): () => void {
    return add(this.#afterCommit, { accepts: selects(selector), handler: handler as AnyAfterCommit });
  }

  /**
   * Runs `work` in one transaction of `db`. Events it emits reach the in-transaction subscribers
   * at once, inside it (a subscriber's failure rolls everything back), and the after-commit ones
   * only when it committed.
   */
  async transaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>, emit: Emit) => Promise<T>): Promise<T> {
    const emitted: TicketEvent[] = [];
    let open = true;
    const result = await db.transaction().execute(async (trx) => {
      const emit: Emit = async (event) => {
        if (!open) throw new Error(`${event.type} emitted after its transaction ended: await emit() inside the work`);
        for (const { accepts, handler } of this.#inTransaction) if (accepts(event.type)) await handler(event, trx);
        emitted.push(event);
      };
      try {
        return await work(trx, emit);
      } finally {
        open = false;
      }
    });
    for (const event of emitted) this.#announce(event);
    return result;
  }

  /** Resolves once every after-commit subscriber started so far has finished (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.#running.size) await Promise.all([...this.#running]);
  }

  #announce(event: TicketEvent): void {
    for (const { accepts, handler } of [...this.#afterCommit]) {
      if (!accepts(event.type)) continue;
      try {
        const result = handler(event);
        if (result instanceof Promise) {
          const running: Promise<void> = result.catch((error) => this.#failed(event, error)).finally(() => this.#running.delete(running));
          this.#running.add(running);
        }
      } catch (error) {
        this.#failed(event, error);
      }
    }
  }

  #failed(event: TicketEvent, error: unknown): void {
    this.#log({
      level: 'error',
      msg: 'an after-commit subscriber failed; the change itself was committed',
      event: event.type,
      ticketId: event.ticketId,
      error: (error as Error)?.message ?? String(error),
    });
  }
}

function add<H>(list: Array<Entry<H>>, entry: Entry<H>): () => void {
  list.push(entry);
  return () => {
    const at = list.indexOf(entry);
    if (at >= 0) list.splice(at, 1);
  };
}
