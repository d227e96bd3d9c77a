/**
 * The Helpway app: the API under /api, and next to it the built KB site, the widget and the
 * demo page. `createApp(deps)` builds one from a store, a policy, a config and a clock, so
 * tests can make as many as they like, with the services it runs on (for server start).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { analyticsRoutes } from './analytics/routes.ts';
import { ApiError, errorResponse } from './http/errors.ts';
import type { AppDeps, AppEnv, Services } from './http/env.ts';
import type { Health } from './http/shapes.ts';
import { routeMethods } from './http/method-not-allowed.ts';
import { requestLog } from './http/request-log.ts';
import { siteCors } from './http/site-cors.ts';
import { limitsFor } from './http/rate-limit.ts';
import { securityHeaders } from './http/security-headers.ts';
import { staticFiles } from './http/static-files.ts';
import { publicSearchRoutes } from './articles/public-search-routes.ts';
import { renderDocsPage } from './openapi/docs-page.ts';
import { SlaSweeper } from './sla/sweeper.ts';
import { FeedbackDigest } from './articles/digest.ts';
import { Prober } from './status/prober.ts';
import { SiteEvents } from './status/events.ts';
import { openApiDocument } from './openapi/document.ts';
import { policyInLanguages } from '#content/policy-translations.ts';
import { policyRoutes } from './policy/routes.ts';
import { portalRoutes } from './portal/routes.ts';
import { reportRoutes } from './reports/routes.ts';
import { scopeRoutes } from './scope/routes.ts';
import { SiteDirectory } from './sites/sites.ts';
import { ticketRoutes } from './tickets/routes.ts';
import { mountEscalation } from './inbox/mount.ts';
import { mountPortalUi } from './portal/ui-mount.ts';
import { uploadRoutes } from './uploads/routes.ts';
import { TicketEvents } from './tickets/events.ts';
import { EventHub } from './chat/hub.ts';
import { MailOutbox } from './mail/outbox.ts';
import { Links } from './http/links.ts';
import { mailSubscribers } from './mail/subscribers.ts';
import { inboxSubscribers } from './inbox/subscribers.ts';
import { chatSubscribers } from './chat/subscribers.ts';
import { WebhookOutbox } from './webhooks/outbox.ts';
import { webhookSubscribers } from './webhooks/subscribers.ts';
import { slaOutcomeSubscribers } from './sla/outcomes.ts';
import { analyticsSubscribers } from './analytics/subscribers.ts';
import { webhookRoutes } from './webhooks/routes.ts';
import { portalSignInRoutes } from './portal/sign-in-routes.ts';
import { adminContactRoutes, portalContactRoutes } from './portal/contacts-routes.ts';
import { portalWorkSubscribers } from './portal/work-subscribers.ts';
import { portalWorkRoutes, widgetTicketRoutes } from './portal/work-routes.ts';
import { IncidentEvents } from './status/incident-events.ts';
import { maintenanceDueSubscribers } from './sla/maintenance-dues.ts';
import { incidentSubscribers } from './status/incident-mails.ts';
import { incidentInboxRoutes, statusRoutes } from './status/routes.ts';
import { statusPageRoutes } from './status/pages-routes.ts';

export type { AppDeps } from './http/env.ts';

export const systemClock = { now: () => new Date() };

export function defaultLog(entry: Record<string, unknown>): void {
  const line = JSON.stringify({ time: new Date().toISOString(), ...entry }) + '\n';
  if (entry.level === 'error') process.stderr.write(line);
  else process.stdout.write(line);
}

/** Content-hashed files are immutable; everything else revalidates (ETag), so a new build shows up at once. */
export const staticCacheControl = (urlPath: string): string =>
  /^\/(_astro|chunks|inbox\/assets)\//.test(urlPath) ? 'public, max-age=31536000, immutable' : 'no-cache';

function notFoundPage(dir: string): string | null {
  const file = path.join(dir, '404.html');
  try {
    return statSync(file).isFile() ? readFileSync(file, 'utf8') : null;
  } catch {
    return null;
  }
}

/**
 * What follows from a ticket change, each a subscriber of the ticket lifecycle's events
 * (tickets/events.ts): a new side effect (escalation, webhooks, reports) is one more line here.
 */
