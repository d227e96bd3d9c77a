/**
 * OpenAPI 3.1 document generated from the same zod schemas the routes validate with
 * (zod 4's z.toJSONSchema, JSON Schema 2020-12 = OpenAPI 3.1's dialect).
 */
import { z } from 'zod';
import type { Policy } from '#content/policy-schema.ts';
import { LanguageSchema } from '#content/policy-translations.ts';
import { FeedbackEvent, oneOrMany, SearchEvent, WidgetEvent } from '../analytics/ingest.ts';
import { PolicyQuery } from '../policy/routes.ts';
import { ScopeCheckRequest } from '../scope/routes.ts';
import { ticketSchemas } from '../tickets/schema.ts';
import { agentSessionScheme, escalationPaths } from '../inbox/openapi.ts';
import { agentAccountPaths } from '../agents/openapi.ts';
import { UploadQuery } from '../uploads/schema.ts';
import { MAX_ID } from '../store/ids.ts';

const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe('Stable machine-readable code, e.g. validation_failed, invalid_json, rate_limited.'),
    message: z.string().describe('A sentence a person can act on.'),
    fields: z.record(z.string(), z.string()).optional().describe('Per field (dotted path, e.g. "requester.email"): what is wrong.'),
  }),
});

const Instant = z.iso.datetime();
const SlaView = z.object({
  firstResponseDue: Instant.nullable(),
  resolutionDue: Instant.nullable().describe('null where the policy sets no resolution target.'),
  sentence: z.string().describe("Plain sentence in the support calendar's time zone."),
  clockRunning: z.boolean().describe('Whether business time is elapsing now.'),
  timezone: z.string(),
  calendarLabel: z.string(),
  nextOpening: Instant.nullable(),
});
const AttachmentInfo = z.object({ filename: z.string(), contentType: z.string(), size: z.number().int() });
const UploadCreated = AttachmentInfo.extend({
  id: z
    .string()
    .describe(
      'The upload id: list it in `attachments` of POST /api/tickets or of a message. Keep it secret: it is the only claim to the file.',
    ),
  contentType: z.string().describe('From the extension, checked against the content.'),
  expiresAt: Instant.describe('An upload no ticket has claimed by then is deleted.'),
});
const TicketCreated = z.object({
  reference: z.string().describe('Human reference, e.g. HW-1042.'),
  token: z.string().describe('Secret requester token: send it as "Authorization: Bearer <token>" to read the ticket. Shown once.'),
  status: z.string(),
  site: z.string(),
  type: z.string(),
  severity: z.string(),
  subject: z.string(),
  channel: z.string(),
  createdAt: Instant,
  attachments: z.array(AttachmentInfo),
  sla: SlaView,
});
const Ticket = z.object({
  reference: z.string(),
  site: z.string(),
  type: z.string(),
  severity: z.string(),
  status: z.string(),
  subject: z.string(),
  description: z.string(),
  requester: z.object({ name: z.string(), email: z.string() }),
  channel: z.string(),
  phone: z.object({ number: z.string(), preferredTime: z.string() }).optional(),
  context: z.record(z.string(), z.unknown()),
  journey: z.object({ searches: z.array(z.string()), articlesRead: z.array(z.string()) }),
  fields: z.record(z.string(), z.unknown()),
  attachments: z.array(
    AttachmentInfo.extend({
      id: z.number().int(),
      messageId: z.number().int().nullable(),
      url: z.string().describe('Download it with the same Authorization header.'),
    }),
  ),
  messages: z.array(z.object({ id: z.number().int(), author: z.string(), body: z.string(), createdAt: Instant })),
  createdAt: Instant,
  updatedAt: Instant,
  sla: SlaView,
});
const Message = z.object({
  id: z.number().int(),
  reference: z.string(),
  author: z.string(),
  body: z.string(),
  createdAt: Instant,
  attachments: z.array(AttachmentInfo),
});
const MyTickets = z.object({
  tickets: z.array(
    z.object({
      reference: z.string(),
      subject: z.string(),
      status: z.string(),
      severity: z.string(),
      type: z.string(),
      createdAt: Instant,
      updatedAt: Instant,
      firstResponseDue: Instant.nullable(),
      resolutionDue: Instant.nullable(),
      sentence: z.string(),
    }),
  ),
});
const Untranslated = z
  .array(z.string())
  .describe(
    'Ids of the texts served in English because `lang` has no current translation for them, e.g. "severities.S1.name" (empty for English).',
  );
