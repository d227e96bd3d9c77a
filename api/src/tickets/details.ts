/**
 * What the widget sent with a ticket, stored as JSON text: the page it came from, the searches
 * and articles before it, the ticket type's own fields. Read back leniently: a row whose text
 * does not parse shows as empty rather than failing the whole ticket.
 */
import type { TicketRow } from '../store/schema.ts';
import type { TicketContext } from './shapes.ts';

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function storedDetails(row: Pick<TicketRow, 'context' | 'journey' | 'fields'>) {
  return {
    context: parseJson<TicketContext>(row.context, {}),
    journey: parseJson<{ searches: string[]; articlesRead: string[] }>(row.journey, { searches: [], articlesRead: [] }),
    fields: parseJson<Record<string, unknown>>(row.fields, {}),
  };
}
