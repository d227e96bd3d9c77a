/** GET /api/policy and GET /api/sla/preview in the OpenAPI route table (openapi/operations.ts). */
import type { Policy } from '#content/policy-schema.ts';
import { bodyErrors, rateLimited, type Operation } from '../openapi/operations.ts';
import { ticketSchemas } from '../tickets/schema.ts';
import { PolicyQuery } from './routes.ts';
import { PolicyView, SlaPreview } from './shapes.ts';

export function policyOperations(policy: Policy): Operation[] {
  return [
    {
      method: 'get',
      path: '/api/policy',
      operationId: 'getPolicy',
      summary: 'The support policy for the widget',
      description:
        "Ticket types and their fields, severities with definitions and targets (for the site's plan), channels with availability now, working hours, open now and next opening. With `lang`, the policy's texts (names, descriptions, prompts, field labels, calendar labels) come in that language from the content's translation files, and the next-opening text uses its date words; a text whose translation is missing or older than its English is served in English and its id is listed in `untranslated`. Cached per site, language and minute.",
      query: PolicyQuery,
      responses: { '200': { description: 'The policy view.', json: PolicyView }, '422': bodyErrors['422'], '429': rateLimited },
    },
    {
      method: 'get',
      path: '/api/sla/preview',
      operationId: 'previewSla',
      summary: 'Due times a ticket filed now would get',
      query: ticketSchemas(policy).SlaQuery,
      responses: { '200': { description: 'Due instants and a sentence.', json: SlaPreview }, '422': bodyErrors['422'], '429': rateLimited },
    },
  ];
}
