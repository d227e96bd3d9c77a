/** /api/agents and /api/admin in the OpenAPI route table (openapi/operations.ts). */
import { NewSite } from '../sites/sites.ts';
import { SlaAmendmentChange } from '../sites/sla-amendments.ts';
import { csrfHeader, error, idParam, type Operation } from '../openapi/operations.ts';
import { agentErrors } from '../inbox/openapi.ts';
import { NewAgent } from './accounts.ts';
import { ChangePassword, Login, ProfileChange, ResetConfirm, ResetRequest } from './routes.ts';
import {
  AdminAgents,
  AgentChanged,
  AgentCreated,
  PasswordChanged,
  ProfileSaved,
  ResetDone,
  ResetRequested,
  SessionsRevoked,
  SignedIn,
  SignedOut,
  Sites,
  SiteSaved,
  SiteSla,
  Team,
} from './shapes.ts';

const notJson = error('Not JSON (`unsupported_media_type`).');
const tooMany = error('Too many attempts (`rate_limited`), with Retry-After in seconds.');
const adminErrors = {
  '401': agentErrors['401'],
  '403': agentErrors['403'],
  '404': error('No such agent.'),
  '422': error('The id is not an agent id.'),
};

const siteKeyParam = { name: 'key', in: 'path', required: true, schema: { type: 'string' }, description: 'Site key, e.g. acme.' };

const adminAction = (
  path: string,
  operationId: string,
  summary: string,
  json: typeof AgentChanged | typeof SessionsRevoked,
  extra: Operation['responses'] = {},
): Operation => ({
  method: 'post',
  path: `/api/admin/agents/{id}/${path}`,
  operationId,
  summary,
  auth: 'agentSession',
  parameters: [idParam, csrfHeader],
  responses: { '200': { description: 'Done, with `signedOutSessions` where sessions ended.', json }, ...adminErrors, ...extra },
});

