/**
 * The agents' read side of tickets: the queue sorted by what is due first, the full ticket, and
 * the inputs of what agents do to it (the changes themselves are the ticket lifecycle's:
 * api/src/tickets/agent-actions.ts).
 */
import { sql, type Kysely } from 'kysely';
import { workingDayHours } from '#content/calendar.ts';
import { z } from 'zod';
import { ApiError } from '../http/errors.ts';
import type { Services } from '../http/env.ts';
import { planFor } from '../policy/sla-view.ts';
import { budgetFor } from '../sites/budget.ts';
import { slaStanding } from '../sla/state.ts';
import { slaTermsFor, slaVersionId, type SlaTerms } from '../sla/terms.ts';
import { currentAmendment } from '../sites/sla-amendments.ts';
import { ticketTerms } from '../tickets/dues.ts';
import { slaTimeline } from '../sla/records.ts';
import type { Database } from '../store/schema.ts';
import { ticketByReference } from '../tickets/access.ts';
import { STATUSES } from '../tickets/agent-actions.ts';
import { storedDetails } from '../tickets/details.ts';
import { messageArticles } from '../tickets/message-articles.ts';
import { TicketVersion, ticketVersion } from '../tickets/versions.ts';
import { referenceFor } from '../tickets/reference.ts';
import type { Agent } from '../agents/accounts.ts';
import { mailLog } from '../mail/outbox.ts';
import { satisfactionOf } from '../satisfaction/ratings.ts';
import { displayFileName } from '../uploads/file-name.ts';
import {
  assigneeName,
  clientRankKey,
  encodeQueueCursor,
  encodeSearchCursor,
  SEARCH_CAP,
  UNRANKED,
  QueueCursor,
  queueKey,
} from './queue-order.ts';
import { SearchText, searchQueries, type TicketSearch } from './ticket-search.ts';
import { ReplyExtras } from './saved-reply-shapes.ts';
import { RowId, RowIdText } from '../store/ids.ts';
import type { InboxTicket, QueuePage } from './shapes.ts';
import type { ApprovalState } from '../portal/work-shapes.ts';

const ENDED = ['solved', 'closed'] as const;
export const ACTIVE = STATUSES.filter((s) => !(ENDED as readonly string[]).includes(s));
const CHANNELS = ['email', 'chat', 'phone'] as const;

export const QueueFilters = z
  .strictObject({
    site: z.string().max(63).optional(),
    type: z.string().max(40).optional(),
    severity: z.enum(['S1', 'S2', 'S3', 'S4']).optional(),
    q: SearchText.optional().describe(
      'Search: tickets whose reference, subject, conversation (notes included), requester name or email, site or form fields have every word, in any order, each as the start of a word (`priya@coll` finds the address). Ranked by relevance, the ticket whose reference it is first; combines with the other filters; `status` then defaults to `all`.',
    ),
    status: z
      .enum([...STATUSES, 'active', 'all'])
      .optional()
      .describe('Default `active` (new, open or pending); with `q`, default `all`.'),
    assignee: z.union([z.enum(['me', 'none']), RowIdText], 'must be me, none or an agent id').optional(),
    channel: z.enum(CHANNELS).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
    sort: z
      .enum(['due', 'client'])
      .default('due')
      .describe(
        "`due`: next due first (the queue order). `client`: with `site` only, the site's key contacts' order first (Client priority 1, 2…), then the rest in queue order.",
      ),
    cursor: QueueCursor.optional().describe('`nextCursor` from the previous page.'),
  })
  .refine((f) => f.sort !== 'client' || f.site !== undefined, { path: ['sort'], message: 'client needs a site: add site=KEY' })
  .refine((f) => f.sort !== 'client' || f.q === undefined, {
    path: ['sort'],
    message: 'search results are ranked by relevance: leave sort out',
  })
  .refine((f) => f.cursor === undefined || Array.isArray(f.cursor) === (f.q === undefined), {
    path: ['cursor'],
    message: 'is a cursor from another list (the queue or a search): start again from the first page',
  });
