/**
 * Who is on which ticket, as the inbox API answers it (POST /api/inbox/presence) and as its live
 * stream sends it (`presence` event of GET /api/inbox/events). The inbox UI imports the types.
 */
import { z } from 'zod';

export const PRESENCE_STATES = ['viewing', 'replying'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

/** A tab's id: the inbox makes a random one per page load (crypto.randomUUID). */
export const TabId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'must be the tab id: 8 to 64 letters, digits or dashes');

export const PresenceInput = z.strictObject({
  tab: TabId.describe('The browser tab saying where it is; the same id goes on GET /api/inbox/events?tab=, which keeps it fresh.'),
  ticket: z
    .string()
    .regex(/^HW-\d{4,12}$/i, 'must be a ticket reference like HW-1042, or null')
    .nullable()
    .describe('The ticket the tab shows; null when it left every ticket.'),
  state: z.enum(PRESENCE_STATES).default('viewing').describe('`replying` while a reply is being written in the tab.'),
});
export type PresenceInput = z.output<typeof PresenceInput>;

export const TicketPresence = z.object({
  reference: z.string(),
  agents: z
    .array(
      z.object({
        id: z.number().int(),
        name: z.string().describe("The agent's name as the team sees it."),
        state: z.enum(PRESENCE_STATES).describe('`replying` when any of their tabs on the ticket is writing a reply.'),
      }),
    )
    .describe('Every agent on the ticket, the caller included, by name.'),
});
export type TicketPresence = z.infer<typeof TicketPresence>;

/** The `presence` event: every ticket someone is on, whole (a stream keeps only the latest). */
export const PresenceNotice = z.object({ tickets: z.array(TicketPresence) });
export type PresenceNotice = z.infer<typeof PresenceNotice>;
