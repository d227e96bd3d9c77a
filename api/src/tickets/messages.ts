/**
 * The requester adds a message: one rule for every way in (the API, a mail reply, the status
 * page's form, the chat). In one transaction: the message (and the files it claims), then a
 * ticket waiting on the requester (pending) or solved opens again, with its status-history row
 * and due times recomputed so the SLA clock runs again (and, after the first response, the
 * next-reply clock starts), then the events. Either all of it
 * commits or none of it.
 */
import type { Services } from '../http/env.ts';
import type { TicketRow } from '../store/schema.ts';
import { claimUploads, pendingUploads } from '../uploads/service.ts';
import type { AttachmentInfo } from '../uploads/shapes.ts';
import { recomputeDues, RUNNING_STATUSES } from './dues.ts';
import type { RequesterChannel } from './events.ts';

export interface RequesterMessage {
  body: string;
  via: RequesterChannel;
  /** Upload ids (POST /api/uploads) the message claims. */
  attachments?: string[];
  /** Came by mail without a passing SPF/DKIM/DMARC verdict for its From (mail/sender-auth.ts). */
  unverifiedSender?: boolean;
}

export interface RequesterMessageAdded {
  id: number;
  createdAt: string;
  attachments: AttachmentInfo[];
  /** The status the ticket reopened from, if it did. */
  reopenedFrom: string | null;
}

/** Statuses a requester's message ends: the ticket is the team's turn again. */
const REOPENED_BY_REPLY = ['pending', 'solved'];

/** A requester's message on `ticket`, already authorised (tickets/access.ts) by whichever way it came. */
export async function addRequesterMessage(
  services: Services,
  ticket: Pick<TicketRow, 'id' | 'site_key'>,
  message: RequesterMessage,
): Promise<RequesterMessageAdded> {
  const { db } = services.store;
  const now = services.clock.now();
  const at = now.toISOString();
  const uploads = message.attachments ?? [];
  // Before the transaction: files that cannot be claimed are a 422 naming them, with nothing written.
  const files = await pendingUploads(db, ticket.site_key, uploads, now);
  return services.events.transaction(db, async (trx, emit) => {
    const inserted = await trx
      .insertInto('ticket_messages')
      .values({
        ticket_id: ticket.id,
        author: 'requester',
        body: message.body,
        created_at: at,
        internal: 0,
        agent_id: null,
        unverified_sender: message.unverifiedSender ? 1 : 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(inserted.id);
    await claimUploads(trx, ticket.site_key, uploads, { ticketId: ticket.id, messageId: id }, now);
    const current = await trx.selectFrom('tickets').selectAll().where('id', '=', ticket.id).executeTakeFirstOrThrow();
    let reopenedFrom: string | null = null;
    if (REOPENED_BY_REPLY.includes(current.status)) {
      // Conditional: an agent's status change that committed meanwhile wins, and is not undone.
      const changed = await trx
        .updateTable('tickets')
        .set({ status: 'open', resolved_at: null, updated_at: at })
        .where('id', '=', ticket.id)
        .where('status', '=', current.status)
        .executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 1) {
        reopenedFrom = current.status;
        await trx
          .insertInto('ticket_status_history')
          .values({ ticket_id: ticket.id, status: 'open', note: 'requester replied', at })
          .execute();
      }
    }
    // After the first response, a requester's message owes them a reply (the next-reply target);
    // the clock runs from the first message not yet answered, so later ones do not move it.
    const running = reopenedFrom !== null || (RUNNING_STATUSES as readonly string[]).includes(current.status);
    const replyFrom = running && current.first_responded_at !== null && current.reply_from === null ? at : current.reply_from;
    if (reopenedFrom || replyFrom !== current.reply_from) {
      const dues = await recomputeDues(trx, services.policy, { ...current, reply_from: replyFrom }, current.severity, now);
      await trx
        .updateTable('tickets')
        .set({ ...dues, reply_from: replyFrom, updated_at: at })
        .where('id', '=', ticket.id)
        .execute();
    } else {
      await trx.updateTable('tickets').set({ updated_at: at }).where('id', '=', ticket.id).execute();
    }
    await emit({ type: 'ticket.requester_replied', ticketId: ticket.id, messageId: id, via: message.via, attachments: files.length });
    if (reopenedFrom) await emit({ type: 'ticket.status_changed', ticketId: ticket.id, from: reopenedFrom, to: 'open', by: 'requester' });
    return { id, createdAt: at, attachments: files, reopenedFrom };
  });
}