export type QueueFilters = z.output<typeof QueueFilters>;

const Body = z.string().trim().min(1, 'write something').max(20_000);
export const NoteInput = z.strictObject({ body: Body, ...ReplyExtras });
export const ReplyInput = z.strictObject({ body: Body, ...ReplyExtras, basedOn: TicketVersion.optional() });
export const StatusInput = z.strictObject({
  status: z.enum(STATUSES),
  note: z.string().trim().max(2000).optional(),
  basedOn: TicketVersion.optional(),
});
export const AssigneeInput = z.strictObject({ agentId: RowId.nullable() });
export const SeverityInput = z.strictObject({ severity: z.enum(['S1', 'S2', 'S3', 'S4']) });
export const TimeInput = z.strictObject({
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  rate: z.enum(['standard', 'consultancy']),
  note: z.string().trim().max(500).optional(),
});
export const CallInput = z.strictObject({ outcome: z.string().trim().min(1, 'say what happened on the call').max(2000) });

/**
 * The queue's two queries for these filters: a page in queue order (queue-order.ts), one row
 * more than the limit to tell whether another page follows, and the count of every match.
 */
/** `active` as the status filter: new, open or pending. */
const activeOnly = (q: ReturnType<typeof filteredTickets>, filters: QueueFilters) =>
  statusFilter(filters) === 'active' ? q.where('tickets.status', 'in', ACTIVE) : q;

/** The status filter as asked, or its default: active tickets, every ticket when searching. */
export const statusFilter = (filters: Pick<QueueFilters, 'status' | 'q'>) => filters.status ?? (filters.q ? 'all' : 'active');

/** The tickets the filters other than `active` keep, unordered: shared by the queue and the search. */
export function filteredTickets(db: Kysely<Database>, filters: QueueFilters, me: Pick<Agent, 'id'>) {
  const status = statusFilter(filters);
  let q = db.selectFrom('tickets');
  if (filters.site) q = q.where('tickets.site_key', '=', filters.site);
  if (filters.type) q = q.where('tickets.type', '=', filters.type);
  if (filters.severity) q = q.where('tickets.severity', '=', filters.severity);
  if (filters.channel) q = q.where('tickets.channel', '=', filters.channel);
  if (status !== 'active' && status !== 'all') q = q.where('tickets.status', '=', status);
  if (filters.assignee === 'me') q = q.where('tickets.assignee_id', '=', me.id);
  else if (filters.assignee === 'none') q = q.where('tickets.assignee_id', 'is', null);
  else if (filters.assignee !== undefined) q = q.where('tickets.assignee_id', '=', filters.assignee);
  return q;
}

export function queueQueries(db: Kysely<Database>, filters: QueueFilters, me: Pick<Agent, 'id'>) {
  const q = filteredTickets(db, filters, me);
  // Active is written two ways on purpose. For the page, "neither solved nor closed": no index
  // serves that, so the database walks the queue-order index and stops after one page (SQLite
  // without statistics would otherwise fetch every active ticket by status and sort them). For
  // the count, "new, open or pending": the status index answers it without reading the ended
  // tickets, which are most of them once a help desk has run for a while.
  const active = statusFilter(filters) === 'active';
  const paged = active ? q.where('tickets.status', 'not in', ENDED) : q;
  const counted = active ? q.where('tickets.status', 'in', ACTIVE) : q;
  const after = Array.isArray(filters.cursor) ? filters.cursor : undefined;
  const byClient = filters.sort === 'client';
  // The first column alone as well: SQLite ranges over the index only with it (PostgreSQL uses
  // the row comparison either way). The client's order is one site's few tickets: no index needed.
  const rest = !after
    ? paged
    : byClient
      ? paged.where(
          sql<boolean>`(${clientRankKey}, ${queueKey}, tickets.severity, tickets.id) > (${after[3] ?? 0}, ${after[0]}, ${after[1]}, ${after[2]})`,
        )
      : paged
          .where(queueKey, '>=', after[0])
          .where(sql<boolean>`(${queueKey}, tickets.severity, tickets.id) > (${after[0]}, ${after[1]}, ${after[2]})`);
  const ordered = byClient ? rest.orderBy(clientRankKey) : rest;
  return {
    page: ordered
      .selectAll('tickets')
      .select((eb) => [queueKey.as('queue_due'), assigneeName(eb)])
      .orderBy(queueKey)
      .orderBy('tickets.severity')
      .orderBy('tickets.id')
      .limit(filters.limit + 1),
    count: counted.select((eb) => eb.fn.countAll<number | string>().as('n')),
  };
}

