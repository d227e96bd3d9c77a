/**
 * Attachment file names. A name must be plain (no folders, nothing Windows refuses) and visible:
 * bidi controls and other invisible format characters let "\u202Egnp.html" show as "lmth.png",
 * so they are refused on the way in, and names stored before this rule are neutralised wherever
 * they are shown or offered as a download name.
 */
import { z } from 'zod';

/**
 * Controls (C0, DEL, C1), format characters (bidi embeddings, overrides and isolates, U+200E/F,
 * U+061C, zero-width space/joiners, word joiner, BOM, soft hyphen, tags…), line and paragraph
 * separators, and the fillers and joiners that render as nothing.
 */
// The Hangul fillers are listed on purpose, each alone: they render as nothing.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029\u034f\u115f\u1160\u3164\uffa0]/u;
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

export const FileName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .superRefine((name, ctx) => {
    const hidden = INVISIBLE.exec(name);
    if (hidden) {
      ctx.addIssue({
        code: 'custom',
        message: `contains ${codePoint(hidden[0])}, an invisible or text-direction character that can disguise a file's type: rename the file`,
      });
    } else if (/[/\\:*?"<>|]/.test(name)) {
      ctx.addIssue({ code: 'custom', message: 'must be a plain file name (no folders or special characters)' });
    }
  })
  .describe('The file name; its extension must be one the policy allows, and the content must match it.');

/** A stored name as it may be shown or offered for download: invisible characters become "_". */
export function displayFileName(name: string): string {
  return name.replace(INVISIBLE_ALL, '_');
}
