/**
 * Contract 4: every error is `{"error": {"code", "message", "fields"?}}` with a 4xx status.
 * A 5xx is a bug; the handler for it logs and still answers in the same shape.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

export type ErrorCode =
  | 'invalid_json'
  | 'validation_failed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'not_found'
  | 'method_not_allowed'
  | 'rate_limited'
  | 'unauthorized'
  | 'origin_not_allowed'
  | 'unknown_site'
  | 'idempotency_key_reused'
  | 'forbidden'
  | 'csrf_token_invalid'
  | 'invalid_credentials'
  | 'conflict'
  | 'ticket_closed'
  | 'ticket_changed'
  | 'escalation_limited'
  | 'mail_rejected'
  | 'link_expired'
  | 'internal_error';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: Record<string, string> };
}

/** An error the caller can act on; thrown by plain functions, turned into a response by the app. */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  readonly headers?: Record<string, string>;
  constructor(
    status: ContentfulStatusCode,
    code: ErrorCode,
    message: string,
    fields?: Record<string, string>,
    headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.headers = headers;
  }
  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

export function errorResponse(c: Context, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
  return c.json(error.body(), error.status);
}

/**
 * zod issues → `{"requester.email": "reason"}`, first reason per field. Field names come from the
 * body, so they are collected in a Map: on a plain object, `fields["__proto__"] = …` would set its
 * prototype and `fields["constructor"] ??= …` would find Object's, and the error would name nothing.
 * Object.fromEntries defines them as ordinary own keys, which JSON.stringify writes out.
 */
export function fieldsFromZod(error: { issues: z.core.$ZodIssue[] }, prefix = ''): Record<string, string> {
  const fields = new Map<string, string>();
  const add = (key: string, why: string) => {
    if (!fields.has(key)) fields.set(key, why);
  };
  for (const issue of error.issues) {
    const key = fieldName(prefix, issue.path);
    if (issue.code === 'invalid_union' && issue.errors.length > 1) {
      for (const [k, v] of Object.entries(fieldsFromZod({ issues: bestBranch(issue.errors) }, key))) add(k, v);
      continue;
    }
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) add(fieldName(key, [k]), 'is not a known field: remove it');
      continue;
    }
    add(key || '(body)', reason(issue));
  }
  return Object.fromEntries(fields);
}

/**
 * A dotted path. A key that is not a plain word (empty, blank, with dots, spaces, controls or
 * bidi overrides) is shown quoted with its invisible characters escaped, so that it still names
 * something and cannot disguise itself in the message.
 */
const PLAIN_KEY = /^[\p{L}\p{N}_$-]+$/u;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}"\\]/gu;
function fieldName(prefix: string, path: readonly PropertyKey[]): string {
  const names = path.map((segment) => {
    const name = String(segment);
    if (typeof segment === 'number' || PLAIN_KEY.test(name)) return name;
    return `"${name.replace(INVISIBLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
  });
  return (prefix ? [prefix, ...names] : names).join('.');
}

/** For a union (one event or a batch), report the branch the input was meant for. */
function bestBranch(branches: z.core.$ZodIssue[][]): z.core.$ZodIssue[] {
  const wholeMismatch = (issues: z.core.$ZodIssue[]) => issues.filter((i) => i.path.length === 0 && i.code === 'invalid_type').length;
  return [...branches].sort((a, b) => wholeMismatch(a) - wholeMismatch(b))[0] ?? [];
}

function reason(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return `is required (${issue.expected})`;
  return issue.message;
}

export function validationError(fields: Record<string, string>): ApiError {
  const names = Object.keys(fields);
  if (!names.length) return new ApiError(422, 'validation_failed', 'The request body is not valid.', fields);
  return new ApiError(
    422,
    'validation_failed',
    `Check ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}.`,
    fields,
  );
}
