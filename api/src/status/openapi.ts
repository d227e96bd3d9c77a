/** Incidents, maintenance, the public status and the uptime statement in the OpenAPI route table (openapi/operations.ts). */
import type { z } from 'zod';
import { agentErrors } from '../inbox/openapi.ts';
import { bodyErrors, csrfHeader, error, idParam, rateLimited, referenceParam, type Operation } from '../openapi/operations.ts';
import {
  AffectedInput,
  DeclareIncident,
  Incident,
  IncidentList,
  IncidentUpdateInput,
  LinkedIncident,
  LinkIncidentInput,
  MaintenanceInput,
  MaintenanceList,
  MaintenanceWindow,
  PublicStatus,
  StatusQuery,
  Subscribed,
  UptimeStatementQuery,
} from './shapes.ts';

const agentWrite = (o: Omit<Operation, 'auth'>): Operation => ({
  ...o,
  auth: 'agentSession',
  parameters: [...(o.parameters ?? []), csrfHeader],
  responses: { ...o.responses, ...agentErrors },
});

export const statusOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/inbox/incidents',
    operationId: 'inboxIncidents',
    summary: 'Incidents: open ones and the latest others, newest first, with their updates',
    auth: 'agentSession',
    responses: { '200': { description: 'Up to 100.', json: IncidentList }, '401': agentErrors['401'] },
  },
  agentWrite({
    method: 'post',
    path: '/api/inbox/incidents',
    operationId: 'inboxDeclareIncident',
    summary: 'Declare an incident for some sites or all; the team is mailed and every inbox told',
    body: DeclareIncident,
    responses: { '201': { description: 'Declared.', json: Incident } },
  }),
  agentWrite({
    method: 'post',
    path: '/api/inbox/incidents/{id}/updates',
    operationId: 'inboxIncidentUpdate',
    summary: 'Post a public update (status and text); mailed to the requesters of linked open tickets and the affected people',
    description: '`resolved` closes the incident; `hold: true` keeps an automatic incident open as monitoring when its site comes back.',
    parameters: [idParam],
    body: IncidentUpdateInput,
    responses: { '201': { description: 'The incident after the update.', json: Incident }, '404': error('No such incident.') },
  }),
  agentWrite({
    method: 'post',
    path: '/api/inbox/tickets/{reference}/incident',
    operationId: 'inboxLinkIncident',
    summary: "Link a ticket to an incident (null unlinks): its requester gets the incident's updates while the ticket is open",
    parameters: [referenceParam],
    body: LinkIncidentInput,
    responses: { '200': { description: 'Linked.', json: LinkedIncident }, '404': error('No such ticket.') },
  }),
  {
    method: 'get',
    path: '/api/inbox/maintenance',
    operationId: 'inboxMaintenance',
    summary: 'Maintenance windows not ended more than 90 days ago, soonest first',
    auth: 'agentSession',
    responses: { '200': { description: 'Windows.', json: MaintenanceList }, '401': agentErrors['401'] },
  },
  agentWrite({
    method: 'post',
    path: '/api/inbox/maintenance',
    operationId: 'inboxScheduleMaintenance',
    summary: 'Announce a maintenance window for one site or all (left out of uptime)',
    body: MaintenanceInput,
    responses: { '201': { description: 'Scheduled.', json: MaintenanceWindow } },
  }),
  agentWrite({
    method: 'delete',
    path: '/api/inbox/maintenance/{id}',
    operationId: 'inboxCancelMaintenance',
    summary: 'Cancel a maintenance window (kept, no longer counted)',
    parameters: [idParam],
    responses: { '200': { description: 'Cancelled.', json: MaintenanceWindow }, '404': error('No such window.') },
  }),
  {
    method: 'get',
    path: '/api/status',
    operationId: 'status',
    summary: "A site's state (up, down, maintenance), uptime, incidents and maintenance; vendor-wide without `site`",
    description:
      "CORS for the site's registered origins; `Cache-Control: public, max-age=5`. Uptime leaves announced maintenance out of both the down time and the period.",
    query: StatusQuery as unknown as z.ZodObject,
    responses: {
      '200': { description: 'The status.', json: PublicStatus },
      '404': error('No such site.'),
      '422': error('`site` is not a site key.'),
      '429': rateLimited,
    },
  },
  {
    method: 'post',
    path: '/api/status/incidents/{id}/affected',
    operationId: 'statusAffected',
    summary: "Say you are affected by an incident of your site: you get its updates by mail (from the site's own pages only)",
    parameters: [idParam],
    body: AffectedInput,
    responses: {
      '201': { description: 'Subscribed (again is fine).', json: Subscribed },
      '403': error("The page's origin is not registered for the site (`origin_not_allowed`)."),
      '404': error('No such incident for this site.'),
      '409': error('The incident is resolved (`conflict`).'),
      ...bodyErrors,
    },
  },
  {
    method: 'get',
    path: '/api/reports/uptime/statement',
    operationId: 'uptimeStatement',
    summary: "A site's uptime statement for one month, against its plan's guarantee: printable HTML or CSV",
    description:
      'Uptime with announced maintenance left out, the guarantee and whether it was met, the down periods and the maintenance of the month. With `format=csv`: `downtime` (default) or `summary` as an attachment.',
    auth: 'agentSession',
    query: UptimeStatementQuery as unknown as z.ZodObject,
    responses: {
      '200': {
        description: 'The statement.',
        content: { 'text/html': { schema: { type: 'string' } }, 'text/csv': { schema: { type: 'string' } } },
      },
      '401': agentErrors['401'],
      '422': error('A parameter is refused, named in `fields`; `site` unknown (`unknown_site`).'),
    },
  },
];
