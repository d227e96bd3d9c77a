/**
 * The routes of the public status pages, mounted at /status (app.ts). Site keys start with a
 * letter or digit and hold no dot, so `feed.atom` and the two-segment `subscription/…` paths
 * can never be a site's page.
 *
 * Pages and feeds are public and cached for a few seconds (an incident shows within 10 s); the
 * pages of a mailed link (which carry its token) are never cached. The subscription form is
 * protected like the requester status page's forms (mail/status-page.ts): the per-address limit
 * before the body is read, a small body, and cross-site posts refused.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { limitBody } from '../http/json-body.ts';
import { formOf } from '../mail/status-page.ts';
import type { Config } from '../config.ts';
import { limitsFor } from '../http/rate-limit.ts';
import { SiteKey } from '../sites/sites.ts';
import { statusFeed } from './feed.ts';
import { siteStatus, statusOverview } from './page-data.ts';
import {
  buttonPage,
  messagePage,
  overviewPage,
  siteNotFoundPage,
  sitePage,
  STATUS_CSP,
  statusDocument,
  type StatusPage,
  type SubscribeDraft,
} from './pages.ts';
import {
  cancelSubscription,
  confirmSubscription,
  requestSubscription,
  SUBSCRIBE_REQUESTED,
  SubscriptionEmail,
  subscriptionByToken,
} from './subscriptions.ts';

export const STATUS_CACHE = 'public, max-age=10';

type PageStatus = 200 | 403 | 404 | 422 | 429;

function html(c: Context<AppEnv>, page: StatusPage, status: PageStatus = 200, cache = STATUS_CACHE): Response {
  c.header('Content-Security-Policy', STATUS_CSP);
  c.header('Cache-Control', cache);
  return c.html(statusDocument(page), status);
}
const noStore = (c: Context<AppEnv>, page: StatusPage, status: PageStatus = 200) => html(c, page, status, 'no-store');

const vendorOf = (c: Context<AppEnv>) => c.var.services.policy.vendor.name;

async function overview(c: Context<AppEnv>, draft?: SubscribeDraft, status: PageStatus = 200): Promise<Response> {
  const { services } = c.var;
  const page = overviewPage(vendorOf(c), await statusOverview(services.store.db, services.clock.now()), draft);
  return draft ? noStore(c, page, status) : html(c, page, status);
}

async function site(c: Context<AppEnv>, key: string, draft?: SubscribeDraft, status: PageStatus = 200): Promise<Response> {
  const { services } = c.var;
  const data = SiteKey.safeParse(key).success ? await siteStatus(services.store.db, key, services.clock.now()) : null;
  if (!data) return html(c, siteNotFoundPage(vendorOf(c)), 404);
  const page = sitePage(vendorOf(c), data, draft);
  return draft ? noStore(c, page, status) : html(c, page, status);
}

function atom(c: Context<AppEnv>, body: string): Response {
  c.header('Content-Type', 'application/atom+xml; charset=utf-8');
  c.header('Cache-Control', STATUS_CACHE);
  return c.body(body);
}

const tokenOf = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 200) : '');

const BAD_LINK = messagePage(
  'Link not valid',
  'This link is not valid. Use the link in our most recent email, or subscribe again on the status page.',
  'alert',
);

/** The status page's forms count like the requester status page's (the same limit class), answered with a page. */
function perAddressLimit(config: Pick<Config, 'rateLimits' | 'trustProxy'>) {
  const { ipWait } = limitsFor('tickets', config);
  return async (c: Context<AppEnv>, next: () => Promise<void>) => {
    const wait = ipWait(c);
    if (!wait) return next();
    c.header('Retry-After', String(wait));
    return noStore(
      c,
      messagePage('Too many requests', `Too many forms sent from this address just now. Wait ${wait} seconds and try again.`, 'alert'),
      429,
    );
  };
}

