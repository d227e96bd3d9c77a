/** /api/inbox/saved-replies (saved-reply-routes.ts) in the OpenAPI route table (openapi/operations.ts): agents. */
import { bodyErrors, csrfHeader, error, idParam, type Operation } from '../openapi/operations.ts';
import { MAX_ID } from '../store/ids.ts';
import { agentErrors } from './openapi.ts';
import {
  FillQuery,
  NewSavedReply,
  SavedReplyAnswer,
  SavedReplyChange,
  SavedReplyDeleted,
  SavedReplyFilled,
  SavedReplyList,
  SavedReplyQuery,
} from './saved-reply-shapes.ts';

const notFound = error('No saved reply with this id that you can use (`not_found`): none, or another agent\u2019s own.');
const fileIdParam = { name: 'fileId', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: MAX_ID } };

export const savedReplyOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/inbox/saved-replies',
    operationId: 'savedReplies',
    summary: 'Saved replies you can use: the shared ones and your own, most used first',
    description:
      'Placeholders in a body ({{requester.name}}, {{requester.firstName}}, {{requester.email}}, {{ticket.reference}}, {{ticket.subject}}, {{ticket.due}}, {{site.name}}, {{agent.name}}) are filled by GET …/{id}/filled for a ticket.',
    auth: 'agentSession',
    query: SavedReplyQuery,
    responses: {
      '200': { description: 'The saved replies, with what each placeholder is filled with.', json: SavedReplyList },
      '401': agentErrors['401'],
      '422': error('A parameter is refused (`validation_failed`), named in `fields`.'),
    },
  },
  {
    method: 'post',
    path: '/api/inbox/saved-replies',
    operationId: 'savedReplyCreate',
    summary: 'Save a reply: your own, or shared with every agent (admins only)',
    description: 'Files are uploaded first (POST /api/uploads) and named by upload id; they are copied into the saved reply.',
    auth: 'agentSession',
    parameters: [csrfHeader],
    body: NewSavedReply,
    responses: {
      '201': { description: 'Saved.', json: SavedReplyAnswer },
      ...bodyErrors,
      '401': agentErrors['401'],
      '403': error(
        'Missing or wrong X-CSRF-Token (`csrf_token_invalid`), or a shared reply from an agent who is not an admin (`forbidden`).',
      ),
    },
  },
  {
    method: 'get',
    path: '/api/inbox/saved-replies/{id}',
    operationId: 'savedReply',
    summary: 'One saved reply',
    auth: 'agentSession',
    parameters: [idParam],
    responses: { '200': { description: 'The saved reply.', json: SavedReplyAnswer }, '401': agentErrors['401'], '404': notFound },
  },
  {
    method: 'patch',
    path: '/api/inbox/saved-replies/{id}',
    operationId: 'savedReplyChange',
    summary: 'Change a saved reply: its title, text, files, or whether it is shared',
    description: 'Your own, or (admins) a shared one; only admins share or unshare.',
    auth: 'agentSession',
    parameters: [idParam, csrfHeader],
    body: SavedReplyChange,
    responses: {
      '200': { description: 'Changed.', json: SavedReplyAnswer },
      ...bodyErrors,
      '401': agentErrors['401'],
      '403': error('Missing or wrong X-CSRF-Token, or not yours to change (`forbidden`).'),
      '404': notFound,
    },
  },
  {
    method: 'delete',
    path: '/api/inbox/saved-replies/{id}',
    operationId: 'savedReplyDelete',
    summary: 'Delete a saved reply (yours, or as an admin a shared one)',
    description: 'Messages already sent with it keep their text and files.',
    auth: 'agentSession',
    parameters: [idParam, csrfHeader],
    responses: {
      '200': { description: 'Deleted.', json: SavedReplyDeleted },
      '401': agentErrors['401'],
      '403': error('Missing or wrong X-CSRF-Token, or not yours to delete (`forbidden`).'),
      '404': notFound,
    },
  },
  {
    method: 'get',
    path: '/api/inbox/saved-replies/{id}/filled',
    operationId: 'savedReplyFilled',
    summary: 'A saved reply with its placeholders filled for a ticket, to insert into the reply box',
    description:
      'Values are one line of plain text each (line breaks and control characters become spaces) and are never read for placeholders themselves: a requester named "{{agent.name}}" stays that text. Send the reply with `savedReplyId` (its use is counted then) and `savedReplyFiles`.',
    auth: 'agentSession',
    parameters: [idParam],
    query: FillQuery,
    responses: {
      '200': { description: 'The filled text and its files.', json: SavedReplyFilled },
      '401': agentErrors['401'],
      '404': error('No such saved reply you can use, or no such ticket (`not_found`).'),
      '422': error('A parameter is refused (`validation_failed`), named in `fields`.'),
    },
  },
  {
    method: 'get',
    path: '/api/inbox/saved-replies/{id}/files/{fileId}',
    operationId: 'savedReplyFile',
    summary: "Download one of a saved reply's files",
    auth: 'agentSession',
    parameters: [idParam, fileIdParam],
    responses: { '200': { description: 'The file.' }, '401': agentErrors['401'], '404': notFound },
  },
];