export const agentOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/agents/login',
    operationId: 'agentLogin',
    summary: 'Agent sign-in',
    body: Login,
    responses: {
      '200': { description: 'Signed in, with a session cookie.', json: SignedIn },
      '401': error('Wrong email or password (`invalid_credentials`).'),
      '415': notJson,
      '429': error('Too many attempts (`rate_limited`).'),
    },
  },
  {
    method: 'post',
    path: '/api/agents/logout',
    operationId: 'agentLogout',
    summary: 'Sign out',
    auth: 'agentSession',
    parameters: [csrfHeader],
    responses: { '200': { description: 'Signed out.', json: SignedOut }, ...agentErrors },
  },
  {
    method: 'get',
    path: '/api/agents/me',
    operationId: 'agentMe',
    summary: 'The signed-in agent and the CSRF token',
    auth: 'agentSession',
    responses: { '200': { description: 'The agent.', json: SignedIn }, '401': agentErrors['401'] },
  },
  {
    method: 'get',
    path: '/api/agents',
    operationId: 'listAgents',
    summary: 'The team, with who is online',
    auth: 'agentSession',
    responses: { '200': { description: 'By name.', json: Team }, '401': agentErrors['401'] },
  },
  {
    method: 'post',
    path: '/api/agents/me/profile',
    operationId: 'changeOwnProfile',
    summary: 'Set the name requesters see',
    description:
      'The display name shown to requesters in the chat, reply mails, the status page and the client portal, with its initials as the avatar. Not an email address, not a login word such as "admin".',
    auth: 'agentSession',
    parameters: [csrfHeader],
    body: ProfileChange,
    responses: {
      '200': { description: 'Saved: the agent as now.', json: ProfileSaved },
      '401': error('No agent session.'),
      '403': error('Missing or wrong X-CSRF-Token.'),
      '422': error('`displayName` is empty, too long, an email address or a login word.'),
    },
  },
  {
    method: 'post',
    path: '/api/agents/me/password',
    operationId: 'changeOwnPassword',
    summary: "Change one's own password",
    description:
      'Needs the current password (failures are throttled like sign-in). Every other session of the agent ends; this one goes on.',
    auth: 'agentSession',
    parameters: [csrfHeader],
    body: ChangePassword,
    responses: {
      '200': { description: 'Changed.', json: PasswordChanged },
      '401': error('No agent session.'),
      '403': error('Missing or wrong X-CSRF-Token.'),
      '422': error('`currentPassword` is wrong, or `newPassword` is not acceptable.'),
      '429': tooMany,
    },
  },
  {
    method: 'post',
    path: '/api/agents/password-reset',
    operationId: 'requestPasswordReset',
    summary: 'Ask for a password reset link by mail',
    description: "Answers the same for any address. An active agent's address gets a single-use link valid for 30 minutes.",
    body: ResetRequest,
    responses: {
      '202': { description: "The same answer whether or not the address is an agent's.", json: ResetRequested },
      '415': notJson,
      '422': error('Not an email address.'),
      '429': tooMany,
    },
  },
  {
    method: 'post',
    path: '/api/agents/password-reset/confirm',
    operationId: 'confirmPasswordReset',
    summary: 'Set a new password with the token from the reset link',
    description: 'Spends the token; every session of the agent ends.',
    body: ResetConfirm,
    responses: {
      '200': { description: 'The password is set.', json: ResetDone },
      '415': notJson,
      '422': error('`token` expired, used or malformed; or `password` not acceptable.'),
      '429': tooMany,
    },
  },
  {
    method: 'get',
    path: '/api/admin/agents',
    operationId: 'adminListAgents',
    summary: 'Agents with status and live sessions (admin)',
    auth: 'agentSession',
    responses: { '200': { description: 'By name.', json: AdminAgents }, '401': agentErrors['401'], '403': agentErrors['403'] },
  },
  {
    method: 'post',
    path: '/api/admin/agents',
    operationId: 'addAgent',
    summary: 'Add an agent (admin)',
    auth: 'agentSession',
    parameters: [csrfHeader],
    body: NewAgent,
    responses: { '201': { description: 'Added.', json: AgentCreated }, '409': error('Email taken (`conflict`).'), ...agentErrors },
  },
  adminAction('disable', 'adminDisableAgent', 'Disable an agent: no sign-in, sessions end at once (admin)', AgentChanged, {
    '409': error('An admin cannot disable themselves (`conflict`).'),
  }),
  adminAction('enable', 'adminEnableAgent', 'Enable a disabled agent (admin)', AgentChanged),
  adminAction('revoke-sessions', 'adminRevokeSessions', 'End every session of an agent (admin)', SessionsRevoked),
  {
    method: 'get',
    path: '/api/admin/sites',
    operationId: 'adminListSites',
    summary: 'List sites (admin)',
    auth: 'agentSession',
    responses: { '200': { description: 'By key.', json: Sites }, ...agentErrors },
  },
  {
    method: 'post',
    path: '/api/admin/sites',
    operationId: 'adminAddSite',
    summary: 'Add or update a site (admin)',
    auth: 'agentSession',
    parameters: [csrfHeader],
    body: NewSite,
    responses: { '201': { description: 'Saved.', json: SiteSaved }, ...agentErrors },
  },
  {
    method: 'get',
    path: '/api/admin/sites/{key}/sla',
    operationId: 'adminSiteSla',
    summary: "A site's SLA amendment, its history and the terms it gives (admin)",
    auth: 'agentSession',
    parameters: [siteKeyParam],
    responses: {
      '200': { description: 'The amendment in force (null: none), every change, and the effective terms.', json: SiteSla },
      '401': agentErrors['401'],
      '403': agentErrors['403'],
      '404': error('No such site.'),
    },
  },
  {
    method: 'post',
    path: '/api/admin/sites/{key}/sla',
    operationId: 'adminAmendSiteSla',
    summary: "Amend a site's SLA: relationship manager, level contacts, target overrides (admin)",
    description:
      'Parts left out stay as they are; `crm: null` goes back to the default. Each change is kept with who made it and when; tickets filed before keep their terms.',
    auth: 'agentSession',
    parameters: [siteKeyParam, csrfHeader],
    body: SlaAmendmentChange,
    responses: {
      '201': { description: 'Amended: the site as GET answers it.', json: SiteSla },
      ...agentErrors,
      '404': error('No such site.'),
      '422': error(
        'A malformed address, an unknown severity or level, a target that is not a positive number (`validation_failed`, with `fields`).',
      ),
    },
  },
];
