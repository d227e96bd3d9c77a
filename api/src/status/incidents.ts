/**
 * Incidents: declared by agents for some sites or all, or opened when a site goes down
 * (`onSiteDown`) and resolved when it is back (`onSiteUp`) unless an agent holds it open as
 * monitoring. Every status change is a public update. The mails and the inboxes' re-read follow
 * the events emitted here (incident-events.ts, incident-mails.ts).
 */
import type { Kysely, Selectable } from 'kysely';
import type { Services } from '../http/env.ts';
import { ApiError, validationError } from '../http/errors.ts';
import { isUniqueViolation } from '../store/database.ts';
import type { Database, IncidentsTable } from '../store/schema.ts';
import { idFromReference, referenceFor } from '../tickets/reference.ts';
import type { AffectedInput, DeclareIncident, Incident, IncidentStatus, IncidentUpdateInput } from './shapes.ts';

/** Who writes an automatic incident's updates. */
export const MONITOR = 'monitor';

async function checkSites(db: Kysely<Database>, keys: string[]): Promise<void> {
  const found = await db.selectFrom('sites').select('key').where('key', 'in', keys).execute();
  const missing = keys.filter((k) => !found.some((f) => f.key === k));
  if (missing.length)
    throw new ApiError(422, 'unknown_site', `There is no site "${missing[0]}".`, { siteKeys: `unknown site: ${missing.join(', ')}` });
}

interface NewIncident {
  title: string;
  status: IncidentStatus;
  siteKeys: string[] | 'all';
  body: string;
  author: string;
  auto: boolean;
  at: string;
}

