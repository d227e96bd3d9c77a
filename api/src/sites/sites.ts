/**
 * Sites: a client's LMS — key, name, plan, allowed origins, support budget. Read through a
 * short-lived cache so CORS checks cost nothing, while the admin CLI's changes (another process,
 * same store) show up within seconds.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Policy } from '#content/policy-schema.ts';
import type { Database, SiteRow } from '../store/schema.ts';
import { newIdentitySecret } from './identity.ts';
import { urlProblem } from '../webhooks/address-guard.ts';

export interface Site {
  key: string;
  name: string;
  plan: string;
  origins: string[];
  budgetHours: number;
  createdAt: string;
  /** HMAC key for requester identity verification: shown to admins (CLI, admin API) only. */
  identitySecret: string;
  /** What the prober GETs (status/prober.ts); null = not probed. */
  healthUrl: string | null;
}

export const DEMO_SITE_KEY = 'demo';

export const SiteKey = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use lower-case letters, digits and "-" (up to 63), e.g. "acme"');

/** An origin as browsers send it: scheme://host[:port], nothing else. */
export const Origin = z.string().refine((value) => {
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === value;
  } catch {
    return false;
  }
}, 'use an origin like "https://lms.example.org" (scheme, host and port only, no path or trailing "/")');

export const NewSite = z.object({
  key: SiteKey,
  name: z.string().trim().min(1).max(200),
  plan: z.string().min(1),
  origins: z.array(Origin).default([]),
  budgetHours: z.number().min(0).max(100_000).default(0),
  /** Absent = unchanged (a new site: none); null or "" = no health URL. */
  healthUrl: z
    .string()
    .trim()
    .max(2000)
    .nullable()
    .optional()
    .refine((value) => !value || /^https?:\/\//i.test(value), 'use an http:// or https:// URL, e.g. "https://lms.example.org/health"'),
});
export type NewSite = z.input<typeof NewSite>;

const LOOPBACK = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;
export const isLoopbackOrigin = (origin: string): boolean => LOOPBACK.test(origin);

function fromRow(row: SiteRow): Site {
  let origins: string[] = [];
  try {
    origins = JSON.parse(row.origins);
  } catch {
    origins = [];
  }
  return {
    key: row.key,
    name: row.name,
    plan: row.plan,
    origins,
    budgetHours: Number(row.budget_hours),
    createdAt: row.created_at,
    identitySecret: row.identity_secret ?? '',
    healthUrl: row.health_url ?? null,
  };
}

export class SiteError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'SiteError';
    this.field = field;
  }
}

/**
 * Adds or edits a site. `demoMode` decides which health URLs pass: the server fetches them, so
 * outside demo mode none may point at a private or loopback address (the webhooks' rule).
 */
export async function addSite(
  db: Kysely<Database>,
  policy: Policy,
  input: NewSite,
  now: Date,
  options: { demoMode: boolean } = { demoMode: false },
): Promise<Site> {
  const parsed = NewSite.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SiteError(issue.path.join('.'), issue.message);
  }
  const site = parsed.data;
  if (!policy.plans.some((p) => p.id === site.plan))
    throw new SiteError('plan', `no plan "${site.plan}" in the policy; use one of: ${policy.plans.map((p) => p.id).join(', ')}`);
  const healthUrl = site.healthUrl === undefined ? undefined : site.healthUrl || null;
  const problem = healthUrl ? urlProblem(healthUrl, options.demoMode, { plainHttp: true }) : null;
  if (problem) throw new SiteError('healthUrl', `the health URL ${problem}`);
  const row = {
    key: site.key,
    name: site.name,
    plan: site.plan,
    origins: JSON.stringify([...new Set(site.origins)]),
    budget_hours: site.budgetHours,
    created_at: now.toISOString(),
    ...(healthUrl === undefined ? {} : { health_url: healthUrl }),
  };
  const existing = await db.selectFrom('sites').select(['key', 'identity_secret']).where('key', '=', site.key).executeTakeFirst();
  if (existing) {
    // Editing a site keeps its identity secret (the LMS already signs with it).
    await db
      .updateTable('sites')
      .set({
        name: row.name,
        plan: row.plan,
        origins: row.origins,
        budget_hours: row.budget_hours,
        ...(healthUrl === undefined ? {} : { health_url: healthUrl }),
        identity_secret: existing.identity_secret ?? newIdentitySecret(),
      })
      .where('key', '=', site.key)
      .execute();
  } else {
    await db
      .insertInto('sites')
      .values({ ...row, identity_secret: newIdentitySecret() })
      .execute();
  }
  return fromRow(await db.selectFrom('sites').selectAll().where('key', '=', site.key).executeTakeFirstOrThrow());
}

