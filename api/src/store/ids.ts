/**
 * The range of row ids. Ids are `serial` (32-bit `integer`) columns on PostgreSQL: a larger
 * number cannot name a row, and PostgreSQL refuses to compare a column with it (a 5xx), so
 * every id from a caller is checked against this range before it reaches a query.
 */
import { z } from 'zod';

export const MAX_ID = 2_147_483_647;

/** What a caller is told about an id out of range. */
export const RANGE = `must be a whole number from 1 to ${MAX_ID}`;

/** An id in a JSON body. */
export const RowId = z.number(RANGE).int(RANGE).min(1, RANGE).max(MAX_ID, RANGE);

/** An id in a path or a query string: digits only, then the same range. */
export const RowIdText = z
  .string()
  .regex(/^\d{1,10}$/, RANGE)
  .transform(Number)
  .pipe(RowId);

/** The id a path parameter names, or null when no row can have it. */
export const rowIdFromPath = (text: string): number | null => {
  const parsed = RowIdText.safeParse(text);
  return parsed.success ? parsed.data : null;
};
