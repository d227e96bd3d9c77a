/**
 * One change to many tickets at once, from the queue's selection: assign, set the status or the
 * severity, or add the same internal note. Each ticket goes through the very function a single
 * change does (tickets/agent-actions.ts), in a transaction of its own, so its due times, mails,
 * webhooks, SLA outcomes and live updates follow exactly as if the agent had changed it alone.
 * A ticket that cannot be changed does not stop the others: the answer says, per ticket, whether
 * it was and why not.
 */
import { z } from 'zod';
import { ApiError } from '../http/errors.ts';
import type { Services } from '../http/env.ts';
import { RowId } from '../store/ids.ts';
import { addAgentMessage, assign, changeSeverity, changeStatus, STATUSES, type Actor } from '../tickets/agent-actions.ts';
import type { BulkResult } from './bulk-shapes.ts';

/** Tickets one call may change: a long page of the queue, and a bound on one request's work. */
export const BULK_MAX = 100;

const Reference = z.string().regex(/^HW-\d{4,12}$/i, 'must be a ticket reference like HW-1042');

export const BulkInput = z.strictObject({
  references: z
    .array(Reference)
    .min(1, 'select at least one ticket')
    .max(BULK_MAX, `at most ${BULK_MAX} tickets at once`)
    .describe('The tickets to change, in the order to change them; a reference given twice counts once.'),
  action: z
    .discriminatedUnion(
      'type',
      [
        z.strictObject({ type: z.literal('assign'), agentId: RowId.nullable().describe('null: unassign.') }),
        z.strictObject({
          type: z.literal('status'),
          status: z.enum(STATUSES),
          note: z.string().trim().max(2000).optional().describe('Kept on each status change; mailed where a single change mails it.'),
        }),
        z.strictObject({ type: z.literal('severity'), severity: z.enum(['S1', 'S2', 'S3', 'S4']) }),
        z.strictObject({ type: z.literal('note'), body: z.string().trim().min(1, 'write something').max(20_000) }),
      ],
      { error: 'must be assign, status, severity or note' },
    )
    .describe('What to do to every ticket: `assign`, `status`, `severity` or an internal `note`.'),
});
export type BulkInput = z.output<typeof BulkInput>;

function change(services: Services, agent: Actor, reference: string, action: BulkInput['action']): Promise<unknown> {
  switch (action.type) {
    case 'assign':
      return assign(services, reference, action.agentId);
    case 'status':
      return changeStatus(services, reference, agent, action.status, action.note);
    case 'severity':
      return changeSeverity(services, reference, agent, action.severity);
    case 'note':
      return addAgentMessage(services, reference, agent, action.body, true);
  }
}

/** Applies `input.action` to each ticket in turn; refusals are per ticket, a bug still fails the request. */
export async function applyBulk(services: Services, agent: Actor, input: BulkInput): Promise<BulkResult> {
  const { action } = input;
  // An assignee who does not exist is wrong for every ticket alike: refused before any is touched.
  if (action.type === 'assign' && action.agentId !== null) {
    const exists = await services.store.db.selectFrom('agents').select('id').where('id', '=', action.agentId).executeTakeFirst();
    if (!exists) throw new ApiError(422, 'validation_failed', 'No agent has this id.', { 'action.agentId': 'is not an agent' });
  }
  const references = [...new Set(input.references.map((r) => r.toUpperCase()))];
  const results: BulkResult['results'] = [];
  for (const reference of references) {
    try {
      await change(services, agent, reference, action);
      results.push({ reference, ok: true });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      results.push({ reference, ok: false, error: { code: error.code, message: error.message } });
    }
  }
  const succeeded = results.filter((r) => r.ok).length;
  return { action: action.type, succeeded, failed: results.length - succeeded, results };
}
