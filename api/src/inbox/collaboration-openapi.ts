/** The inbox's routes for agents side by side (collaboration-routes.ts), in the OpenAPI route table. */
import { z } from 'zod';
import { bodyErrors, csrfHeader, error, type Operation } from '../openapi/operations.ts';
import { agentErrors } from './openapi.ts';
import { BulkInput } from './bulk.ts';
import { BulkResult } from './bulk-shapes.ts';
import { PresenceInput, TicketPresence } from './presence-shapes.ts';

export const collaborationOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/inbox/presence',
    operationId: 'inboxPresence',
    summary: 'Say which ticket this inbox tab shows, and whether a reply is being written there',
    description:
      'Every open inbox tab hears it as a `presence` event on its GET /api/inbox/events?tab= (data: `{"tickets": [{"reference", "agents": [{"id", "name", "state"}]}]}`, whole, after every change). A tab is on one ticket at a time; `ticket: null` takes it off. Its place lasts while its live stream (`/api/inbox/events?tab=` with the same id) is open, and HELPWAY_PRESENCE_SECONDS after that stream last checked in.',
    auth: 'agentSession',
    parameters: [csrfHeader],
    body: PresenceInput,
    responses: {
      '200': {
        description: 'Who is on that ticket now, the caller included (null when the tab left its ticket).',
        json: z.object({ presence: TicketPresence.nullable() }),
      },
      '404': error('No such ticket.'),
      ...agentErrors,
      ...bodyErrors,
    },
  },
  {
    method: 'post',
    path: '/api/inbox/tickets/bulk',
    operationId: 'inboxBulk',
    summary: 'Assign, set the status or severity of, or add an internal note to many tickets at once',
    description:
      'Each ticket is changed as by its own single action (…/assignee, …/status, …/severity, …/notes): due times, mails, webhooks and live updates follow per ticket. A ticket that cannot be changed (no such ticket) is reported in `results` and does not stop the others.',
    auth: 'agentSession',
    parameters: [csrfHeader],
    body: BulkInput,
    responses: {
      '200': { description: 'Per ticket: changed, or why not.', json: BulkResult },
      ...agentErrors,
      ...bodyErrors,
    },
  },
];