const SUBSCRIBERS: Array<(services: Services) => void> = [
  mailSubscribers, // mails queued with the change, the outbox worker woken after it
  inboxSubscribers, // open inboxes re-read
  chatSubscribers, // the ticket's open chat re-reads
  webhookSubscribers, // webhook deliveries queued with the change, their worker woken after it
  slaOutcomeSubscribers, // each SLA target's outcome written on the ticket with the change
  analyticsSubscribers, // a ticket from a widget session closes its funnel and marks its searches
  portalWorkSubscribers, // contacts' tickets, billable work's approval, the low-budget mail, the client's order
  incidentSubscribers, // an incident's mails to the team and the people affected, the inboxes' re-read
  maintenanceDueSubscribers, // announced or cancelled maintenance moves its sites' tickets' due times
];

export interface HelpwayApp {
  app: Hono<AppEnv>;
  /** What the app runs on: server start (inbox/runtime.ts) starts its background work with them. */
  services: Services;
}

export function createApp(deps: AppDeps): HelpwayApp {
  const { store, policy, config } = deps;
  const log = deps.log ?? defaultLog;
  const services: Services = {
    store,
    policy,
    config,
    clock: deps.clock ?? systemClock,
    sites: new SiteDirectory(store.db, { demoMode: config.demoMode }),
    log,
    events: new TicketEvents(log),
    hub: new EventHub(),
    outbox: new MailOutbox(config.escalation.secretKey),
    links: new Links(config.escalation.publicUrl, config.port),
    webhooks: new WebhookOutbox(),
    sla: new SlaSweeper(() => services),
    digest: new FeedbackDigest(() => services),
    prober: new Prober(() => services),
    siteEvents: new SiteEvents(log),
    incidents: new IncidentEvents(log),
  };
  for (const subscribe of SUBSCRIBERS) subscribe(services);

  const app = new Hono<AppEnv>();
  if (config.requestLog) app.use('*', requestLog({ write: log }));
  app.use('*', async (c, next) => {
    c.set('services', services);
    await next();
  });
  app.use('*', securityHeaders());
  app.use('/api/*', siteCors());
  app.use('/api/*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });

  const reads = limitsFor('reads', config);
  app.get('/api/health', async (c) => {
    try {
      await store.db.selectFrom('sites').select('key').limit(1).execute();
    } catch (error) {
      log({ level: 'warn', msg: 'health check: store unavailable', error: (error as Error).message });
      return c.json({ error: { code: 'unavailable', message: 'The store is not reachable.' } }, 503);
    }
    return c.json<Health>({ status: 'ok', store: store.dialect, uptimeSeconds: Math.round(process.uptime()) });
  });

  const inLanguage = policyInLanguages(policy, deps.translations);
  const { policyApp, slaApp } = policyRoutes(policy, config, inLanguage);
  app.route('/api/policy', policyApp);
  app.route('/api/sla', slaApp);
  app.route('/api/tickets', ticketRoutes(policy, config));
  app.route('/api/uploads', uploadRoutes(policy, config)); // attachments, before the ticket that claims them
  app.route('/api/scope-check', scopeRoutes(config, inLanguage));
  app.route('/api/search', publicSearchRoutes(config)); // the knowledge base searched here when its index is too big to download
  const analytics = analyticsRoutes(config);
  app.route('/api/feedback', analytics.feedback);
  app.route('/api/search-events', analytics.searchEvents);
  app.route('/api/widget-events', analytics.widgetEvents);
  app.route('/api/inbox/webhooks', webhookRoutes(config)); // admins only: before the inbox's own agent check
  app.route('/api/admin', adminContactRoutes()); // admins: a site's portal contacts
  app.route('/api/inbox', incidentInboxRoutes()); // agents: incidents, maintenance, uptime statements
  app.route('/api/status', statusRoutes(config)); // public: a site's state, uptime, incidents, maintenance
  mountEscalation(app, config); // agents, inbox, chat, mail, status page
  app.route('/api/portal', portalSignInRoutes()); // client portal: sign-in by mailed link, sessions
  app.route('/api/portal/contacts', portalContactRoutes()); // client portal: key contacts manage members
  mountPortalUi(app); // the client portal's pages (its API is under /api/portal)
  app.route('/api/reports', reportRoutes()); // agents: what the tickets and the timesheet add up to
  app.route('/api/portal', portalWorkRoutes()); // key contacts: the order of their tickets, approvals
  app.route('/api/widget', widgetTicketRoutes(config)); // a verified contact's tickets in the widget
  app.route('/api/portal', portalRoutes(policy, config)); // site contacts: their tickets, budget and SLA
  app.route('/status', statusPageRoutes(config)); // public status pages, their feeds, email subscriptions

  const document = openApiDocument(policy);
  const documentJson = JSON.stringify(document);
  const docsHtml = renderDocsPage(document);
  app.get('/api/openapi.json', reads.byIp, (c) => {
    c.header('Content-Type', 'application/json; charset=UTF-8');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(documentJson);
  });
  app.get('/api/docs', reads.byIp, (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.html(docsHtml);
  });

  // The widget runs on other origins (the clients' LMSs): its module scripts and chunks are
  // fetched with CORS, and so are the search index (and its language parts) and the article JSON it
  // reads (English, or in the widget's language: /fr/articles/<slug>.json). Public files.
  app.use('*', async (c, next) => {
    await next();
    if (
      /^\/(widget\.js$|chunks\/|search-index\.json$|search-language-[a-z]+\.json$|(?:[a-z]{2}\/)?articles\/[^/]+\.json$)/.test(c.req.path)
    ) {
      c.header('Access-Control-Allow-Origin', '*');
      c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    }
  });

  // Front-ends: the widget bundle and demo page, then the KB site. Content-hashed files are
  // immutable; everything else revalidates, so a new build shows up at once.
  app.get('*', async (c, next) => {
    await next();
    if (c.req.path.startsWith('/api/') || c.res.status !== 200 || c.res.headers.has('Cache-Control')) return;
    c.header('Cache-Control', staticCacheControl(c.req.path));
  });
  const widgetFiles = staticFiles(config.widgetDir, { cacheControl: staticCacheControl });
  const kbSite = staticFiles(config.kbSiteDir, { cacheControl: staticCacheControl });
  app.get('/widget.js', widgetFiles);
  app.get('/demo', (c) => c.redirect('/demo/', 301));
  app.get('/demo/*', widgetFiles);
  app.get('*', async (c, next) => (c.req.path.startsWith('/api/') ? next() : kbSite(c, next)));
  app.get('*', async (c, next) => (c.req.path.startsWith('/api/') ? next() : widgetFiles(c, next)));

  const allowedMethods = routeMethods(app, '/api/');
  app.notFound((c) => {
    if (c.req.path.startsWith('/api/') || c.req.path === '/api') {
      const allow = allowedMethods(c.req.path).filter((m) => m !== c.req.method);
      if (allow.length) {
        return errorResponse(
          c,
          new ApiError(405, 'method_not_allowed', `${c.req.method} is not allowed here; use ${allow.join(' or ')}.`, undefined, {
            Allow: [...allow, 'OPTIONS'].join(', '),
          }),
        );
      }
      return errorResponse(c, new ApiError(404, 'not_found', `There is no API endpoint at ${c.req.path}: see /api/docs.`));
    }
    const page = notFoundPage(config.kbSiteDir);
    return page ? c.html(page, 404) : c.text('Not found', 404);
  });

  app.onError((error, c) => {
    if (error instanceof ApiError) return errorResponse(c, error);
    if (error instanceof HTTPException && error.status < 500) {
      const code = error.status === 413 ? 'payload_too_large' : error.status === 404 ? 'not_found' : 'validation_failed';
      return errorResponse(c, new ApiError(error.status, code, error.message || 'Request refused.'));
    }
    log({
      level: 'error',
      msg: 'unhandled error',
      method: c.req.method,
      path: c.req.path,
      error: (error as Error).message,
      stack: (error as Error).stack,
    });
    return c.json(
      { error: { code: 'internal_error', message: 'Something went wrong on our side; the error was logged. Please try again.' } },
      500,
    );
  });

  return { app, services };
}