/** What the site's key contacts said: their order of its open tickets, and billable work's approval. */
const clientSide = (row: {
  priority_rank: number | null;
  approval: string | null;
  approval_by: string | null;
  approval_at: string | null;
}) => ({
  clientPriority: row.priority_rank === null ? null : Number(row.priority_rank),
  approval: row.approval === null ? null : { state: row.approval as ApprovalState, by: row.approval_by, at: row.approval_at },
});

type QueueRow = Awaited<ReturnType<ReturnType<typeof queueQueries>['page']['execute']>>[number];

/**
 * One page of the queue, sorted and paged in the database so that no ticket is ever left out,
 * with the total for the filters and the cursor of the next page; with `q`, a page of the search.
 */
export async function queue(services: Services, filters: QueueFilters, me: Agent): Promise<QueuePage> {
  if (filters.q) return searchPage(services, filters, filters.q, me);
  const { page: pageQuery, count: countQuery } = queueQueries(services.store.db, filters, me);
  const [rows, count] = await Promise.all([pageQuery.execute(), countQuery.executeTakeFirstOrThrow()]);
  const page = rows.slice(0, filters.limit);
  const last = rows.length > filters.limit ? page.at(-1) : undefined;
  return {
    tickets: await queueItems(services, page),
    total: Number(count.n),
    totalCapped: false,
    nextCursor: last
      ? encodeQueueCursor(
          filters.sort === 'client'
            ? [last.queue_due, last.severity, Number(last.id), last.priority_rank === null ? UNRANKED : Number(last.priority_rank)]
            : [last.queue_due, last.severity, Number(last.id)],
        )
      : null,
  };
}

/** A page of search results (inbox/ticket-search.ts): ranked, at most SEARCH_CAP in all, paged by offset. */
async function searchPage(services: Services, filters: QueueFilters, search: TicketSearch, me: Agent): Promise<QueuePage> {
  const { db, dialect } = services.store;
  const offset = filters.cursor && !Array.isArray(filters.cursor) ? filters.cursor.offset : 0;
  const run = async (on: Kysely<Database>) => {
    const queries = searchQueries(on, dialect, activeOnly(filteredTickets(on, filters, me), filters), search, {
      limit: filters.limit,
      offset,
    });
    const rows = await queries.page.execute();
    return { rows, matched: Number(rows[0]?.matched ?? (offset > 0 ? (await queries.count.executeTakeFirstOrThrow()).n : 0)) };
  };
  // A search is one short query: PostgreSQL's parallel workers cost more to start than they save,
  // and on a busy machine they queue for CPU (a common word with two filters, 100,000 tickets:
  // 24-39 ms without them, 380-460 ms with them on two loaded cores).
  const { rows, matched } =
    dialect === 'postgres'
      ? await db.transaction().execute(async (trx) => {
          await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(trx);
          return run(trx);
        })
      : await run(db);
  const total = Math.min(matched, SEARCH_CAP);
  const next = offset + rows.length;
  return {
    tickets: await queueItems(services, rows),
    total,
    totalCapped: matched > SEARCH_CAP,
    nextCursor: rows.length && next < total ? encodeSearchCursor({ offset: next }) : null,
  };
}

