/**
 * Widget sessions: one row per anonymous browser session (the widget's random id), holding the
 * first instant of each step of the funnel, written as the events arrive so the funnel report is
 * a plain GROUP BY. Each write is one INSERT … ON CONFLICT DO UPDATE keeping the earliest instant
 * of each step (COALESCE), which SQLite and PostgreSQL both run.
 *
 * A session belongs to the site that first used it: a write naming another site changes nothing
 * (the conflict update is guarded by site_key), so one site's id cannot move another's figures.
 */
import { sql, type Insertable, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, WidgetSessionsTable } from '../store/schema.ts';
import { pagePattern } from '../reports/page-pattern.ts';

/**
 * The widget's anonymous session id: a random UUID per browser session (32 hex digits where the
 * browser has no crypto.randomUUID), nothing personal. Kept lower-case.
 */
export const SessionId = z
  .string()
  .regex(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i, 'must be a UUID')
  .transform((id) => id.toLowerCase());

export const SESSION_STEPS = ['suggested_at', 'searched_at', 'clicked_at', 'read_at', 'escalated_at', 'ticket_at'] as const;
export type SessionStep = (typeof SESSION_STEPS)[number];

/** An article read links to the session's latest unread search at most this long before it. */
export const READ_AFTER_SEARCH_MS = 30 * 60_000;
/** A ticket counts against a read (and a search) this long after it. */
export const TICKET_WINDOW_MS = 24 * 3_600_000;

const before = (at: string, ms: number): string => new Date(Date.parse(at) - ms).toISOString();

export interface SessionTouch {
  id: string;
  site: string;
  at: string;
  page?: string | null;
  steps: Iterable<SessionStep>;
  ticketId?: number;
}

/** Records that session `id` of `site` reached `steps` at `at` (the earlier instant of each step is kept). */
export async function touchSession(db: Kysely<Database>, touch: SessionTouch): Promise<void> {
  const steps = new Set(touch.steps);
  const page = touch.page ?? null;
  const at = (step: SessionStep) => (steps.has(step) ? touch.at : null);
  const values: Insertable<WidgetSessionsTable> = {
    id: touch.id,
    site_key: touch.site,
    started_at: touch.at,
    page,
    page_pattern: pagePattern(page),
    ticket_id: touch.ticketId ?? null,
    suggested_at: at('suggested_at'),
    searched_at: at('searched_at'),
    clicked_at: at('clicked_at'),
    read_at: at('read_at'),
    escalated_at: at('escalated_at'),
    ticket_at: at('ticket_at'),
  };
  const earliest = <T = string | null>(column: keyof WidgetSessionsTable) =>
    sql<T>`COALESCE(${sql.ref(`widget_sessions.${column}`)}, ${sql.ref(`excluded.${column}`)})`;
  await db
    .insertInto('widget_sessions')
    .values(values)
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({
          started_at: sql<string>`CASE WHEN excluded.started_at < widget_sessions.started_at THEN excluded.started_at ELSE widget_sessions.started_at END`,
          page: earliest('page'),
          page_pattern: earliest('page_pattern'),
          ticket_id: earliest<number | null>('ticket_id'),
          suggested_at: earliest('suggested_at'),
          searched_at: earliest('searched_at'),
          clicked_at: earliest('clicked_at'),
          read_at: earliest('read_at'),
          escalated_at: earliest('escalated_at'),
          ticket_at: earliest('ticket_at'),
        })
        .where(sql<boolean>`widget_sessions.site_key = excluded.site_key`),
    )
    .execute();
}

/**
 * The site each of these sessions belongs to, if it has a row yet. Callers drop a session id whose
 * owner is another site before storing an event with it.
 */
export async function sessionOwners(db: Kysely<Database>, ids: Array<string | undefined>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (!wanted.length) return new Map();
  const rows = await db.selectFrom('widget_sessions').select(['id', 'site_key']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.site_key]));
}

/** An article read in a session: it answers the session's latest search of the last 30 minutes not yet followed by a read. */
export async function linkRead(db: Kysely<Database>, session: string, site: string, slug: string | null, at: string): Promise<void> {
  await sql`UPDATE search_events SET read_slug = ${slug}, read_at = ${at}
    WHERE id = (SELECT s.id FROM search_events s
      WHERE s.session_id = ${session} AND s.site_key = ${site} AND s.read_at IS NULL
        AND s.created_at >= ${before(at, READ_AFTER_SEARCH_MS)} AND s.created_at <= ${at}
      ORDER BY s.created_at DESC, s.id DESC LIMIT 1)`.execute(db);
}

/**
 * A ticket filed from a widget session: the session's ticket step, whether it came within 24 h
 * of the session's first read (then that read did not serve), and the ticket on the session's
 * searches of the 24 h before it that have none yet.
 */
export async function ticketFiled(
  db: Kysely<Database>,
  filed: { session: string; site: string; ticketId: number; at: string; page: string | null },
): Promise<void> {
  const { session, site, ticketId, at } = filed;
  await touchSession(db, { id: session, site, at, page: filed.page, steps: ['ticket_at'], ticketId });
  const dayBefore = before(at, TICKET_WINDOW_MS);
  await sql`UPDATE widget_sessions SET ticket_within_24h = 1
    WHERE id = ${session} AND site_key = ${site} AND ticket_id = ${ticketId} AND read_at IS NOT NULL AND read_at > ${dayBefore}`.execute(
    db,
  );
  await sql`UPDATE search_events SET ticket_id = ${ticketId}
    WHERE session_id = ${session} AND site_key = ${site} AND ticket_id IS NULL
      AND created_at > ${dayBefore} AND created_at <= ${at}`.execute(db);
}
