/** The portal's sign-in, session and contact routes, and the admins' contact routes, in the OpenAPI route table. */
import { csrfHeader, error, idParam, rateLimited, type Operation } from '../openapi/operations.ts';
import { agentErrors } from '../inbox/openapi.ts';
import { NewContact } from './contacts.ts';
import { SignInConfirm, SignInRequest } from './sign-in-routes.ts';
import { Contacts, ContactSaved, PortalDone, PortalMe, PortalSessions, SignInRequested } from './account-shapes.ts';

const portalCsrf = { ...csrfHeader, description: 'The token from GET /api/portal/me (or the sign-in answer).' };
const signedOut = error('No portal session (`unauthorized`).');
const portalErrors = {
  '401': signedOut,
  '403': error('Missing or wrong X-CSRF-Token (`csrf_token_invalid`).'),
};
const keyErrors = {
  '401': signedOut,
  '403': error("Missing or wrong X-CSRF-Token (`csrf_token_invalid`), or not one of the site's key contacts (`forbidden`)."),
};
const siteKeyParam = { name: 'key', in: 'path', required: true, schema: { type: 'string' }, description: 'Site key, e.g. acme.' };
const sessionIdParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'A session id from the list.' };
const notJson = error('Not JSON (`unsupported_media_type`).');
const invalid = error('Validation failed (`validation_failed`), with `fields`.');

export const portalAccountOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/portal/sign-in',
    operationId: 'portalSignIn',
    summary: 'Ask for a portal sign-in link by email',
    description:
      'Mails each contact with this address a single-use link to /portal/sign-in#token=…, valid 15 minutes. The answer is the same whether or not the address is a contact. Limited per client address and per email (429 counts every address alike).',
    body: SignInRequest,
    responses: {
      '202': { description: 'Accepted (always the same body).', json: SignInRequested },
      '415': notJson,
      '422': invalid,
      '429': rateLimited,
    },
  },
  {
    method: 'post',
    path: '/api/portal/sign-in/confirm',
    operationId: 'portalSignInConfirm',
    summary: 'Sign in with the token of a mailed link',
    description: 'Uses the link (once, even when two requests race) and opens a portal session: sets the `helpway_portal` cookie.',
    body: SignInConfirm,
    responses: {
      '200': { description: 'Signed in, with a session cookie.', json: PortalMe },
      '410': error('The link expired, was already used, or never existed (`link_expired`).'),
      '415': notJson,
      '422': invalid,
      '429': rateLimited,
    },
  },
  {
    method: 'get',
    path: '/api/portal/me',
    operationId: 'portalMe',
    summary: 'The signed-in contact, their site and the CSRF token',
    auth: 'portalSession',
    responses: { '200': { description: 'The contact.', json: PortalMe }, '401': signedOut },
  },
  {
    method: 'post',
    path: '/api/portal/sign-out',
    operationId: 'portalSignOut',
    summary: 'Sign out of the portal (this session)',
    auth: 'portalSession',
    parameters: [portalCsrf],
    responses: { '200': { description: 'Signed out; the cookie is cleared.', json: PortalDone }, ...portalErrors },
  },
  {
    method: 'get',
    path: '/api/portal/sessions',
    operationId: 'portalSessions',
    summary: "The contact's live sessions",
    auth: 'portalSession',
    responses: { '200': { description: 'Sessions, last used first; `current` marks this one.', json: PortalSessions }, '401': signedOut },
  },
  {
    method: 'delete',
    path: '/api/portal/sessions/{id}',
    operationId: 'portalRevokeSession',
    summary: 'End one of the contact’s sessions',
    auth: 'portalSession',
    parameters: [sessionIdParam, portalCsrf],
    responses: {
      '200': { description: 'Ended (the cookie is cleared when it was this session).', json: PortalDone },
      ...portalErrors,
      '404': error('No such session of this contact (`not_found`).'),
    },
  },
  {
    method: 'get',
    path: '/api/portal/contacts',
    operationId: 'portalContacts',
    summary: "The site's contacts (key contacts)",
    auth: 'portalSession',
    responses: { '200': { description: 'Contacts of the signed-in contact’s site.', json: Contacts }, ...keyErrors },
  },
  {
    method: 'post',
    path: '/api/portal/contacts',
    operationId: 'portalInviteContact',
    summary: 'Invite a member (key contacts)',
    description:
      'Adds a member to the site (or renames an existing member) and mails them a sign-in link. Key contacts are managed by the supplier: role "key", or a key contact\'s address, is refused (403); so is one\'s own address (409).',
    auth: 'portalSession',
    parameters: [portalCsrf],
    body: NewContact,
    responses: {
      '200': { description: 'An existing member updated and mailed a link.', json: ContactSaved },
      '201': { description: 'Invited.', json: ContactSaved },
      ...keyErrors,
      '409': error('One’s own address (`conflict`).'),
      '422': invalid,
    },
  },
  {
    method: 'delete',
    path: '/api/portal/contacts/{id}',
    operationId: 'portalRemoveContact',
    summary: 'Remove a member (key contacts)',
    description: 'Their sessions and links end; their tickets stay with the site, unowned.',
    auth: 'portalSession',
    parameters: [idParam, portalCsrf],
    responses: {
      '200': { description: 'Removed.', json: PortalDone },
      ...keyErrors,
      '404': error('No such contact on this site (`not_found`).'),
      '409': error('One’s own contact (`conflict`).'),
      '422': invalid,
    },
  },
  {
    method: 'get',
    path: '/api/admin/sites/{key}/contacts',
    operationId: 'adminSiteContacts',
    summary: "A site's portal contacts (admins)",
    auth: 'agentSession',
    parameters: [siteKeyParam],
    responses: {
      '200': { description: 'The contacts, key contacts first.', json: Contacts },
      '401': agentErrors['401'],
      '403': agentErrors['403'],
      '404': error('No such site.'),
    },
  },
  {
    method: 'post',
    path: '/api/admin/sites/{key}/contacts',
    operationId: 'adminSaveSiteContact',
    summary: 'Add a portal contact to a site, or change one (admins)',
    auth: 'agentSession',
    parameters: [siteKeyParam, csrfHeader],
    body: NewContact,
    responses: {
      '200': { description: 'The address was a contact already: name and role updated.', json: ContactSaved },
      '201': { description: 'Added.', json: ContactSaved },
      ...agentErrors,
      '404': error('No such site.'),
    },
  },
  {
    method: 'delete',
    path: '/api/admin/sites/{key}/contacts/{id}',
    operationId: 'adminRemoveSiteContact',
    summary: 'Remove a portal contact (admins)',
    auth: 'agentSession',
    parameters: [siteKeyParam, idParam, csrfHeader],
    responses: {
      '200': { description: 'Removed: their sessions end; their tickets stay, unowned.', json: PortalDone },
      ...agentErrors,
      '404': error('No such site, or no such contact on it.'),
    },
  },
];
