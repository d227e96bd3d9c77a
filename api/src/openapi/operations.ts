/**
 * The route table the OpenAPI document is generated from: one entry per method and path, naming
 * the zod schemas the route validates its input with and answers with. Each feature lists its own
 * routes next to them (`<feature>/openapi.ts`); openapi/document.ts turns the lot into OpenAPI 3.1
 * with zod's own JSON Schema output (JSON Schema 2020-12 is OpenAPI 3.1's dialect).
 */
import { z } from 'zod';
import { MAX_ID } from '../store/ids.ts';

type Schema = Record<string, unknown>;

/** A response: JSON described by a zod schema, the error body, another media type, or nothing. */
export type ResponseSpec =
  | { description: string; json: z.ZodType; content?: Record<string, { schema: Schema }> }
  | { description: string; error: true }
  | { description: string; content?: Record<string, { schema: Schema }> };

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI form: `/api/tickets/{reference}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** Who may call it: the requester's ticket token, or an agent's or a portal contact's session cookie (writes then also need X-CSRF-Token). */
  auth?: 'ticketToken' | 'agentSession' | 'portalSession';
  /** Path and header parameters (query parameters come from `query`). */
  parameters?: Schema[];
  /** The zod schema of the query string, as the route validates it. */
  query?: z.ZodObject;
  /** The zod schema of the JSON body, as the route validates it; or a raw request body. */
  body?: z.ZodType | { raw: Schema };
  responses: Record<string, ResponseSpec>;
}

export const error = (description: string): ResponseSpec => ({ description, error: true });

/** The usual refusals of a JSON write. */
export const bodyErrors = {
  '400': error('Invalid JSON (`invalid_json`).'),
  '413': error('Body too large (`payload_too_large`).'),
  '422': error('Validation failed (`validation_failed`, `unknown_site`), with `fields`.'),
  '429': error('Rate limited (`rate_limited`); see Retry-After.'),
};
export const rateLimited = error('Rate limited (`rate_limited`); see Retry-After.');

export const referenceParam = {
  name: 'reference',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^HW-\\d+$' },
  description: 'Ticket reference, e.g. HW-1042.',
};
export const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: MAX_ID } };
export const csrfHeader = {
  name: 'X-CSRF-Token',
  in: 'header',
  required: true,
  schema: { type: 'string' },
  description: 'The token from GET /api/agents/me (or the sign-in answer).',
};

/** zod → JSON Schema, without the `$schema` line (the document's dialect applies). */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Schema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Schema;
  return rest;
}

function queryParameters(schema: z.ZodObject): Schema[] {
  const js = jsonSchema(schema, 'input') as { properties: Record<string, Schema>; required?: string[] };
  return Object.entries(js.properties).map(([name, s]) => ({
    name,
    in: 'query',
    required: js.required?.includes(name) ?? false,
    schema: s,
    ...(s.description ? { description: s.description } : {}),
  }));
}

const ERROR_REF = { $ref: '#/components/schemas/Error' };

function response(spec: ResponseSpec): Schema {
  if ('json' in spec)
    return {
      description: spec.description,
      content: { 'application/json': { schema: jsonSchema(spec.json, 'output') }, ...spec.content },
    };
  if ('error' in spec) return { description: spec.description, content: { 'application/json': { schema: ERROR_REF } } };
  return spec.content ? { description: spec.description, content: spec.content } : { description: spec.description };
}

/** One OpenAPI operation object. */
export function operationObject(op: Operation): Schema {
  const parameters = [...(op.parameters ?? []), ...(op.query ? queryParameters(op.query) : [])];
  const requestBody =
    op.body === undefined
      ? undefined
      : 'raw' in op.body
        ? op.body.raw
        : { required: true, content: { 'application/json': { schema: jsonSchema(op.body as z.ZodType, 'input') } } };
  return {
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    operationId: op.operationId,
    ...(op.auth ? { security: [{ [op.auth]: [] }] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: Object.fromEntries(Object.entries(op.responses).map(([status, spec]) => [status, response(spec)])),
  };
}

/** `paths` of the document; two entries for one method and path is a mistake in a table. */
export function pathsOf(operations: Operation[]): Record<string, Record<string, Schema>> {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const op of operations) {
    const item = (paths[op.path] ??= {});
    if (item[op.method]) throw new Error(`OpenAPI route table: ${op.method.toUpperCase()} ${op.path} is listed twice`);
    item[op.method] = operationObject(op);
  }
  return paths;
}
