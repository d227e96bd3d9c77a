import type { Policy } from '#content/policy-schema.ts';
import type { PolicyTranslations } from '#content/policy-translations.ts';
import type { Config } from '../config.ts';
import type { Store } from '../store/database.ts';
import type { SiteDirectory } from '../sites/sites.ts';
import type { TicketEvents } from '../tickets/events.ts';
import type { EventHub } from '../chat/hub.ts';
import type { MailOutbox } from '../mail/outbox.ts';
import type { Links } from './links.ts';
import type { WebhookOutbox } from '../webhooks/outbox.ts';
import type { SlaSweeper } from '../sla/sweeper.ts';
import type { FeedbackDigest } from '../articles/digest.ts';
import type { Prober } from '../status/prober.ts';
import type { SiteEvents } from '../status/events.ts';
import type { IncidentEvents } from '../status/incident-events.ts';

export interface Clock {
  now(): Date;
}

/** What the app is made from; tests build apps from their own. */
export interface AppDeps {
  store: Store;
  policy: Policy;
  /** The policy's texts in other languages (content/policy.<lang>.yaml); none = English only. */
  translations?: PolicyTranslations;
  config: Config;
  clock?: Clock;
  /** Where request logs and error reports go; default one JSON line on stdout/stderr. */
  log?: (entry: Record<string, unknown>) => void;
}

/** Everything a handler may use, resolved once per app. */
export interface Services {
  store: Store;
  policy: Policy;
  config: Config;
  clock: Clock;
  sites: SiteDirectory;
  log: (entry: Record<string, unknown>) => void;
  /** The ticket lifecycle's domain events; subscribers register once, in createApp (app.ts). */
  events: TicketEvents;
  /** Live updates for inbox and chat streams (and, on PostgreSQL, other processes). */
  hub: EventHub;
  /** The mail outbox: `kick()` wakes its worker, which runs from server start when SMTP_URL is set. */
  outbox: MailOutbox;
  /** Links in mails and pages: status page, inbox, password reset. */
  links: Links;
  /** The webhook outbox: `kick()` wakes its worker, which runs from server start. */
  webhooks: WebhookOutbox;
  /** The SLA sweeper (warnings, misses, escalations): runs from server start; `sweepOnce()` runs one now. */
  sla: SlaSweeper;
  /** The daily "Fix this article" digest to article owners: runs from server start; `digestOnce()` runs one now. */
  digest: FeedbackDigest;
  /** Site health probes: runs from server start; `probeOnce()` runs one round now. */
  prober: Prober;
  /** `site.down` / `site.up`, after the prober's change committed (status/events.ts). */
  siteEvents: SiteEvents;
  /** Incidents' domain events (status/incident-events.ts): the team's and the affected people's mails subscribe. */
  incidents: IncidentEvents;
}

export type AppEnv = {
  Variables: {
    services: Services;
    /** The site a request names (query `site` or body `site`), once known. */
    siteKey?: string;
    /** This response's CSP nonce (hono/secure-headers NONCE), for pages with an inline style. */
    secureHeadersNonce?: string;
  };
};
