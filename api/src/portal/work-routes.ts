/**
 * The portal's work routes: a key contact's order of the site's open tickets
 * (GET/PUT /api/portal/priorities) and their decision on billable work waiting for approval
 * (POST /api/portal/tickets/{ref}/approval); and the widget's list of a verified contact's
 * tickets (POST /api/widget/my-tickets). Handlers stay short: the rules are in
 * priorities.ts, approvals.ts and widget-tickets.ts.
 */
import { Hono } from 'hono';
import type { Config } from '../config.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody } from '../http/json-body.ts';
import { limitsFor } from '../http/rate-limit.ts';
import { checkSiteOrigin } from '../http/site-cors.ts';
import { ApprovalInput, decideApproval } from './approvals.ts';
import { requireContact, type PortalEnv } from './auth.ts';
import { PrioritiesInput, setPriorities, sitePriorities } from './priorities.ts';
import { WidgetIdentity, widgetContactTickets } from './widget-tickets.ts';

const SMALL_BODY = 64 * 1024;

export function portalWorkRoutes() {
  return new Hono<PortalEnv>()
    .get('/priorities', requireContact({ key: true }), async (c) =>
      c.json({ tickets: await sitePriorities(c.var.services.store.db, c.var.contact.siteKey) }),
    )
    .put('/priorities', requireContact({ key: true }), jsonBody(PrioritiesInput, { maxBytes: SMALL_BODY }), async (c) => {
      const { references } = c.var.body as PrioritiesInput;
      return c.json({ tickets: await setPriorities(c.var.services.store.db, c.var.contact, references) });
    })
    .post('/tickets/:reference/approval', requireContact({ key: true }), jsonBody(ApprovalInput, { maxBytes: SMALL_BODY }), async (c) =>
      c.json(await decideApproval(c.var.services, c.var.contact, c.req.param('reference'), c.var.body as ApprovalInput)),
    );
}

export function widgetTicketRoutes(config: Config) {
  const reads = limitsFor('reads', config);
  return new Hono<AppEnv>().post('/my-tickets', reads.byIp, jsonBody(WidgetIdentity, { maxBytes: 4096 }), checkSiteOrigin, async (c) =>
    c.json(await widgetContactTickets(c.var.services, c.var.body as WidgetIdentity)),
  );
}