export function statusPageRoutes(config: Pick<Config, 'rateLimits' | 'trustProxy'>) {
  const limited = perAddressLimit(config);
  return new Hono<AppEnv>()
    .get('/', (c) => overview(c))
    .get('/feed.atom', async (c) => {
      const { services } = c.var;
      const data = await statusOverview(services.store.db, services.clock.now());
      const vendor = vendorOf(c);
      return atom(c, statusFeed({ base: services.links.base, vendor, title: `${vendor} status`, page: '/status' }, data));
    })
    .post('/subscribe', limited, limitBody(8 * 1024), async (c) => {
      // A page elsewhere must not sign visitors' addresses up (browsers say where a form came from).
      if (c.req.header('sec-fetch-site') === 'cross-site')
        return noStore(c, messagePage('Not sent', 'Subscribe from our status page.', 'alert'), 403);
      const { services } = c.var;
      const form = await formOf(c);
      const email = typeof form.email === 'string' ? form.email.trim().slice(0, 300) : '';
      const siteKey = typeof form.site === 'string' && form.site ? form.site : null;
      const target = siteKey === null ? null : SiteKey.safeParse(siteKey).success ? await services.sites.get(siteKey) : undefined;
      if (target === undefined) return html(c, siteNotFoundPage(vendorOf(c)), 404, 'no-store');
      const parsed = SubscriptionEmail.safeParse(email);
      if (!parsed.success) {
        const draft = { email, error: `Email address: ${email ? 'enter an address like name@example.org' : 'enter your address'}.` };
        return siteKey ? site(c, siteKey, draft, 422) : overview(c, draft, 422);
      }
      await requestSubscription(services, parsed.data, target ? { key: target.key, name: target.name } : null);
      return noStore(c, messagePage('Check your email', SUBSCRIBE_REQUESTED));
    })
    .get('/subscription/confirm', async (c) => {
      const token = tokenOf(c.req.query('token'));
      const row = await subscriptionByToken(c.var.services, token);
      if (!row || row.unsubscribed_at) return noStore(c, BAD_LINK, 404);
      if (row.confirmed_at) return noStore(c, messagePage('Subscribed', 'Your subscription is confirmed already.'));
      return noStore(
        c,
        buttonPage(
          'Confirm your subscription',
          `Press the button to receive email updates about ${row.site_key ? 'this site' : 'all sites'} at ${row.email}.`,
          '/status/subscription/confirm',
          token,
          'Confirm',
        ),
      );
    })
    .post('/subscription/confirm', limited, limitBody(8 * 1024), async (c) => {
      const row = await subscriptionByToken(c.var.services, tokenOf((await formOf(c)).token));
      if (!row || row.unsubscribed_at) return noStore(c, BAD_LINK, 404);
      await confirmSubscription(c.var.services, row);
      return noStore(c, messagePage('Subscribed', 'Your subscription is confirmed. Every email we send has a link to unsubscribe.'));
    })
    .get('/subscription/unsubscribe', async (c) => {
      const token = tokenOf(c.req.query('token'));
      const row = await subscriptionByToken(c.var.services, token);
      if (!row) return noStore(c, BAD_LINK, 404);
      if (row.unsubscribed_at)
        return noStore(c, messagePage('Unsubscribed', 'You are unsubscribed: we will not email you status updates.'));
      return noStore(
        c,
        buttonPage(
          'Unsubscribe',
          `Press the button to stop status updates to ${row.email}.`,
          '/status/subscription/unsubscribe',
          token,
          'Unsubscribe',
        ),
      );
    })
    .post('/subscription/unsubscribe', limited, limitBody(8 * 1024), async (c) => {
      const row = await subscriptionByToken(c.var.services, tokenOf((await formOf(c)).token));
      if (!row) return noStore(c, BAD_LINK, 404);
      await cancelSubscription(c.var.services, row);
      return noStore(c, messagePage('Unsubscribed', 'You are unsubscribed: we will not email you status updates.'));
    })
    .get('/:site', (c) => site(c, c.req.param('site')))
    .get('/:site/feed.atom', async (c) => {
      const { services } = c.var;
      const key = c.req.param('site');
      const data = SiteKey.safeParse(key).success ? await siteStatus(services.store.db, key, services.clock.now()) : null;
      if (!data) return html(c, siteNotFoundPage(vendorOf(c)), 404);
      const vendor = vendorOf(c);
      const page = `/status/${encodeURIComponent(key)}`;
      return atom(c, statusFeed({ base: services.links.base, vendor, title: `${data.site.name}: ${vendor} status`, page }, data));
    });
}
