/**
 * The OpenAPI 3.1 document at /api/openapi.json, generated from the features' route tables
 * (`<feature>/openapi.ts`): the zod schemas the routes validate their input with and type their
 * answers by (`<feature>/shapes.ts`), turned into JSON Schema by zod itself.
 */
import type { Policy } from '#content/policy-schema.ts';
import { agentOperations } from '../agents/openapi.ts';
import { analyticsOperations } from '../analytics/openapi.ts';
import { articleFeedbackOperations, publicSearchOperations } from '../articles/openapi.ts';
import { chatOperations } from '../chat/openapi.ts';
import { ErrorBody, Health } from '../http/shapes.ts';
import { agentSessionScheme, inboxOperations } from '../inbox/openapi.ts';
import { savedReplyOperations } from '../inbox/saved-reply-openapi.ts';
import { collaborationOperations } from '../inbox/collaboration-openapi.ts';
import { mailOperations } from '../mail/openapi.ts';
import { policyOperations } from '../policy/openapi.ts';
import { portalAccountOperations } from '../portal/account-openapi.ts';
import { portalWorkOperations } from '../portal/work-openapi.ts';
import { portalOperations, portalSessionScheme } from '../portal/openapi.ts';
import { reportOperations } from '../reports/openapi.ts';
import { SlaView } from '../policy/shapes.ts';
import { scopeOperations } from '../scope/openapi.ts';
import { statusOperations } from '../status/openapi.ts';
import { ticketOperations } from '../tickets/openapi.ts';
import { uploadOperations } from '../uploads/openapi.ts';
import { webhookOperations } from '../webhooks/openapi.ts';
import { jsonSchema, pathsOf, type Operation } from './operations.ts';

/** The routes app.ts registers itself. */
const ownOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/health',
    operationId: 'health',
    summary: 'Health check',
    responses: { '200': { description: 'The server can serve.', json: Health } },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'openapi',
    summary: 'This document',
    responses: { '200': { description: 'OpenAPI 3.1.' } },
  },
  {
    method: 'get',
    path: '/api/docs',
    operationId: 'docs',
    summary: 'Readable API reference (HTML)',
    responses: { '200': { description: 'HTML.', content: { 'text/html': { schema: { type: 'string' } } } } },
  },
];

/** Every documented route, in the order the reference page lists them. */
export function apiOperations(policy: Policy): Operation[] {
  return [
    ...ticketOperations(policy),
    ...uploadOperations(policy),
    ...policyOperations(policy),
    ...scopeOperations,
    ...publicSearchOperations,
    ...analyticsOperations,
    ...chatOperations,
    ...agentOperations,
    ...inboxOperations,
    ...collaborationOperations,
    ...mailOperations,
    ...webhookOperations,
    ...articleFeedbackOperations,
    ...savedReplyOperations,
    ...reportOperations,
    ...statusOperations,
    ...portalAccountOperations,
    ...portalWorkOperations,
    ...portalOperations(policy),
    ...ownOperations,
  ];
}

export function openApiDocument(policy: Policy): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Helpway API',
      version: '1.0.0',
      description: `The support API of ${policy.vendor.name}: tickets with business-hours SLAs from the support policy, the policy itself, scope checks, feedback and analytics. Errors are always {"error": {"code", "message", "fields"?}} with a 4xx status.`,
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        ticketToken: { type: 'http', scheme: 'bearer', description: 'The requester token returned when the ticket was created.' },
        agentSession: agentSessionScheme,
        portalSession: portalSessionScheme,
      },
      schemas: { Error: jsonSchema(ErrorBody, 'output'), SlaView: jsonSchema(SlaView, 'output') },
    },
    paths: pathsOf(apiOperations(policy)),
  };
}
