/**
 * Security headers on every response of the origin (hono/secure-headers): the agents' inbox shares
 * this origin with the public pages, so each kind of page gets the tightest policy it still works
 * under. All kinds get nosniff, a Referrer-Policy, COOP and CORP same-origin unless the handler
 * set its own (the widget's files keep CORP cross-origin: LMS pages load them), and HSTS when the
 * request came over HTTPS, directly or at our trusted proxy (a plain-HTTP answer must not carry it).
 *
 * Framing: the inbox, the status page and the API may never be framed (they act for a signed-in
 * agent or a ticket token: clickjacking targets). The KB site may be framed by HTTPS pages, since
 * clients embed help articles in their LMS (Moodle and Canvas URL resources open in a frame) and a
 * KB page has nothing to click that acts for anyone.
 */
import type { MiddlewareHandler } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './env.ts';
import { isHttps } from './proxy.ts';

type Options = NonNullable<Parameters<typeof secureHeaders>[0]>;

const NONE = "'none'";
const SELF = "'self'";

/** The first kind whose path matches applies; the KB site is the rest of the origin. */
const KINDS: Array<{ path: RegExp; options: Options }> = [
  {
    // The agents' inbox and the client portal (Vite-built apps: their own script and stylesheet files).
    path: /^\/(inbox|portal)(\/|$)/,
    options: {
      contentSecurityPolicy: {
        defaultSrc: [SELF],
        imgSrc: [SELF, 'data:'],
        styleSrc: [SELF],
        objectSrc: [NONE],
        baseUri: [NONE],
        formAction: [SELF],
        frameAncestors: [NONE],
      },
      xFrameOptions: 'DENY',
      referrerPolicy: 'same-origin',
    },
  },
  {
    // The requester's status page: server-rendered, no script; its one style element carries the nonce.
    path: /^\/tickets(\/|$)/,
    options: {
      contentSecurityPolicy: { defaultSrc: [NONE], styleSrc: [NONCE], formAction: [SELF], baseUri: [NONE], frameAncestors: [NONE] },
      xFrameOptions: 'DENY',
      // Its URL carries the ticket token.
      referrerPolicy: 'no-referrer',
    },
  },
  {
    // The public status pages (status/pages.ts): no script; each answer sets its own CSP with its
    // style's hash, so this one (nothing at all) only covers answers that set none.
    path: /^\/status(\/|$)/,
    options: {
      contentSecurityPolicy: { defaultSrc: [NONE], formAction: [SELF], baseUri: [NONE], frameAncestors: [NONE] },
      xFrameOptions: 'DENY',
      // The confirm and unsubscribe pages' URLs carry a token.
      referrerPolicy: 'no-referrer',
    },
  },
  {
    // The HTML API reference: escaped text and one inline style element, no script.
    path: /^\/api\/docs$/,
    options: {
      contentSecurityPolicy: {
        defaultSrc: [NONE],
        styleSrc: ["'unsafe-inline'"],
        baseUri: [NONE],
        formAction: [NONE],
        frameAncestors: [NONE],
      },
      xFrameOptions: 'DENY',
      referrerPolicy: 'no-referrer',
    },
  },
  {
    // JSON, event streams and attachment downloads (which set their own sandboxing CSP).
    path: /^\/api(\/|$)/,
    options: {
      contentSecurityPolicy: { defaultSrc: [NONE], baseUri: [NONE], formAction: [NONE], frameAncestors: [NONE] },
      xFrameOptions: 'DENY',
      referrerPolicy: 'no-referrer',
    },
  },
  {
    // The demo LMS page: its own script and stylesheet files and the widget, all from this origin.
    path: /^\/demo(\/|$)/,
    options: {
      contentSecurityPolicy: {
        defaultSrc: [SELF],
        imgSrc: [SELF, 'data:'],
        objectSrc: [NONE],
        baseUri: [SELF],
        formAction: [SELF],
        frameAncestors: [SELF],
      },
      xFrameOptions: 'SAMEORIGIN',
      referrerPolicy: 'strict-origin-when-cross-origin',
    },
  },
  {
    // The KB site (and the widget's files, where a CSP is inert). Astro inlines small scripts and
    // the stylesheet; each page's own <meta> CSP (security.csp in kb-site/astro.config.mjs) narrows
    // inline code to the build's hashes. This header cannot list per-page hashes, so it allows
    // inline here and both policies apply: only hashed inline code runs.
    path: /^\//,
    options: {
      contentSecurityPolicy: {
        defaultSrc: [SELF],
        scriptSrc: [SELF, "'unsafe-inline'"],
        styleSrc: [SELF, "'unsafe-inline'"],
        imgSrc: [SELF, 'data:'],
        objectSrc: [NONE],
        baseUri: [SELF],
        formAction: [SELF],
        frameAncestors: [SELF, 'https:'],
      },
      // X-Frame-Options cannot say "any HTTPS page": frame-ancestors decides alone.
      xFrameOptions: false,
      referrerPolicy: 'strict-origin-when-cross-origin',
    },
  },
];

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  const kinds = KINDS.map(({ path, options }) => ({
    path,
    // overwrite: false keeps what a handler chose on purpose (CORP cross-origin, a sandboxing CSP).
    plain: secureHeaders({ ...options, strictTransportSecurity: false, overwrite: false }),
    https: secureHeaders({ ...options, strictTransportSecurity: true, overwrite: false }),
  }));
  return async function securityHeaders(c, next) {
    const kind = kinds.find((k) => k.path.test(c.req.path)) ?? kinds[kinds.length - 1];
    const headers = isHttps(c, c.var.services.config.trustProxy) ? kind.https : kind.plain;
    return headers(c, next);
  };
}