async function openIncident(services: Services, input: NewIncident): Promise<number> {
  return services.incidents.transaction(services.store.db, async (trx, emit) => {
    const { id } = await trx
      .insertInto('incidents')
      .values({
        title: input.title,
        status: input.status,
        scope: input.siteKeys === 'all' ? 'all' : 'sites',
        auto: input.auto ? 1 : 0,
        hold: 0,
        started_at: input.at,
        resolved_at: null,
        created_by: input.author,
        updated_at: input.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const incidentId = Number(id);
    if (input.siteKeys !== 'all') {
      await trx
        .insertInto('incident_sites')
        .values([...new Set(input.siteKeys)].map((site_key) => ({ incident_id: incidentId, site_key })))
        .execute();
    }
    const update = await trx
      .insertInto('incident_updates')
      .values({ incident_id: incidentId, status: input.status, body: input.body, author: input.author, created_at: input.at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await emit({ type: 'incident.opened', incidentId, updateId: Number(update.id), auto: input.auto });
    return incidentId;
  });
}

export async function declareIncident(services: Services, input: DeclareIncident, author: string): Promise<Incident> {
  if (input.siteKeys !== 'all') await checkSites(services.store.db, input.siteKeys);
  const id = await openIncident(services, { ...input, author, auto: false, at: services.clock.now().toISOString() });
  return (await incidentById(services.store.db, id))!;
}

/** Posts a public update; `resolved` closes the incident, any other status reopens it. */
export async function postIncidentUpdate(
  services: Services,
  incidentId: number,
  input: IncidentUpdateInput,
  author: string,
  at = services.clock.now().toISOString(),
): Promise<Incident> {
  const db = services.store.db;
  await services.incidents.transaction(db, async (trx, emit) => {
    const incident = await trx.selectFrom('incidents').select(['id', 'hold']).where('id', '=', incidentId).executeTakeFirst();
    if (!incident) throw new ApiError(404, 'not_found', `There is no incident ${incidentId}.`);
    const hold = input.status === 'resolved' ? 0 : input.hold === undefined ? Number(incident.hold) : input.hold ? 1 : 0;
    await trx
      .updateTable('incidents')
      .set({ status: input.status, hold, updated_at: at, resolved_at: input.status === 'resolved' ? at : null })
      .where('id', '=', incidentId)
      .execute();
    const update = await trx
      .insertInto('incident_updates')
      .values({ incident_id: incidentId, status: input.status, body: input.body, author, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await emit({ type: 'incident.updated', incidentId, updateId: Number(update.id), status: input.status });
  });
  return (await incidentById(db, incidentId))!;
}

/** The open automatic incident of a site, if any. */
async function openAutoIncident(db: Kysely<Database>, siteKey: string) {
  return db
    .selectFrom('incidents')
    .innerJoin('incident_sites', 'incident_sites.incident_id', 'incidents.id')
    .select(['incidents.id', 'incidents.hold'])
    .where('incident_sites.site_key', '=', siteKey)
    .where('incidents.auto', '=', 1)
    .where('incidents.resolved_at', 'is', null)
    .orderBy('incidents.id', 'desc')
    .executeTakeFirst();
}

/**
 * The site went down (the prober's `site.down`): opens "<site> is down" unless an incident is
 * already open for the site (automatic, or declared for it or for all). Returns the incident's id,
 * or null when one was open already or the site is unknown.
 */
export async function onSiteDown(services: Services, siteKey: string, at: string, error: string | null): Promise<number | null> {
  const db = services.store.db;
  const site = await db.selectFrom('sites').select(['key', 'name']).where('key', '=', siteKey).executeTakeFirst();
  if (!site) return null;
  const open = await db
    .selectFrom('incidents')
    .leftJoin('incident_sites', 'incident_sites.incident_id', 'incidents.id')
    .select('incidents.id')
    .where('incidents.resolved_at', 'is', null)
    .where((eb) => eb.or([eb('incidents.scope', '=', 'all'), eb('incident_sites.site_key', '=', siteKey)]))
    .executeTakeFirst();
  if (open) return null;
  const reason = error ? ` The check failed with: ${error.slice(0, 300)}` : '';
  return openIncident(services, {
    title: `${site.name} is down`,
    status: 'investigating',
    siteKeys: [siteKey],
    body: `Our monitoring found ${site.name} not answering since ${at}. We are looking into it.${reason}`,
    author: MONITOR,
    auto: true,
    at,
  });
}

/** The site is back (`site.up`): its automatic incident is resolved, or moves to monitoring when an agent holds it. */
export async function onSiteUp(services: Services, siteKey: string, at: string): Promise<number | null> {
  const db = services.store.db;
  const incident = await openAutoIncident(db, siteKey);
  if (!incident) return null;
  const held = Number(incident.hold) === 1;
  const site = await db.selectFrom('sites').select('name').where('key', '=', siteKey).executeTakeFirst();
  const name = site?.name ?? siteKey;
  await postIncidentUpdate(
    services,
    Number(incident.id),
    held
      ? { status: 'monitoring', body: `${name} answers again since ${at}. We keep watching it before closing this incident.` }
      : { status: 'resolved', body: `${name} answers again since ${at}.` },
    MONITOR,
    at,
  );
  return Number(incident.id);
}

type IncidentRow = Selectable<IncidentsTable>;

function incidentRows(db: Kysely<Database>) {
  return db.selectFrom('incidents').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc');
}

async function withDetails(db: Kysely<Database>, rows: IncidentRow[]): Promise<Incident[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => Number(r.id));
  const [sites, updates] = await Promise.all([
    db.selectFrom('incident_sites').selectAll().where('incident_id', 'in', ids).orderBy('site_key').execute(),
    db.selectFrom('incident_updates').selectAll().where('incident_id', 'in', ids).orderBy('id', 'desc').execute(),
  ]);
  return rows.map((r) => ({
    id: Number(r.id),
    title: r.title,
    status: r.status as IncidentStatus,
    scope: r.scope as 'sites' | 'all',
    siteKeys: sites.filter((s) => Number(s.incident_id) === Number(r.id)).map((s) => s.site_key),
    auto: Number(r.auto) === 1,
    hold: Number(r.hold) === 1,
    startedAt: r.started_at,
    resolvedAt: r.resolved_at,
    updatedAt: r.updated_at,
    updates: updates
      .filter((u) => Number(u.incident_id) === Number(r.id))
      .map((u) => ({ id: Number(u.id), status: u.status as IncidentStatus, body: u.body, author: u.author, createdAt: u.created_at })),
  }));
}

export async function incidentById(db: Kysely<Database>, id: number): Promise<Incident | null> {
  const [incident] = await withDetails(db, await incidentRows(db).where('id', '=', id).execute());
  return incident ?? null;
}

/** The inbox's list: open ones and the last 100 others, newest first. */
export async function listIncidents(db: Kysely<Database>): Promise<Incident[]> {
  return withDetails(db, await incidentRows(db).limit(100).execute());
}

/**
 * Open incidents and those resolved since `since`, for one site (its own and the all-sites ones)
 * or, without a site, every one.
 */
export async function recentIncidents(db: Kysely<Database>, since: string, siteKey?: string): Promise<Incident[]> {
  let query = incidentRows(db).where((eb) => eb.or([eb('resolved_at', 'is', null), eb('resolved_at', '>=', since)]));
  if (siteKey) {
    query = query.where((eb) =>
      eb.or([
        eb('scope', '=', 'all'),
        eb('id', 'in', eb.selectFrom('incident_sites').select('incident_id').where('site_key', '=', siteKey)),
      ]),
    );
  }
  return withDetails(db, await query.limit(50).execute());
}

/** Links a ticket to an incident (or unlinks it with null): its requester then gets the incident's updates while it is open. */
export async function linkTicket(services: Services, reference: string, incidentId: number | null) {
  const db = services.store.db;
  const ticketId = idFromReference(reference);
  const ticket = ticketId === null ? undefined : await db.selectFrom('tickets').select('id').where('id', '=', ticketId).executeTakeFirst();
  if (!ticket) throw new ApiError(404, 'not_found', `There is no ticket ${reference.slice(0, 40)}.`);
  if (incidentId !== null && !(await db.selectFrom('incidents').select('id').where('id', '=', incidentId).executeTakeFirst()))
    throw validationError({ incidentId: `there is no incident ${incidentId}` });
  await db
    .updateTable('tickets')
    .set({ incident_id: incidentId, updated_at: services.clock.now().toISOString() })
    .where('id', '=', ticket.id)
    .execute();
  return { reference: referenceFor(Number(ticket.id)), incidentId };
}

/**
 * Someone on a client's site says they are affected: they get the incident's updates by mail.
 * Saying so twice is not an error (the same address is kept once). An incident that is not about
 * this site is not found, so a site's page learns nothing of other sites' incidents.
 */
export async function subscribeAffected(services: Services, incidentId: number, input: AffectedInput): Promise<void> {
  const db = services.store.db;
  const incident = await db
    .selectFrom('incidents')
    .leftJoin('incident_sites', (join) =>
      join.onRef('incident_sites.incident_id', '=', 'incidents.id').on('incident_sites.site_key', '=', input.site),
    )
    .select(['incidents.id', 'incidents.scope', 'incidents.resolved_at', 'incident_sites.site_key'])
    .where('incidents.id', '=', incidentId)
    .executeTakeFirst();
  if (!incident || (incident.scope !== 'all' && !incident.site_key))
    throw new ApiError(404, 'not_found', `There is no incident ${incidentId} for this site.`);
  if (incident.resolved_at) throw new ApiError(409, 'conflict', 'This incident is resolved: there will be no more updates.');
  try {
    await db
      .insertInto('incident_subscribers')
      .values({
        incident_id: incidentId,
        email: input.email.toLowerCase(),
        name: input.name,
        site_key: input.site,
        ticket_id: null,
        created_at: services.clock.now().toISOString(),
      })
      .execute();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}