const ScopeMatches = z.object({
  lang: LanguageSchema,
  untranslated: Untranslated,
  matches: z.array(
    z.object({
      id: z.string(),
      topic: z.string(),
      verdict: z.string(),
      who: z.string(),
      article: z.string(),
      articleUrl: z.string(),
      matched: z.array(z.string()),
    }),
  ),
});
const Accepted = z.object({ accepted: z.number().int() });
const Health = z.object({ status: z.literal('ok'), store: z.enum(['sqlite', 'postgres']), uptimeSeconds: z.number() });
const PolicyView = z
  .object({
    lang: LanguageSchema,
    untranslated: Untranslated,
    vendor: z.record(z.string(), z.string()),
    plan: z.object({ id: z.string(), name: z.string(), description: z.string() }),
    calendar: z
      .object({
        timezone: z.string(),
        label: z.string(),
        openNow: z.boolean(),
        nextOpening: Instant.nullable(),
        nextOpeningText: z.string().nullable(),
      })
      .loose(),
    ticketTypes: z.array(
      z
        .object({
          id: z.string(),
          name: z.string(),
          description: z.string(),
          prompt: z.string(),
          fields: z.array(z.record(z.string(), z.unknown())),
        })
        .loose(),
    ),
    severities: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        definition: z.string(),
        examples: z.array(z.string()),
        target: z.object({ responseHours: z.number().nullable(), resolutionDays: z.number().nullable() }),
      }),
    ),
    channels: z.array(
      z
        .object({
          id: z.string(),
          name: z.string(),
          availability: z.string(),
          availableNow: z.boolean(),
          nextOpening: Instant.nullable(),
          nextOpeningText: z.string().nullable(),
        })
        .loose(),
    ),
  })
  .loose();

type Schema = Record<string, unknown>;
const input = (schema: z.ZodType): Schema => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Schema;
const output = (schema: z.ZodType): Schema => z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Schema;
const strip = (schema: Schema): Schema => {
  const { $schema: _, ...rest } = schema;
  return rest;
};
const json = (schema: Schema) => ({ 'application/json': { schema: strip(schema) } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });
const errors = {
  '400': errorResponse('Invalid JSON (`invalid_json`).'),
  '413': errorResponse('Body too large (`payload_too_large`).'),
  '422': errorResponse('Validation failed (`validation_failed`, `unknown_site`), with `fields`.'),
  '429': errorResponse('Rate limited (`rate_limited`); see Retry-After.'),
};

function queryParameters(schema: z.ZodObject): Array<Record<string, unknown>> {
  const js = input(schema) as { properties: Record<string, Schema>; required?: string[] };
  return Object.entries(js.properties).map(([name, s]) => ({
    name,
    in: 'query',
    required: js.required?.includes(name) ?? false,
    schema: s,
    ...(s.description ? { description: s.description } : {}),
  }));
}