/**
 * One site, read through `db`. Code running inside a transaction passes the transaction: asking
 * the SiteDirectory there could wait on a refresh that needs the very connection the transaction
 * holds (SQLite has one; PostgreSQL's pool can be all taken by such transactions), and every
 * request would then wait behind it.
 */
export async function readSite(db: Kysely<Database>, key: string): Promise<Site | undefined> {
  const row = await db.selectFrom('sites').selectAll().where('key', '=', key).executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

export async function listSites(db: Kysely<Database>): Promise<Site[]> {
  return (await db.selectFrom('sites').selectAll().orderBy('key').execute()).map(fromRow);
}

/** Creates the demo site if it is missing (demo mode); leaves an edited one alone. */
export async function ensureDemoSite(db: Kysely<Database>, policy: Policy, now: Date): Promise<void> {
  const existing = await db.selectFrom('sites').select('key').where('key', '=', DEMO_SITE_KEY).executeTakeFirst();
  if (existing) return;
  try {
    await db
      .insertInto('sites')
      .values({
        key: DEMO_SITE_KEY,
        name: 'Demo LMS',
        plan: policy.defaultPlan,
        origins: '[]',
        budget_hours: 10,
        created_at: now.toISOString(),
        identity_secret: newIdentitySecret(),
      })
      .execute();
  } catch {
    // another instance created it at the same moment
  }
}

export interface SiteDirectoryOptions {
  demoMode: boolean;
  /** How long a lookup is reused. Default 2000 ms. */
  ttlMs?: number;
}

type Snapshot = { at: number; sites: Map<string, Site>; origins: Set<string> };

export class SiteDirectory {
  readonly #db: Kysely<Database>;
  readonly #demoMode: boolean;
  readonly #ttlMs: number;
  #all: Snapshot | null = null;
  #loading: Promise<void> | null = null;

  constructor(db: Kysely<Database>, options: SiteDirectoryOptions) {
    this.#db = db;
    this.#demoMode = options.demoMode;
    this.#ttlMs = options.ttlMs ?? 2000;
  }

  async #fresh(): Promise<Snapshot> {
    const all = this.#all;
    if (all && performance.now() - all.at < this.#ttlMs) return all;
    this.#loading ??= (async () => {
      try {
        const list = await listSites(this.#db);
        this.#all = {
          at: performance.now(),
          sites: new Map(list.map((s) => [s.key, s])),
          origins: new Set(list.flatMap((s) => s.origins)),
        };
      } finally {
        this.#loading = null;
      }
    })();
    await this.#loading;
    return this.#all!;
  }

  async get(key: string): Promise<Site | undefined> {
    return (await this.#fresh()).sites.get(key);
  }

  /** Whether `origin` may call the API on behalf of `site`. */
  allows(site: Site, origin: string): boolean {
    return site.origins.includes(origin) || (this.#demoMode && site.key === DEMO_SITE_KEY && isLoopbackOrigin(origin));
  }

  /** For requests that name no site (preflights): is `origin` registered for any site? */
  async anyAllows(origin: string): Promise<boolean> {
    if (this.#demoMode && isLoopbackOrigin(origin)) return (await this.#fresh()).sites.has(DEMO_SITE_KEY);
    return (await this.#fresh()).origins.has(origin);
  }

  /** Forget cached sites (after a change in this process). */
  invalidate(): void {
    this.#all = null;
  }
}