/** Queue rows as the inbox shows them, each with its SLA standing now. */
async function queueItems(services: Services, page: QueueRow[]) {
  const now = services.clock.now();
  // Each ticket's time left runs on its own terms' calendar; a page shares a few versions.
  const termsByKey = new Map<string, SlaTerms>();
  for (const row of page) {
    const key = `${row.sla_version ?? ''}|${row.plan}`;
    if (!termsByKey.has(key)) termsByKey.set(key, await ticketTerms(services.store.db, services.policy, row));
  }
  return page.map((row) => {
    const standing = slaStanding(row, termsByKey.get(`${row.sla_version ?? ''}|${row.plan}`)!, now);
    return {
      reference: referenceFor(row.id),
      site: row.site_key,
      subject: row.subject,
      requester: { name: row.requester_name, email: row.requester_email, verified: Number(row.requester_verified) === 1 },
      type: row.type,
      severity: row.severity,
      status: row.status,
      channel: row.channel,
      chatState: row.chat_state,
      assignee: row.assignee_id === null ? null : { id: Number(row.assignee_id), name: row.assignee_name },
      nextDue: standing.nextDue,
      sla: standing.state,
      paused: row.status === 'pending',
      ...clientSide(row),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  });
}

/**
 * The ticket type's own fields as the requester filled them in, labelled as the form asked
 * (steps to reproduce, staging URL, desired change…), in the policy's order; a stored field the
 * type no longer declares is still shown, under its name, so nothing the requester wrote is hidden.
 */
function typeFieldsOf(services: Services, typeId: string, values: Record<string, unknown>) {
  const declared = services.policy.ticketTypes.find((t) => t.id === typeId)?.fields ?? [];
  const shown = declared
    .filter((f) => values[f.name] !== undefined && values[f.name] !== null && values[f.name] !== '')
    .map((f) => ({ name: f.name, label: f.label, kind: f.kind, value: values[f.name] }));
  const known = new Set(declared.map((f) => f.name));
  for (const [name, value] of Object.entries(values))
    if (!known.has(name) && value !== undefined && value !== null && value !== '') shown.push({ name, label: name, kind: 'text', value });
  return shown;
}

export async function ticketView(services: Services, reference: string): Promise<InboxTicket> {
  const { db } = services.store;
  const row = await ticketByReference(db, reference);
  // Read before the conversation: a change landing in between then shows as a change (asked
  // about once more), never as one the agent is taken to have seen.
  const version = await ticketVersion(db, row.id);
  const [messages, attachments, history, time, assignee, timeline] = await Promise.all([
    db
      .selectFrom('ticket_messages')
      .leftJoin('agents', 'agents.id', 'ticket_messages.agent_id')
      .select([
        'ticket_messages.id',
        'ticket_messages.author',
        'ticket_messages.body',
        'ticket_messages.created_at',
        'ticket_messages.internal',
        'ticket_messages.unverified_sender',
        'agents.name as agent_name',
      ])
      .where('ticket_id', '=', row.id)
      .orderBy('ticket_messages.id')
      .execute(),
    db
      .selectFrom('attachments')
      .select(['id', 'message_id', 'filename', 'content_type', 'size'])
      .where('ticket_id', '=', row.id)
      .orderBy('id')
      .execute(),
    db.selectFrom('ticket_status_history').select(['status', 'note', 'at']).where('ticket_id', '=', row.id).orderBy('id').execute(),
    db
      .selectFrom('time_entries')
      .leftJoin('agents', 'agents.id', 'time_entries.agent_id')
      .select(['time_entries.id', 'minutes', 'rate', 'note', 'time_entries.created_at', 'agents.name as agent_name'])
      .where('ticket_id', '=', row.id)
      .orderBy('time_entries.id')
      .execute(),
    row.assignee_id === null
      ? Promise.resolve(undefined)
      : db.selectFrom('agents').select(['id', 'name']).where('id', '=', row.assignee_id).executeTakeFirst(),
    slaTimeline(db, row.id),
  ]);
  const articles = await messageArticles(db, row.id);
  const details = storedDetails(row);
  const terms = await ticketTerms(db, services.policy, row);
  const standing = slaStanding(row, terms, services.clock.now());
  const currentVersion = slaVersionId(
    slaTermsFor(services.policy, planFor(services.policy, row.plan).id, await currentAmendment(db, row.site_key)),
  );
  const rates = new Map(services.policy.rates.list.map((r) => [r.id, r.hourly]));
  return {
    reference: referenceFor(row.id),
    site: row.site_key,
    plan: row.plan,
    type: row.type,
    severity: row.severity,
    status: row.status,
    subject: row.subject,
    description: row.description,
    requester: { name: row.requester_name, email: row.requester_email, verified: Number(row.requester_verified) === 1 },
    ...clientSide(row),
    channel: row.channel,
    /** Opened by mail the provider did not vouch for (no SPF/DKIM/DMARC pass): From may be forged. */
    unverifiedSender: Number(row.unverified_sender) === 1,
    chatState: row.chat_state,
    phone: row.phone_number ? { number: row.phone_number, preferredTime: row.phone_preferred_time, calledAt: row.called_at } : null,
    ...details,
    typeFields: typeFieldsOf(services, row.type, details.fields),
    assignee: assignee ? { id: Number(assignee.id), name: assignee.name } : null,
    sla: {
      firstResponseDue: row.first_response_due,
      resolutionDue: row.resolution_due,
      firstRespondedAt: row.first_responded_at,
      resolvedAt: row.resolved_at,
      paused: row.status === 'pending',
      nextDue: standing.nextDue,
      state: standing.state,
      /**
       * The SLA terms this ticket runs on: the version it was filed under (null = filed before
       * versions were kept, on the policy in force), and whether new tickets of its site get the same.
       */
      version: {
        id: row.sla_version,
        current: (row.sla_version ?? currentVersion) === currentVersion,
        target: terms.targets[row.severity] ?? null,
        calendar: terms.calendar.label ?? terms.calendar.timezone,
        workingDayHours: workingDayHours(terms.calendar),
      },
    },
    messages: messages.map((m) => ({
      id: Number(m.id),
      author: m.author,
      agentName: m.agent_name ?? null,
      body: m.body,
      internal: Number(m.internal) === 1,
      unverifiedSender: Number(m.unverified_sender) === 1,
      articles: articles.get(Number(m.id)) ?? [],
      createdAt: m.created_at,
    })),
    attachments: attachments.map((a) => ({
      id: Number(a.id),
      messageId: a.message_id === null ? null : Number(a.message_id),
      filename: displayFileName(a.filename),
      contentType: a.content_type,
      size: Number(a.size),
    })),
    history: history.map((h) => ({ status: h.status, note: h.note, at: h.at })),
    slaTimeline: timeline,
    time: time.map((t) => ({
      id: Number(t.id),
      minutes: Number(t.minutes),
      rate: t.rate,
      note: t.note,
      agentName: t.agent_name ?? null,
      cost: Math.round((Number(t.minutes) / 60) * (rates.get(t.rate as 'standard') ?? 0) * 100) / 100,
      createdAt: t.created_at,
    })),
    satisfaction: await satisfactionOf(db, row.id),
    budget: await budgetFor(services, row.site_key),
    mail: await mailLog(db, { ticketId: row.id, limit: 50 }),
    version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function attachmentFile(services: Services, reference: string, attachmentId: number) {
  const { db } = services.store;
  const row = await ticketByReference(db, reference);
  const file = await db
    .selectFrom('attachments')
    .select(['filename', 'content_type', 'data', 'size'])
    .where('ticket_id', '=', row.id)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
  if (!file) throw new ApiError(404, 'not_found', 'No such attachment on this ticket.');
  return file;
}
