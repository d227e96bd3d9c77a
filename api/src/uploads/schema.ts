/** The upload wire format as zod schemas: the upload's query, and upload ids in ticket JSON. */
import { z } from 'zod';
import { FileName } from './file-name.ts';

export const UploadQuery = z.object({
  site: z.string().min(1).max(63).describe('The site key the widget was embedded with.'),
  filename: FileName,
});

const UPLOAD_ID = /^up_[A-Za-z0-9_-]{43}$/;
const NOT_AN_UPLOAD = 'must be an upload id from POST /api/uploads (files are uploaded first, not sent inside this JSON)';

export const UploadId = z
  .string({ error: NOT_AN_UPLOAD })
  .regex(UPLOAD_ID, NOT_AN_UPLOAD)
  .describe('An upload id answered by POST /api/uploads.');

/** The `attachments` of a ticket or a message: upload ids, each at most once. */
export const UploadIds = (maxFiles: number) =>
  z
    .array(UploadId)
    .max(maxFiles, `at most ${maxFiles} files`)
    .refine((ids) => new Set(ids).size === ids.length, 'lists the same upload twice')
    .default([])
    .describe('Files uploaded first with POST /api/uploads, by their ids; each upload attaches once, to a ticket of the same site.');
