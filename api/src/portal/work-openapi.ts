/** The portal's work routes and the widget's contact list in the OpenAPI route table (openapi/operations.ts). */
import { bodyErrors, error, rateLimited, referenceParam, type Operation } from '../openapi/operations.ts';
import { ApprovalInput } from './approvals.ts';
import { PrioritiesInput } from './priorities.ts';
import { WidgetIdentity } from './widget-tickets.ts';
import { ApprovalDecided, PriorityList, WidgetContactTickets } from './work-shapes.ts';

const portalErrors = {
  '401': error('No portal session (`unauthorized`).'),
  '403': error("Missing or wrong X-CSRF-Token (`csrf_token_invalid`), or not one of the site's key contacts (`forbidden`)."),
};

export const portalWorkOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/portal/priorities',
    operationId: 'portalPriorities',
    summary: "Key contacts: the site's open tickets in the order the client wants them worked on",
    auth: 'portalSession',
    responses: { '200': { description: 'The order.', json: PriorityList }, ...portalErrors },
  },
  {
    method: 'put',
    path: '/api/portal/priorities',
    operationId: 'portalSetPriorities',
    summary: "Key contacts: put the site's open tickets in order (ranks 1..n; every other ticket of the site loses its rank)",
    description:
      'Agents see the rank in the queue ("Client priority 1") and can sort one site\'s queue by it (`sort=client`). A solved or closed ticket leaves the order.',
    auth: 'portalSession',
    body: PrioritiesInput,
    responses: {
      '200': { description: 'The new order.', json: PriorityList },
      ...bodyErrors,
      ...portalErrors,
      '404': error("A reference that is not one of the site's tickets (`not_found`)."),
      '422': error('Validation failed, or a ticket is solved or closed (`validation_failed`), with `fields`.'),
    },
  },
  {
    method: 'post',
    path: '/api/portal/tickets/{reference}/approval',
    operationId: 'portalDecideApproval',
    summary: "Key contacts: approve or decline billable work waiting for the client's approval",
    description:
      "A member's Request or Site refresh waits while the budget is below `budget.lowBalancePercent` (or under the work's estimate). The decision is noted in the ticket's history and mailed to its agent.",
    auth: 'portalSession',
    parameters: [referenceParam],
    body: ApprovalInput,
    responses: {
      '200': { description: 'Decided.', json: ApprovalDecided },
      ...bodyErrors,
      ...portalErrors,
      '404': error("Not one of the site's tickets (`not_found`)."),
      '409': error('Not waiting for approval, or decided meanwhile (`conflict`).'),
    },
  },
  {
    method: 'post',
    path: '/api/widget/my-tickets',
    operationId: 'widgetContactTickets',
    summary: "The widget's list for a verified contact: their tickets (a key contact: all of the site's), newest first, 50 at most",
    description:
      "`hash` is the site's identity HMAC of `email` (as on POST /api/tickets). A wrong hash, or an address that is no contact of the site, gets an empty list and `portalUrl: null`.",
    body: WidgetIdentity,
    responses: {
      '200': { description: 'The tickets.', json: WidgetContactTickets },
      ...bodyErrors,
      '403': error('The page is not on one of the site’s origins (`origin_not_allowed`).'),
      '429': rateLimited,
    },
  },
];