export function openApiDocument(policy: Policy): Record<string, unknown> {
  const schemas = ticketSchemas(policy);
  const bearer = [{ ticketToken: [] }];
  const reference = {
    name: 'reference',
    in: 'path',
    required: true,
    schema: { type: 'string', pattern: '^HW-\\d+$' },
    description: 'Ticket reference, e.g. HW-1042.',
  };
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
      },
      schemas: { Error: strip(output(ErrorBody)), SlaView: strip(output(SlaView)) },
    },
    paths: {
      ...escalationPaths(), // agents, inbox, chat, inbound mail (api/src/inbox/openapi.ts)
      ...agentAccountPaths(), // password change and reset, disabling agents (api/src/agents/openapi.ts)
      '/api/health': {
        get: {
          summary: 'Health check',
          operationId: 'health',
          responses: { '200': { description: 'The server can serve.', content: json(output(Health)) } },
        },
      },
      '/api/policy': {
        get: {
          summary: 'The support policy for the widget',
          description:
            "Ticket types and their fields, severities with definitions and targets (for the site's plan), channels with availability now, working hours, open now and next opening. With `lang`, the policy's texts (names, descriptions, prompts, field labels, calendar labels) come in that language from the content's translation files, and the next-opening text uses its date words; a text whose translation is missing or older than its English is served in English and its id is listed in `untranslated`. Cached per site, language and minute.",
          operationId: 'getPolicy',
          parameters: queryParameters(PolicyQuery),
          responses: {
            '200': { description: 'The policy view.', content: json(output(PolicyView)) },
            '422': errors['422'],
            '429': errors['429'],
          },
        },
      },
      '/api/sla/preview': {
        get: {
          summary: 'Due times a ticket filed now would get',
          operationId: 'previewSla',
          parameters: queryParameters(schemas.SlaQuery),
          responses: {
            '200': { description: 'Due instants and a sentence.', content: json(output(SlaView)) },
            '422': errors['422'],
            '429': errors['429'],
          },
        },
      },
      '/api/tickets': {
        post: {
          summary: 'Create a ticket',
          description:
            'Idempotent with an `Idempotency-Key` header: the same key (per site) and body return the same ticket (200, `Idempotent-Replayed: true`); the same key with another body is refused (422 `idempotency_key_reused`). Attachments are uploaded first (POST /api/uploads) and listed here by upload id; the ticket claims them (each upload once, for the same site). The JSON body is at most 1 MB and 32 levels deep.',
          operationId: 'createTicket',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }],
          requestBody: { required: true, content: json(input(schemas.CreateTicket)) },
          responses: {
            '201': { description: 'Created.', content: json(output(TicketCreated)) },
            '200': { description: 'Replayed: the ticket created earlier with this Idempotency-Key.', content: json(output(TicketCreated)) },
            '403': errorResponse('The Origin is not registered for the site (`origin_not_allowed`).'),
            ...errors,
          },
        },
      },
      '/api/uploads': {
        post: {
          summary: 'Upload one attachment, before the ticket or message that attaches it',
          description: `The request body is the file itself (any Content-Type; the type is taken from the extension and checked against the content: an executable renamed report.pdf is refused). At most ${Math.round(policy.attachments.maxBytes / 1048576)} MB per file, enforced while the bytes arrive; allowed extensions: ${policy.attachments.allowedTypes.join(', ')}. The answer's \`id\` goes into \`attachments\` of POST /api/tickets or POST /api/tickets/{reference}/messages; an unclaimed upload is deleted after a day. Uploads are limited in bytes per hour, per site and per client address (429 with Retry-After). CORS and Origin rules are those of ticket creation.`,
          operationId: 'uploadFile',
          parameters: queryParameters(UploadQuery),
          requestBody: {
            required: true,
            content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } },
          },
          responses: {
            '201': { description: 'Stored, waiting for a ticket.', content: json(output(UploadCreated)) },
            '403': errorResponse('The Origin is not registered for the site (`origin_not_allowed`).'),
            '413': errorResponse('The file is over the size limit (`payload_too_large`).'),
            '422': errorResponse(
              'A name that is not a plain visible file name, a type the policy does not allow, or content that does not match the extension (`validation_failed`, fields `filename` or `file`); `unknown_site`.',
            ),
            '429': errorResponse(
              'Too many requests, or too many bytes this hour for the site or the address (`rate_limited`); see Retry-After.',
            ),
          },
        },
      },
      '/api/tickets/mine': {
        get: {
          summary: "A requester's tickets, by the tokens their browser kept",
          operationId: 'myTickets',
          parameters: [
            {
              name: 'X-Ticket-Tokens',
              in: 'header',
              required: true,
              schema: { type: 'string' },
              description: 'Comma-separated requester tokens (up to 50).',
            },
          ],
          responses: { '200': { description: 'Newest first.', content: json(output(MyTickets)) }, '429': errors['429'] },
        },
      },
      '/api/tickets/{reference}': {
        get: {
          summary: 'Read a ticket',
          operationId: 'getTicket',
          security: bearer,
          parameters: [reference],
          responses: {
            '200': { description: 'The ticket.', content: json(output(Ticket)) },
            '401': errorResponse('No token (`unauthorized`).'),
            '404': errorResponse('No such ticket for this token (`not_found`).'),
            '429': errors['429'],
          },
        },
      },
      '/api/tickets/{reference}/attachments/{id}': {
        get: {
          summary: 'Download an attachment of a ticket',
          operationId: 'getAttachment',
          security: bearer,
          parameters: [reference, { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: MAX_ID } }],
          responses: {
            '200': { description: 'The file, as a download (Content-Disposition: attachment).' },
            '401': errorResponse('No token.'),
            '404': errorResponse('No such attachment on this ticket for this token.'),
          },
        },
      },
      '/api/tickets/{reference}/messages': {
        post: {
          summary: 'Add a message to a ticket',
          operationId: 'addMessage',
          security: bearer,
          parameters: [reference],
          requestBody: { required: true, content: json(input(schemas.Message)) },
          responses: {
            '201': { description: 'Added.', content: json(output(Message)) },
            '401': errorResponse('No token.'),
            '404': errorResponse('No such ticket for this token.'),
            ...errors,
          },
        },
      },
      '/api/scope-check': {
        post: {
          summary: 'Which scope rules a question touches',
          description:
            "Rules match English phrases; with `lang`, each rule's topic and who-acts sentence come in that language (English where untranslated, listed in `untranslated`).",
          operationId: 'scopeCheck',
          requestBody: { required: true, content: json(input(ScopeCheckRequest)) },
          responses: { '200': { description: 'Matching rules, best first.', content: json(output(ScopeMatches)) }, ...errors },
        },
      },
      '/api/feedback': {
        post: {
          summary: 'Article feedback (one or a batch of up to 100)',
          operationId: 'feedback',
          requestBody: { required: true, content: json(input(oneOrMany(FeedbackEvent))) },
          responses: { '202': { description: 'Accepted.', content: json(output(Accepted)) }, ...errors },
        },
      },
      '/api/search-events': {
        post: {
          summary: 'Search analytics (one or a batch of up to 100)',
          operationId: 'searchEvents',
          requestBody: { required: true, content: json(input(oneOrMany(SearchEvent))) },
          responses: { '202': { description: 'Accepted.', content: json(output(Accepted)) }, ...errors },
        },
      },
      '/api/widget-events': {
        post: {
          summary: 'Widget analytics (one or a batch of up to 100)',
          operationId: 'widgetEvents',
          requestBody: { required: true, content: json(input(oneOrMany(WidgetEvent))) },
          responses: { '202': { description: 'Accepted.', content: json(output(Accepted)) }, ...errors },
        },
      },
      '/api/openapi.json': {
        get: { summary: 'This document', operationId: 'openapi', responses: { '200': { description: 'OpenAPI 3.1.' } } },
      },
      '/api/docs': {
        get: { summary: 'Readable API reference (HTML)', operationId: 'docs', responses: { '200': { description: 'HTML.' } } },
      },
    },
  };
}
