/**
 * Domain events of incidents and maintenance: an incident opened, an update posted (a status
 * change, resolution included), a maintenance window announced or cancelled (the SLA clocks of
 * its sites' tickets subscribe: sla/maintenance-dues.ts). The incident code emits; the mails to the team and to the people affected, and the
 * inboxes' re-read, subscribe (incident-mails.ts, registered in app.ts), so incidents.ts never
 * imports the mailer. Same two tiers as the ticket lifecycle (tickets/events.ts): mails commit
 * with the change, live updates follow the commit.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';

/** An incident opened, or an update posted on it. */
export type IncidentChange =
  | { type: 'incident.opened'; incidentId: number; updateId: number; auto: boolean }
  | { type: 'incident.updated'; incidentId: number; updateId: number; status: string };

/** A maintenance window announced or cancelled: `siteKey` null for an all-sites window. */
export interface MaintenanceChange {
  type: 'maintenance.changed';
  windowId: number;
  siteKey: string | null;
}

export type IncidentEvent = IncidentChange | MaintenanceChange;

type InTransaction = (event: IncidentEvent, trx: Transaction<Database>) => void | Promise<void>;
type AfterCommit = (event: IncidentEvent) => void | Promise<void>;

export class IncidentEvents {
  readonly #inTransaction: InTransaction[] = [];
  readonly #afterCommit: AfterCommit[] = [];
  readonly #log: (entry: Record<string, unknown>) => void;

  constructor(log: (entry: Record<string, unknown>) => void) {
    this.#log = log;
  }

  inTransaction(handler: InTransaction): void {
    this.#inTransaction.push(handler);
  }

  afterCommit(handler: AfterCommit): void {
    this.#afterCommit.push(handler);
  }

  /** Runs `work` in one transaction; what it emits reaches the after-commit subscribers only once it committed. */
  async transaction<T>(
    db: Kysely<Database>,
    work: (trx: Transaction<Database>, emit: (event: IncidentEvent) => Promise<void>) => Promise<T>,
  ): Promise<T> {
    const emitted: IncidentEvent[] = [];
    const result = await db.transaction().execute((trx) =>
      work(trx, async (event) => {
        for (const handler of this.#inTransaction) await handler(event, trx);
        emitted.push(event);
      }),
    );
    for (const event of emitted) {
      for (const handler of this.#afterCommit) {
        // The change happened: a failing notifier is logged, not the caller's error.
        Promise.resolve()
          .then(() => handler(event))
          .catch((error) =>
            this.#log({ level: 'error', msg: 'an incident subscriber failed', event: event.type, error: (error as Error).message }),
          );
      }
    }
    return result;
  }
}
