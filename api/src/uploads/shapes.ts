/** What POST /api/uploads answers, and the file facts every attachment shows (tickets, messages). */
import { z } from 'zod';
import { Instant } from '../http/shapes.ts';

export const AttachmentInfo = z.object({ filename: z.string(), contentType: z.string(), size: z.number().int() });
export type AttachmentInfo = z.infer<typeof AttachmentInfo>;

export const UploadCreated = AttachmentInfo.extend({
  id: z
    .string()
    .describe(
      'The upload id: list it in `attachments` of POST /api/tickets or of a message. Keep it secret: it is the only claim to the file.',
    ),
  contentType: z.string().describe('From the extension, checked against the content.'),
  expiresAt: Instant.describe('An upload no ticket has claimed by then is deleted.'),
});
export type UploadCreated = z.infer<typeof UploadCreated>;
