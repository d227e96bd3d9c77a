/**
 * OpenAPI path items for agent account security: changing one's own password, reset by mail,
 * and the admin's agent actions. Merged into /api/openapi.json by openapi/document.ts.
 */
import { z } from 'zod';
import { escalationPaths } from '../inbox/openapi.ts';
import { ChangePassword, ResetConfirm, ResetRequest } from './routes.ts';

type Schema = Record<string, unknown>;
const schema = (s: z.ZodType): Schema => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Schema;
  return rest;
};
const body = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schema(s) } } });
const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const session = [{ agentSession: [] }];
const csrf = {
  name: 'X-CSRF-Token',
  in: 'header',
  required: true,
  schema: { type: 'string' },
  description: 'The token from GET /api/agents/me (or the sign-in answer).',
};
const agentId = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: 2147483647 } };
const adminErrors = {
  '401': error('No agent session (`unauthorized`).'),
  '403': error('Missing or wrong X-CSRF-Token (`csrf_token_invalid`), or not an admin (`forbidden`).'),
  '404': error('No such agent.'),
  '422': error('The id is not an agent id.'),
};
const tooMany = error('Too many attempts (`rate_limited`), with Retry-After in seconds.');

const adminAction = (summary: string, operationId: string, extra: Record<string, unknown> = {}) => ({
  post: {
    summary,
    operationId,
    security: session,
    parameters: [agentId, csrf],
    responses: { '200': ok('Done, with `signedOutSessions` where sessions ended.'), ...adminErrors, ...extra },
  },
});

export function agentAccountPaths(): Record<string, unknown> {
  return {
    '/api/agents/me/password': {
      post: {
        summary: "Change one's own password",
        description:
          'Needs the current password (failures are throttled like sign-in). Every other session of the agent ends; this one goes on.',
        operationId: 'changeOwnPassword',
        security: session,
        parameters: [csrf],
        requestBody: body(ChangePassword),
        responses: {
          '200': ok('`{ok, signedOutSessions}`'),
          '401': error('No agent session.'),
          '403': error('Missing or wrong X-CSRF-Token.'),
          '422': error('`currentPassword` is wrong, or `newPassword` is not acceptable.'),
          '429': tooMany,
        },
      },
    },
    '/api/agents/password-reset': {
      post: {
        summary: 'Ask for a password reset link by mail',
        description: "Answers the same for any address. An active agent's address gets a single-use link valid for 30 minutes.",
        operationId: 'requestPasswordReset',
        requestBody: body(ResetRequest),
        responses: {
          '202': ok("`{ok, message}` whether or not the address is an agent's."),
          '415': error('Not JSON.'),
          '422': error('Not an email address.'),
          '429': tooMany,
        },
      },
    },
    '/api/agents/password-reset/confirm': {
      post: {
        summary: 'Set a new password with the token from the reset link',
        description: 'Spends the token; every session of the agent ends.',
        operationId: 'confirmPasswordReset',
        requestBody: body(ResetConfirm),
        responses: {
          '200': ok('`{ok, email}`'),
          '415': error('Not JSON.'),
          '422': error('`token` expired, used or malformed; or `password` not acceptable.'),
          '429': tooMany,
        },
      },
    },
    '/api/admin/agents': {
      ...(escalationPaths()['/api/admin/agents'] as Record<string, unknown>),
      get: {
        summary: 'Agents with status and live sessions (admin)',
        operationId: 'adminListAgents',
        security: session,
        responses: {
          '200': ok('`{agents: [{id, email, name, role, disabled, sessions, lastSeenAt}]}`'),
          '401': adminErrors['401'],
          '403': adminErrors['403'],
        },
      },
    },
    '/api/admin/agents/{id}/disable': adminAction('Disable an agent: no sign-in, sessions end at once (admin)', 'adminDisableAgent', {
      '409': error('An admin cannot disable themselves (`conflict`).'),
    }),
    '/api/admin/agents/{id}/enable': adminAction('Enable a disabled agent (admin)', 'adminEnableAgent'),
    '/api/admin/agents/{id}/revoke-sessions': adminAction('End every session of an agent (admin)', 'adminRevokeSessions'),
  };
}
