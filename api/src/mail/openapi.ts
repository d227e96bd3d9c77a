/** POST /api/mail/inbound in the OpenAPI route table (openapi/operations.ts). */
import { error, type Operation } from '../openapi/operations.ts';
import { InboundResult } from './shapes.ts';

export const mailOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/mail/inbound',
    operationId: 'inboundMail',
    summary: 'Inbound mail webhook: a raw MIME message',
    description:
      "Protected by HELPWAY_INBOUND_SECRET in the X-Helpway-Inbound-Secret header only; wrong or missing secrets are rate limited per client address. A reply that answers one of our mails to a ticket's requester (our Message-ID in In-Reply-To/References) and comes from the requester's address becomes a message on that ticket; other mail from a registered site's domain becomes a ticket (once per Message-ID). An SPF/DKIM/DMARC fail in the provider's Authentication-Results is refused; without a pass the message is stored marked as from an unverified sender. Anything else is refused with `mail_rejected`.",
    body: { raw: { required: true, content: { 'message/rfc822': { schema: { type: 'string' } } } } },
    responses: {
      '201': { description: 'A message added to a ticket, or a new ticket.', json: InboundResult },
      '200': { description: 'The same Message-ID again: the ticket created before.', json: InboundResult },
      '401': error('No secret.'),
      '403': error('Wrong secret, or inbound mail not enabled.'),
      '422': error('Rejected (`mail_rejected`), saying why.'),
      '429': error('Too many wrong secrets from this address; see Retry-After.'),
    },
  },
];
