/**
 * Ticket references: what people and mails call a ticket (HW-1042) and the row id it names.
 * The one codec: every way in (the API, the inbox, mail, the status page, chat) reads references
 * here, so a reference that cannot name a row is refused the same way everywhere.
 */
import { MAX_ID } from '../store/ids.ts';

/** Added to the row id so the first references have four digits. */
const OFFSET = 1000;

export const referenceFor = (id: number): string => `HW-${OFFSET + Number(id)}`;

/** The row id `reference` names, or null when no row can have it (wrong shape, or outside the id range). */
export function idFromReference(reference: string): number | null {
  const m = /^HW-(\d{4,12})$/i.exec(reference);
  if (!m) return null;
  const id = Number(m[1]) - OFFSET;
  return Number.isSafeInteger(id) && id > 0 && id <= MAX_ID ? id : null;
}

/** The first reference written in free text (a subject, a mail header), as HW-digits; it proves nothing by itself. */
export function referenceIn(text: string): string | null {
  const m = /\bHW-(\d{4,12})\b/i.exec(text);
  return m ? `HW-${m[1]}` : null;
}
