/**
 * The inbox's words for SLA standing and SLA events: the queue's badge and time, the ticket
 * timeline's lines and the live notification. Words, not colour alone, carry the state; plain
 * strings (lit escapes them where they are shown, so a requester's reason stays text).
 */
import type { QueueItem, SlaNotice, Ticket } from './api.ts';

type Target = NonNullable<Ticket['slaTimeline'][number]['target']>;
type TimelineEntry = Ticket['slaTimeline'][number];

const TARGET_NAMES: Record<Target, string> = { response: 'first response', resolution: 'resolution', reply: 'next reply' };
const TRIGGER_WORDS: Record<string, string> = {
  response_missed: 'response target missed',
  resolution_missed: 'resolution target missed',
  reply_missed: 'next-reply target missed',
  requested: 'the requester asked',
  complaint: 'formal complaint',
};

export const targetName = (target: Target | null): string => (target ? TARGET_NAMES[target] : 'target');

/** The badge of an at-risk or breached ticket ("" when all is well). */
export function slaBadge(state: QueueItem['sla']): string {
  return state === 'breached' ? 'Overdue' : state === 'at_risk' ? 'At risk' : '';
}

/** One line of the ticket's SLA timeline; `time` formats an instant for people. */
export function timelineLine(entry: TimelineEntry, time: (iso: string | null) => string): string {
  const target = targetName(entry.target);
  if (entry.kind === 'warned') return `Warned: ${target} due ${time(entry.dueAt)}`;
  if (entry.kind === 'missed') return `Missed: ${target} target${entry.dueAt ? ` (due ${time(entry.dueAt)})` : ''}`;
  const to = `level ${entry.level ?? '?'} (${[entry.role, entry.contact].filter(Boolean).join(', ')})`;
  if (entry.trigger === 'requested' || entry.trigger === 'complaint') {
    const asked = entry.trigger === 'complaint' ? 'Requester made a formal complaint' : 'Requester asked for escalation';
    return `${asked}${entry.reason ? `: «${entry.reason}»` : ''} — escalated to ${to}`;
  }
  const why = entry.trigger ? (TRIGGER_WORDS[entry.trigger] ?? entry.trigger) : '';
  return `Escalated to ${to}${why ? ` — ${why}` : ''}`;
}

/** The live notification for an SLA event: "HW-1234: first response at risk". */
export function noticeText(notice: SlaNotice): string {
  const target = targetName(notice.target);
  if (notice.kind === 'warned') return `${notice.reference}: ${target} at risk`;
  if (notice.kind === 'missed') return `${notice.reference}: ${target} target missed`;
  if (notice.trigger === 'requested' || notice.trigger === 'complaint')
    return `${notice.reference}: the requester asked for escalation (level ${notice.level ?? '?'})`;
  return `${notice.reference}: escalated to level ${notice.level ?? '?'}${notice.role ? ` (${notice.role})` : ''}`;
}
