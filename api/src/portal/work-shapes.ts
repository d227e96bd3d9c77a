/** What the portal's work routes and the widget's contact list answer (work-routes.ts); the OpenAPI document is generated from them. */
import { z } from 'zod';
import { Instant } from '../http/shapes.ts';

/** Billable work's approval by a key contact (tickets.approval); null on a ticket = none needed. */
export const APPROVAL_STATES = ['waiting', 'approved', 'declined'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

export const PriorityList = z.object({
  tickets: z
    .array(
      z.object({
        reference: z.string(),
        subject: z.string(),
        status: z.string(),
        severity: z.string(),
        type: z.string(),
        priority: z.number().int().min(1).nullable().describe('1 = work on it first; null = not in the order.'),
      }),
    )
    .describe("The site's open tickets: the ordered ones first, by their rank, then the rest oldest first."),
});

export const ApprovalDecided = z.object({
  reference: z.string(),
  approval: z.enum(APPROVAL_STATES),
  approvalBy: z.string(),
  approvalAt: Instant,
});

export const WidgetContactTickets = z.object({
  tickets: z.array(
    z.object({
      reference: z.string(),
      subject: z.string(),
      status: z.string(),
      severity: z.string(),
      type: z.string(),
      mine: z.boolean().describe('Filed by this contact (a key contact also sees the rest of the site’s).'),
      createdAt: Instant,
      updatedAt: Instant,
    }),
  ),
  portalUrl: z.string().nullable().describe('The client portal; null when the identity did not verify or is no contact.'),
});
