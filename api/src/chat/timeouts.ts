/**
 * A chat no agent picks up within HELPWAY_CHAT_TIMEOUT_SECONDS becomes an ordinary ticket answered
 * by email: its state turns "missed" (`chat.missed`: the requester is mailed the transcript).
 */
import type { Services } from '../http/env.ts';

export async function sweepChats(services: Services): Promise<number> {
  const { db } = services.store;
  const cutoff = new Date(services.clock.now().getTime() - services.config.escalation.chatTimeoutSeconds * 1000).toISOString();
  const waiting = await db
    .selectFrom('tickets')
    .select(['id', 'description'])
    .where('chat_state', '=', 'waiting')
    .where('created_at', '<=', cutoff)
    .execute();
  let missed = 0;
  for (const row of waiting) {
    // Conditional update: with two processes only one of them mails; state and mail commit together.
    const changed = await services.events.transaction(db, async (trx, emit) => {
      const result = await trx
        .updateTable('tickets')
        .set({ chat_state: 'missed', updated_at: services.clock.now().toISOString() })
        .where('id', '=', row.id)
        .where('chat_state', '=', 'waiting')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      const messages = await trx
        .selectFrom('ticket_messages')
        .select(['author', 'body'])
        .where('ticket_id', '=', row.id)
        .where('internal', '=', 0)
        .orderBy('id')
        .execute();
      const transcript = [
        `You: ${row.description}`,
        ...messages.map((m) => `${m.author === 'requester' ? 'You' : 'Support'}: ${m.body}`),
      ].join('\n');
      await emit({ type: 'chat.missed', ticketId: row.id, transcript });
      return true;
    });
    if (changed) missed++;
  }
  return missed;
}
