/** Incidents, maintenance and the public status: inputs the routes validate and answers they give (zod, also the OpenAPI schemas). */
import { z } from 'zod';
import { Instant } from '../http/shapes.ts';
import { SiteKey } from '../sites/sites.ts';
import { RowId } from '../store/ids.ts';

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export const IncidentStatus = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

const Title = z.string().trim().min(1, 'is required').max(200, 'use at most 200 characters');
const Body = z.string().trim().min(1, 'is required').max(5000, 'use at most 5000 characters');
/** Which sites: a list of keys (at least one), or every site. */
const Sites = z.union([z.literal('all'), z.array(SiteKey).min(1, 'name at least one site, or "all"').max(500)]);

export const DeclareIncident = z
  .object({
    title: Title,
    status: IncidentStatus.exclude(['resolved']).default('investigating'),
    siteKeys: Sites,
    body: Body,
  })
  .strict();
export type DeclareIncident = z.output<typeof DeclareIncident>;

export const IncidentUpdateInput = z
  .object({
    status: IncidentStatus,
    body: Body,
    /** true: keep it open as monitoring when its site comes back (an automatic incident is not resolved by the prober). */
    hold: z.boolean().optional(),
  })
  .strict();
export type IncidentUpdateInput = z.output<typeof IncidentUpdateInput>;

export const LinkIncidentInput = z.object({ incidentId: RowId.nullable() }).strict();

export const AffectedInput = z
  .object({
    site: SiteKey,
    name: z.string().trim().min(1, 'is required').max(120),
    email: z.email('is not an email address').max(254),
  })
  .strict();
export type AffectedInput = z.output<typeof AffectedInput>;

export const MaintenanceInput = z
  .object({
    siteKeys: z.union([z.literal('all'), SiteKey]).describe('One site key, or "all".'),
    title: Title,
    body: z.string().trim().max(5000).default(''),
    startsAt: Instant,
    endsAt: Instant,
  })
  .strict()
  .refine((m) => Date.parse(m.endsAt) > Date.parse(m.startsAt), { path: ['endsAt'], message: 'must be after startsAt' });
export type MaintenanceInput = z.output<typeof MaintenanceInput>;

export const IncidentUpdate = z.object({
  id: z.number().int(),
  status: IncidentStatus,
  body: z.string(),
  author: z.string(),
  createdAt: Instant,
});

export const Incident = z.object({
  id: z.number().int(),
  title: z.string(),
  status: IncidentStatus,
  scope: z.enum(['sites', 'all']),
  siteKeys: z.array(z.string()).describe('The sites it is about (empty when the scope is all).'),
  auto: z.boolean().describe('Opened when a site went down.'),
  hold: z.boolean().describe('Kept open as monitoring when the site comes back.'),
  startedAt: Instant,
  resolvedAt: Instant.nullable(),
  updatedAt: Instant,
  updates: z.array(IncidentUpdate).describe('Newest first.'),
});
export type Incident = z.infer<typeof Incident>;

export const IncidentList = z.object({ incidents: z.array(Incident) });
export const LinkedIncident = z.object({ reference: z.string(), incidentId: z.number().int().nullable() });
export const Subscribed = z.object({ subscribed: z.literal(true) });

export const MaintenanceWindow = z.object({
  id: z.number().int(),
  scope: z.enum(['site', 'all']),
  siteKey: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  startsAt: Instant,
  endsAt: Instant,
  cancelledAt: Instant.nullable(),
  state: z.enum(['upcoming', 'active', 'past', 'cancelled']),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;
export const MaintenanceList = z.object({ maintenance: z.array(MaintenanceWindow) });

export const StatusQuery = z.object({ site: SiteKey.optional().describe("A site's key; without it, vendor-wide.") }).strict();

const Percent = z.number().min(0).max(100).describe('Percent of the time up, maintenance excluded, e.g. 99.95.');
export const PublicIncident = Incident.pick({
  id: true,
  title: true,
  status: true,
  startedAt: true,
  resolvedAt: true,
  updatedAt: true,
}).extend({
  scope: z.enum(['sites', 'all']),
  siteKeys: z.array(z.string()),
  updates: z.array(IncidentUpdate.omit({ author: true })),
});
export const PublicMaintenance = MaintenanceWindow.omit({ cancelledAt: true, state: true }).extend({
  state: z.enum(['upcoming', 'active']),
});
export const PublicStatus = z.object({
  site: z
    .object({
      key: z.string(),
      name: z.string(),
      state: z.enum(['up', 'down', 'maintenance']),
      uptime: z.object({ last24h: Percent, last30d: Percent }),
    })
    .nullable()
    .describe('Null for the vendor-wide status.'),
  incidents: z.array(PublicIncident).describe('Open, or resolved in the last 7 days; newest first.'),
  maintenance: z.array(PublicMaintenance).describe('Active or upcoming; soonest first.'),
});
export type PublicStatus = z.infer<typeof PublicStatus>;

export const UptimeStatementQuery = z
  .object({
    site: SiteKey,
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM'),
    format: z.enum(['html', 'csv']).default('html'),
    table: z.enum(['downtime', 'summary']).optional(),
  })
  .strict();
export type UptimeStatementQuery = z.output<typeof UptimeStatementQuery>;
