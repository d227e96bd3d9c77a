/**
 * Work that runs inside a change's transaction (the in-transaction subscribers of ticket events)
 * reads through that transaction, never through the app's own connection or caches: on SQLite
 * the transaction holds the one connection, so a read that waits for another would wait forever,
 * and every later request behind it (the server stops answering). Under load this happened when
 * the site directory's two-second cache ran out between a ticket's validation and its
 * transaction. Here the cache is emptied inside the transaction, so any such read would hang.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachStore, post, validTicket } from '../api/helpers.ts';
import { withAdmin } from '../inbox/support.ts';
import type { TestServer } from '../support/api-server.ts';
import { ticketSchemas, type CreateTicketInput } from '../../api/src/tickets/schema.ts';
import { idFromReference } from '../../api/src/tickets/reference.ts';

/** Resolves with `work`'s outcome, or with "still waiting" after `ms`: a hang fails the test instead of the run. */
async function within<T>(ms: number, work: Promise<T>): Promise<T | 'still waiting'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still waiting'>((resolve) => (timer = setTimeout(() => resolve('still waiting'), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

forEachStore('In-transaction work reads through its transaction', (target) => {
  let server: TestServer;
  before(async () => {
    server = await target.start(withAdmin());
  });
  after(() => server?.stop());

  for (const type of ['request', 'query'] as const) {
    it(`runs every ticket.created subscriber of a ${type} while the site directory must be reloaded`, async () => {
      const body = validTicket({ type, fields: type === 'request' ? { desiredChange: 'Add the H5P plugin' } : undefined });
      const filed = await post(server.url, '/api/tickets', body);
      assert.equal(filed.status, 201, filed.text);
      const { services } = server.running;
      const input = ticketSchemas(services.policy).CreateTicket.parse(body) as unknown as CreateTicketInput;
      const outcome = await within(
        5000,
        services.events.transaction(services.store.db, async (_trx, emit) => {
          services.sites.invalidate();
          await emit({
            type: 'ticket.created',
            ticketId: idFromReference(filed.body.reference)!,
            reference: filed.body.reference,
            input,
            dueSentence: filed.body.sla.sentence,
            requesterToken: filed.body.token,
          });
          return 'committed';
        }),
      );
      assert.equal(outcome, 'committed', 'a subscriber waited for a connection the transaction holds');
      // The server still answers.
      assert.equal((await post(server.url, '/api/tickets', validTicket())).status, 201);
    });
  }
});
