/**
 * What a search does to the queue's filters. A search looks at every status (an agent looking for
 * a ticket by its reference or the requester's name rarely knows whether it is solved), so
 * starting one moves the Status filter from its default "Active" to "All", visibly; clearing the
 * search puts "Active" back if the Status filter still says "All". Results are ranked, so the
 * client-priority order does not apply to them.
 */
import type { QueueFilters } from './queue-view.ts';

export function searchFilters(filters: QueueFilters, q: string): QueueFilters {
  if (q && !filters.q) return { ...filters, q, sort: '', status: filters.status === 'active' ? 'all' : filters.status };
  if (!q && filters.q) return { ...filters, q: '', status: filters.status === 'all' ? 'active' : filters.status };
  return { ...filters, q };
}
