/** POST /api/uploads in the OpenAPI route table (openapi/operations.ts). */
import type { Policy } from '#content/policy-schema.ts';
import { error, type Operation } from '../openapi/operations.ts';
import { UploadQuery } from './schema.ts';
import { UploadCreated } from './shapes.ts';

export function uploadOperations(policy: Policy): Operation[] {
  return [
    {
      method: 'post',
      path: '/api/uploads',
      operationId: 'uploadFile',
      summary: 'Upload one attachment, before the ticket or message that attaches it',
      description: `The request body is the file itself (any Content-Type; the type is taken from the extension and checked against the content: an executable renamed report.pdf is refused). At most ${Math.round(policy.attachments.maxBytes / 1048576)} MB per file, enforced while the bytes arrive; allowed extensions: ${policy.attachments.allowedTypes.join(', ')}. The answer's \`id\` goes into \`attachments\` of POST /api/tickets or POST /api/tickets/{reference}/messages; an unclaimed upload is deleted after a day. Uploads are limited in bytes per hour, per site and per client address (429 with Retry-After). CORS and Origin rules are those of ticket creation.`,
      query: UploadQuery,
      body: {
        raw: {
          required: true,
          content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } },
        },
      },
      responses: {
        '201': { description: 'Stored, waiting for a ticket.', json: UploadCreated },
        '403': error('The Origin is not registered for the site (`origin_not_allowed`).'),
        '413': error('The file is over the size limit (`payload_too_large`).'),
        '422': error(
          'A name that is not a plain visible file name, a type the policy does not allow, or content that does not match the extension (`validation_failed`, fields `filename` or `file`); `unknown_site`.',
        ),
        '429': error('Too many requests, or too many bytes this hour for the site or the address (`rate_limited`); see Retry-After.'),
      },
    },
  ];
}
