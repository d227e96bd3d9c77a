/**
 * Incidents, maintenance and the public status over HTTP.
 *
 * Agents (session; writes need X-CSRF-Token), under /api/inbox:
 *   GET  /incidents                                   open ones and the latest others, newest first
 *   POST /incidents                {title, status, siteKeys: [..] | 'all', body}
 *   POST /incidents/{id}/updates   {status, body, hold?}      a public update; hold keeps it open as monitoring
 *   POST /tickets/{ref}/incident   {incidentId | null}        its requester gets the updates while the ticket is open
 *   GET  /maintenance                                 windows not ended 90 days ago
 *   POST /maintenance              {siteKeys: KEY | 'all', title, body, startsAt, endsAt}
 *   DELETE /maintenance/{id}                          cancels it
 *
 * Public, under /api/status (CORS for the site's origins, app.ts):
 *   GET  /?site=KEY                                   state, uptime, incidents, maintenance (cacheable 5 s)
 *   POST /incidents/{id}/affected  {site, name, email}        the widget: "I am affected too"
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { Config } from '../config.ts';
import { requireAgent, type AgentEnv } from '../agents/auth.ts';
import { ApiError } from '../http/errors.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, limitBody, queryParams } from '../http/json-body.ts';
import { limitsFor } from '../http/rate-limit.ts';
import { checkSiteOrigin } from '../http/site-cors.ts';
import { RANGE, rowIdFromPath } from '../store/ids.ts';
import { declareIncident, linkTicket, listIncidents, postIncidentUpdate, subscribeAffected } from './incidents.ts';
import { cancelMaintenance, listMaintenance, scheduleMaintenance } from './maintenance.ts';
import { publicStatus } from './public-status.ts';
import {
  AffectedInput,
  DeclareIncident,
  IncidentUpdateInput,
  LinkIncidentInput,
  MaintenanceInput,
  StatusQuery,
  type Incident,
  type IncidentList,
  type LinkedIncident,
  type MaintenanceList,
  type MaintenanceWindow,
  type PublicStatus,
  type Subscribed,
} from './shapes.ts';
import type { z } from 'zod';

const body = <T>(c: { var: unknown }) => (c.var as { body: T }).body;

function idParam(text: string, what: string): number {
  const id = rowIdFromPath(text);
  if (id === null) throw new ApiError(404, 'not_found', `There is no ${what} ${text.slice(0, 20)}.`, { id: RANGE });
  return id;
}

export function incidentInboxRoutes() {
  // Only on its own paths: the rest of /api/inbox checks the session itself (inbox/routes.ts).
  const agent = requireAgent() as unknown as MiddlewareHandler<AgentEnv>;
  const app = new Hono<AgentEnv>();
  for (const path of ['/incidents', '/incidents/*', '/maintenance', '/maintenance/*', '/tickets/:reference/incident'])
    app.use(path, agent, limitBody(64 * 1024));
  app
    .get('/incidents', async (c) => c.json<z.infer<typeof IncidentList>>({ incidents: await listIncidents(c.var.services.store.db) }))
    .post('/incidents', jsonBody(DeclareIncident), async (c) =>
      c.json<Incident>(await declareIncident(c.var.services, body<DeclareIncident>(c), c.var.agent.email), 201),
    )
    .post('/incidents/:id/updates', jsonBody(IncidentUpdateInput), async (c) =>
      c.json<Incident>(
        await postIncidentUpdate(c.var.services, idParam(c.req.param('id'), 'incident'), body<IncidentUpdateInput>(c), c.var.agent.email),
        201,
      ),
    )
    .post('/tickets/:reference/incident', jsonBody(LinkIncidentInput), async (c) =>
      c.json<z.infer<typeof LinkedIncident>>(
        await linkTicket(c.var.services, c.req.param('reference'), body<z.output<typeof LinkIncidentInput>>(c).incidentId),
      ),
    )
    .get('/maintenance', async (c) =>
      c.json<z.infer<typeof MaintenanceList>>({
        maintenance: await listMaintenance(c.var.services.store.db, c.var.services.clock.now()),
      }),
    )
    .post('/maintenance', jsonBody(MaintenanceInput), async (c) =>
      c.json<MaintenanceWindow>(await scheduleMaintenance(c.var.services, body<MaintenanceInput>(c), c.var.agent.email), 201),
    )
    .delete('/maintenance/:id', async (c) =>
      c.json<MaintenanceWindow>(await cancelMaintenance(c.var.services, idParam(c.req.param('id'), 'maintenance window'))),
    );
  return app as unknown as Hono<AppEnv>;
}

export function statusRoutes(config: Config) {
  const reads = limitsFor('reads', config);
  const writes = limitsFor('events', config);
  return new Hono<AppEnv>()
    .get('/', reads.byIp, queryParams(StatusQuery), async (c) => {
      const { site } = (c.var as unknown as { query: z.output<typeof StatusQuery> }).query;
      const status = await publicStatus(c.var.services, site);
      // Every widget on a site polls this: a few seconds of caching spares the store, stale by at most that.
      c.header('Cache-Control', 'public, max-age=5');
      c.header('Vary', 'Origin');
      return c.json<PublicStatus>(status);
    })
    .post(
      '/incidents/:id/affected',
      writes.byIp,
      limitBody(8 * 1024),
      jsonBody(AffectedInput),
      writes.bySite,
      checkSiteOrigin,
      async (c) => {
        await subscribeAffected(c.var.services, idParam(c.req.param('id'), 'incident'), body<AffectedInput>(c));
        return c.json<z.infer<typeof Subscribed>>({ subscribed: true }, 201);
      },
    );
}
