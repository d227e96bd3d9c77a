/**
 * Table types for Kysely. Instants are ISO-8601 UTC strings ("2026-03-02T10:15:00.000Z") in both
 * SQLite and PostgreSQL: they sort as text and read back identically from either store.
 * JSON documents are stored as text; booleans as 0/1.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

export interface SitesTable {
  key: string;
  name: string;
  plan: string;
  /** JSON array of origins, e.g. ["https://lms.acme.example"]. */
  origins: string;
  budget_hours: number;
  created_at: string;
  /** Migration 0003: HMAC key for requester identity verification (never sent to the public). */
  identity_secret: Generated<string | null>;
}

export interface TicketsTable {
  id: Generated<number>;
  site_key: string;
  plan: string;
  type: string;
  severity: string;
  status: string;
  subject: string;
  description: string;
  requester_name: string;
  requester_email: string;
  channel: string;
  phone_number: string | null;
  phone_preferred_time: string | null;
  /** JSON: { url, title, userAgent }. */
  context: string;
  /** JSON: { searches, articlesRead }. */
  journey: string;
  /** JSON: type-specific fields from the policy. */
  fields: string;
  token_hash: string;
  first_response_due: string | null;
  resolution_due: string | null;
  first_responded_at: string | null;
  resolved_at: string | null;
  created_at: string;
  updated_at: string;
  /** Migration 0002: the agent it is assigned to; live chat state; when a callback was made. */
  assignee_id: Generated<number | null>;
  chat_state: Generated<string | null>;
  called_at: Generated<string | null>;
  /** Migration 0003: 1 when requester.hash matched the site's identity secret. */
  requester_verified: Generated<number>;
  /** Migration 0005: 1 = opened by mail without a passing SPF/DKIM/DMARC verdict for its From. */
  unverified_sender: Generated<number>;
  /** Migration 0010: the SLA version (sla_versions.id) it was filed under; null = filed before versions were kept. */
  sla_version: Generated<string | null>;
  /** Migration 0013: the requester's first message not yet answered after the first response (the next-reply clock's start). */
  reply_from: Generated<string | null>;
  /** Migration 0013: the next-reply due time (api/src/tickets/dues.ts); null = no reply owed or no reply target. */
  reply_due: Generated<string | null>;
  /** Migration 0015: the anonymous widget session it was filed from (widget_sessions.id). */
  widget_session: Generated<string | null>;
  /** Migration 0015: the LMS page it was filed from as a URL pattern (api/src/reports/page-pattern.ts). */
  page_pattern: Generated<string | null>;
  /** Migration 0015: business minutes (pauses excluded) from filing to the first response, written then. */
  first_response_minutes: Generated<number | null>;
  /** Migration 0015: 1 = first response before its due time, 0 = at or after it; null = not reached or no target. */
  first_response_met: Generated<number | null>;
  /** Migration 0015: business minutes (pauses excluded) from filing to resolution, written when solved. */
  resolution_minutes: Generated<number | null>;
  /** Migration 0015: as first_response_met, for resolution (rewritten if reopened and solved again). */
  resolution_met: Generated<number | null>;
  /** Migration 0015: next replies sent before / at or after their due time. */
  replies_met: Generated<number>;
  replies_missed: Generated<number>;
  /** Migration 0016: the site contact it belongs to (contacts.id): filed from their address or by them in the portal. */
  contact_id: Generated<number | null>;
  /** Migration 0016: the site's key contacts' order of work (1 = first); null = not ranked. */
  priority_rank: Generated<number | null>;
  /** Migration 0016: billable work's approval by a key contact: waiting | approved | declined; null = none needed. */
  approval: Generated<string | null>;
  /** Migration 0016: who decided (the key contact's email) and when. */
  approval_by: Generated<string | null>;
  approval_at: Generated<string | null>;
  /** Migration 0013: when the SLA sweeper next looks at the ticket; null while its clocks stop. */
  sla_check_at: Generated<string | null>;
}

export interface TicketMessagesTable {
  id: Generated<number>;
  ticket_id: number;
  author: string;
  body: string;
  created_at: string;
  /** 1 = an agents' internal note, never shown to the requester (migration 0002). */
  internal: Generated<number>;
  agent_id: number | null;
  /** Migration 0005: 1 = came by mail without a passing SPF/DKIM/DMARC verdict for its From. */
  unverified_sender: Generated<number>;
}

export interface AttachmentsTable {
  id: Generated<number>;
  ticket_id: number;
  message_id: number | null;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Uint8Array;
  created_at: string;
}

export interface IdempotencyKeysTable {
  site_key: string;
  /** SHA-256 of the client's key: the key itself is a bearer secret for replays. */
  key_hash: string;
  /** SHA-256 of the request body, so a reused key with another body is refused. */
  request_hash: string;
  ticket_id: number;
  /** The ticket token sealed (AES-GCM) with a key derived from the idempotency key; '' for inbound mail, which never replays a token. */
  sealed_token: string;
  /** The first answer's JSON body without the token, replayed verbatim. */
  response: string;
  created_at: string;
  /** Migration 0005: the caller's namespace, "public" (POST /api/tickets) or "mail" (tickets/secrets.ts). */
  scope: Generated<string>;
}

export interface TicketStatusHistoryTable {
  id: Generated<number>;
  ticket_id: number;
  status: string;
  note: string | null;
  at: string;
}

export interface SlaPausesTable {
  id: Generated<number>;
  ticket_id: number;
  reason: string;
  started_at: string;
  ended_at: string | null;
}

export interface FeedbackTable {
  id: Generated<number>;
  slug: string;
  helpful: number;
  comment: string | null;
  site_key: string | null;
  page: string | null;
  created_at: string;
  /** Migration 0015: "Fix this article": when and by whom (agent email) a negative comment was handled. */
  handled_at: Generated<string | null>;
  handled_by: Generated<string | null>;
  /** Migration 0015: when the daily digest mail carried it (each item goes out once). */
  digested_at: Generated<string | null>;
}

export interface SearchEventsTable {
  id: Generated<number>;
  query: string;
  result_count: number;
  clicked_slug: string | null;
  source: string;
  page: string | null;
  site_key: string | null;
  created_at: string;
  /** Migration 0015: the anonymous widget session (widget_sessions.id); null from the KB site. */
  session_id: Generated<string | null>;
  /** Migration 0015: the first article read after this search in its session, and when. */
  read_slug: Generated<string | null>;
  read_at: Generated<string | null>;
  /** Migration 0015: the ticket filed after this search in its session. */
  ticket_id: Generated<number | null>;
}

export interface WidgetEventsTable {
  id: Generated<number>;
  site_key: string;
  type: string;
  slug: string | null;
  page: string | null;
  created_at: string;
  /** Migration 0015: the anonymous widget session (random per browser session, no personal data). */
  session_id: Generated<string | null>;
}

export interface Database {
  sites: SitesTable;
  tickets: TicketsTable;
  ticket_messages: TicketMessagesTable;
  attachments: AttachmentsTable;
  idempotency_keys: IdempotencyKeysTable;
  ticket_status_history: TicketStatusHistoryTable;
  sla_pauses: SlaPausesTable;
  feedback: FeedbackTable;
  search_events: SearchEventsTable;
  widget_events: WidgetEventsTable;
  agents: AgentsTable;
  agent_sessions: AgentSessionsTable;
  outbox: OutboxTable;
  time_entries: TimeEntriesTable;
  agent_password_resets: AgentPasswordResetsTable;
  sign_in_failures: SignInFailuresTable;
  uploads: UploadsTable;
  site_sla_amendments: SiteSlaAmendmentsTable;
  sla_versions: SlaVersionsTable;
}

/** Migration 0010: SLA terms (api/src/sla/terms.ts) by version id, stored once, never changed. */
export interface SlaVersionsTable {
  id: string;
  /** JSON of the terms. */
  terms: string;
  created_at: string;
}

/** Migration 0009: a site's amendment of the SLA, one row per change (the latest is in force). */
export interface SiteSlaAmendmentsTable {
  id: Generated<number>;
  site_key: string;
  /** The site's client relationship manager (the `site-crm` escalation contact); null = the policy's default. */
  crm_email: string | null;
  /** JSON: severity id → target override ({ responseHours?, resolutionDays?, replyHours? }). */
  targets: string;
  /** JSON: escalation level number → contact email override. */
  contacts: string;
  /** Who made the change ("admin-cli:alice", "agent:3"). */
  changed_by: string;
  changed_at: string;
}

export type SiteRow = Selectable<SitesTable>;
export type TicketRow = Selectable<TicketsTable>;
export type NewTicket = Insertable<TicketsTable>;

// Escalation channels and the inbox (migration 0002_escalation).

export interface AgentsTable {
  id: Generated<number>;
  email: string;
  name: string;
  /** "agent" or "admin". */
  role: string;
  /** scrypt$N$r$p$salt$hash (base64url). */
  password_hash: string;
  created_at: string;
  /** Presence: refreshed while the agent's inbox is connected. */
  last_seen_at: string | null;
  /** Migration 0008: when an admin disabled the agent (no sign-in, no sessions); null = active. */
  disabled_at: Generated<string | null>;
  /** Migration 0023: the name requesters see (agents/display-name.ts); set for every account, null only if written around it. */
  display_name: Generated<string | null>;
}

export interface AgentSessionsTable {
  /** SHA-256 of the session cookie's value. */
  id_hash: string;
  agent_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface OutboxTable {
  id: Generated<number>;
  kind: string;
  ticket_id: number | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  message_id: string;
  /** queued | sending | sent | failed (gave up, reason in last_error) | suppressed (never sent, reason in last_error) */
  status: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  locked_until: string | null;
  last_error: string | null;
  sent_at: string | null;
  created_at: string;
}

export interface TimeEntriesTable {
  id: Generated<number>;
  ticket_id: number;
  site_key: string;
  agent_id: number | null;
  minutes: number;
  /** standard | consultancy (policy rates). */
  rate: string;
  note: string | null;
  created_at: string;
}

// Agent security (migration 0008_agent_security).

export interface AgentPasswordResetsTable {
  /** SHA-256 of the single-use token mailed in the reset link. */
  token_hash: string;
  agent_id: number;
  created_at: string;
  expires_at: string;
}

export interface SignInFailuresTable {
  /** SHA-256 of "client address \n email": neither is kept in clear. */
  key_hash: string;
  /** SHA-256 of the email, so a password reset can clear every address's failures. */
  email_hash: string;
  failures: number;
  last_failure_at: string;
  /** No attempt for this pair is checked before this instant. */
  next_allowed_at: string;
}

// Mail delivery hardening (migration 0006_outbox_delivery).

export interface OutboxTable {
  /** A secret the bodies refer to by a mark, sealed (api/src/mail/sealed-secret.ts); null once sent. */
  sealed_secret: string | null;
  /** The recipient address, lower-cased and without a +tag: what per-recipient limits count. */
  recipient_key: string | null;
}

/** Keys generated once and kept beside the data but outside the tables they protect. */
export interface ServerKeysTable {
  name: string;
  value: string;
  created_at: string;
}

export interface Database {
  server_keys: ServerKeysTable;
}

// Attachments uploaded before the ticket that claims them (migration 0004_uploads).

export interface UploadsTable {
  id: Generated<number>;
  /** SHA-256 of the upload id given to the client: the id is the only claim to the file. */
  token_hash: string;
  site_key: string;
  /** SHA-256 of the client address, for the per-address hourly byte limit. */
  client_hash: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  /** Emptied once a ticket claims the file (the bytes move to attachments). */
  data: Uint8Array;
  created_at: string;
  claimed_at: string | null;
}

// Webhooks and their delivery outbox (migration 0011_webhooks, api/src/webhooks/).

export interface WebhooksTable {
  id: Generated<number>;
  url: string;
  /** JSON array of webhook event names (api/src/webhooks/catalog.ts). */
  events: string;
  /** The signing secret, sealed (api/src/mail/sealed-secret.ts) with the hook's id as context. */
  sealed_secret: string;
  /** Set = no deliveries queued or sent; why in disabled_reason (an admin, or the receiver's 410). */
  disabled_at: string | null;
  disabled_reason: string | null;
  /** Who registered it: an agent's email, or "admin CLI". */
  created_by: string;
  created_at: string;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: number;
  /** Sent as Helpway-Delivery: the same on every try of this row, so receivers can drop duplicates. */
  delivery_id: string;
  event_type: string;
  ticket_id: number | null;
  /** The exact JSON body sent (and signed) on every try. */
  body: string;
  /** queued | sending | delivered | failed (gave up, reason in last_error) | cancelled (hook removed or disabled) */
  status: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  locked_until: string | null;
  response_code: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
}

export interface Database {
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

// The SLA timeline (migration 0012_sla_records, api/src/sla/records.ts).

export interface SlaRecordsTable {
  id: Generated<number>;
  ticket_id: number;
  /** warned | missed | escalated */
  kind: string;
  /** response | resolution | reply; null for an escalation the requester asked for. */
  target: string | null;
  /** The due time this record is about: a recomputed due (severity change, reopening) gets records of its own. */
  due_at: string | null;
  /** Escalations: the level, its role and the contact it went to (resolved: never "site-crm"). */
  level: number | null;
  role: string | null;
  contact: string | null;
  /** Escalations: what sent it there (response_missed, resolution_missed, reply_missed, requested, complaint). */
  trigger: string | null;
  /** The requester's words when they asked for it. */
  reason: string | null;
  /** "sweeper", "requester", or the agent's email. */
  actor: string;
  /** Unique: the same warning, miss or escalation is recorded (and acted on) once, whichever process finds it first. */
  once_key: string;
  created_at: string;
}

export interface Database {
  sla_records: SlaRecordsTable;
}

// The reports' data (migration 0015_report_data, api/src/reports/).

/** One anonymous widget session (a browser session's random id): when it reached each step of the funnel. */
export interface WidgetSessionsTable {
  id: string;
  site_key: string;
  started_at: string;
  /** The LMS page it started on, and that page's URL pattern (api/src/reports/page-pattern.ts). */
  page: string | null;
  page_pattern: string | null;
  /** First instant of each step: a suggestion shown, a search, a result or suggestion clicked, an article read, the contact form opened, a ticket filed. */
  suggested_at: string | null;
  searched_at: string | null;
  clicked_at: string | null;
  read_at: string | null;
  escalated_at: string | null;
  ticket_at: string | null;
  ticket_id: number | null;
  /** 1 = the ticket came less than 24 h after the first article read (not self-served). */
  ticket_within_24h: Generated<number>;
}

/** "How did we do?" after a ticket is solved: one answer per ticket (a later one replaces it). */
export interface SatisfactionTable {
  id: Generated<number>;
  ticket_id: number;
  site_key: string;
  /** good | bad */
  rating: string;
  comment: string | null;
  created_at: string;
  updated_at: string;
}

export interface Database {
  widget_sessions: WidgetSessionsTable;
  satisfaction: SatisfactionTable;
}

// The client portal (migration 0016_portal, api/src/portal/).

/** A person of a client's site: `key` (all of the site's tickets, budget, SLA, members, approvals) or `member` (own tickets). */
export interface ContactsTable {
  id: Generated<number>;
  site_key: string;
  /** Lower-cased. */
  email: string;
  name: string;
  /** key | member */
  role: string;
  /** "admin-cli", an agent's email, or a key contact's email. */
  created_by: string;
  created_at: string;
}

/** A mailed single-use sign-in link: only the SHA-256 of its token is kept. */
export interface PortalLinksTable {
  id: Generated<number>;
  contact_id: number;
  token_hash: string;
  created_at: string;
  expires_at: string;
  /** Set once, atomically, when the link signs someone in. */
  used_at: string | null;
}

/** A contact's session: SHA-256 of the cookie, a public id to list and revoke it by, its CSRF token. */
export interface PortalSessionsTable {
  id_hash: string;
  public_id: string;
  contact_id: number;
  csrf_token: string;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface Database {
  contacts: ContactsTable;
  portal_links: PortalLinksTable;
  portal_sessions: PortalSessionsTable;
}

// Site health (migration 0017_probes, api/src/status/).

export interface SitesTable {
  /** The URL the prober GETs; null = the site is not probed. */
  health_url: Generated<string | null>;
}

/** The prober's state machine for one site (status/probe-store.ts). */
export interface SiteHealthTable {
  site_key: string;
  /** unknown | up | down */
  state: string;
  /** Failed probes in a row, and when the first of them ran (a down period starts there). */
  failures: number;
  first_failure_at: string | null;
  /** Good probes in a row, and when the first of them ran (a down period ends there). */
  successes: number;
  first_success_at: string | null;
  last_probe_at: string | null;
  last_ok_at: string | null;
  last_error: string | null;
  /** When `state` last changed. */
  changed_at: string | null;
  next_probe_at: string;
}

/** One down period; `ended_at` null while the site is down. */
export interface SiteDowntimeTable {
  id: Generated<number>;
  site_key: string;
  started_at: string;
  ended_at: string | null;
}

/** Probe counts per site and hour (the last 48 h) or day (older). */
export interface ProbeRollupsTable {
  site_key: string;
  /** hour | day */
  bucket: string;
  /** The bucket's first instant (UTC). */
  start: string;
  probes: number;
  failures: number;
  total_ms: number;
}

/** A named lease: who holds it and until when (leader election among processes on one store). */
export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: string;
}

export interface Database {
  site_health: SiteHealthTable;
  site_downtime: SiteDowntimeTable;
  probe_rollups: ProbeRollupsTable;
  leases: LeasesTable;
}

// Incidents and maintenance (migration 0018_incidents, api/src/status/).

export interface TicketsTable {
  /** Migration 0018: the incident this ticket is about; its requester gets the incident's updates while the ticket is open. */
  incident_id: Generated<number | null>;
}

export interface IncidentsTable {
  id: Generated<number>;
  title: string;
  /** investigating | identified | monitoring | resolved */
  status: string;
  /** sites (listed in incident_sites) | all */
  scope: string;
  /** 1 = opened when a site went down (and resolved when it is back). */
  auto: Generated<number>;
  /** 1 = an agent keeps it open as monitoring: the site coming back does not resolve it. */
  hold: Generated<number>;
  started_at: string;
  resolved_at: string | null;
  /** An agent's email, or "monitor" for an automatic incident. */
  created_by: string;
  updated_at: string;
}

export interface IncidentSitesTable {
  incident_id: number;
  site_key: string;
}

/** Public text: shown on the status pages and mailed. */
export interface IncidentUpdatesTable {
  id: Generated<number>;
  incident_id: number;
  status: string;
  body: string;
  author: string;
  created_at: string;
}

export interface IncidentSubscribersTable {
  id: Generated<number>;
  incident_id: number;
  /** Lower-cased. */
  email: string;
  name: string;
  site_key: string;
  ticket_id: number | null;
  created_at: string;
}

export interface MaintenanceWindowsTable {
  id: Generated<number>;
  /** site | all */
  scope: string;
  site_key: string | null;
  title: string;
  body: string;
  starts_at: string;
  ends_at: string;
  created_by: string;
  created_at: string;
  cancelled_at: string | null;
}

export interface Database {
  incidents: IncidentsTable;
  incident_sites: IncidentSitesTable;
  incident_updates: IncidentUpdatesTable;
  incident_subscribers: IncidentSubscribersTable;
  maintenance_windows: MaintenanceWindowsTable;
}

// The public status pages (migration 0019_status_pages, api/src/status/).

/** Someone who asked for mail about incidents and maintenance: one site's (`site_key`) or all (null). */
export interface StatusSubscriptionsTable {
  id: Generated<number>;
  /** Lower-cased. */
  email: string;
  site_key: string | null;
  /** SHA-256 of the token mailed in the confirmation link (which also unsubscribes). */
  token_hash: string;
  confirmed_at: string | null;
  created_at: string;
  unsubscribed_at: string | null;
}

export interface Database {
  status_subscriptions: StatusSubscriptionsTable;
}

/*
 * Migration 0020: `ticket_search`, the inbox's full-text index of tickets, is not in `Database` on
 * purpose: only the database's own triggers write it (store/ticket-search-index.ts), and it is read
 * with raw SQL (inbox/ticket-search.ts) since its shape differs by store — an FTS5 table keyed by
 * rowid (= tickets.id) on SQLite, `(ticket_id, document tsvector)` on PostgreSQL.
 */

// Saved replies and articles in replies (migration 0021_saved_replies).

/** A saved reply: shared (`owner_id` null, managed by admins) or one agent's own. */
export interface SavedRepliesTable {
  id: Generated<number>;
  owner_id: number | null;
  title: string;
  /** Plain text with placeholders ({{requester.name}}…: api/src/inbox/saved-reply-placeholders.ts). */
  body: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  /** Replies sent with it, and the latest. */
  uses: Generated<number>;
  last_used_at: Generated<string | null>;
}

/** A file a saved reply attaches, copied from an upload when it was saved, and into the ticket at each use. */
export interface SavedReplyFilesTable {
  id: Generated<number>;
  saved_reply_id: number;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Uint8Array;
  created_at: string;
}

/** A knowledge-base article an agent's message links to, as it read when sent (shown as a card). */
export interface MessageArticlesTable {
  id: Generated<number>;
  message_id: number;
  ticket_id: number;
  slug: string;
  title: string;
  summary: string;
  url: string;
  created_at: string;
}

export interface OutboxTable {
  /** Migration 0021: the ticket message whose files the mail carries (read when it is sent). */
  attachments_message_id: Generated<number | null>;
}

// Agents on tickets (migration 0022_ticket_presence, api/src/inbox/presence.ts).

/** One agent's browser tab showing a ticket: viewing it, or with a reply being written. */
export interface TicketPresenceTable {
  agent_id: number;
  /** The tab's random id (the inbox makes one per page load). */
  tab: string;
  ticket_id: number;
  /** viewing | replying */
  state: string;
  /** Refreshed by the tab's live stream; older than HELPWAY_PRESENCE_SECONDS = gone. */
  seen_at: string;
}

// Agents as requesters see them, and typing in live chats (migration 0023_agent_display_name).

/** Who is typing in a chat: one row per ticket and side, `at` the latest keystroke reported (chat/typing.ts). */
export interface ChatTypingTable {
  ticket_id: number;
  /** requester | agent */
  side: string;
  /** The agent typing (side agent), else null. */
  agent_id: number | null;
  at: string;
}

export interface Database {
  saved_replies: SavedRepliesTable;
  saved_reply_files: SavedReplyFilesTable;
  message_articles: MessageArticlesTable;
  ticket_presence: TicketPresenceTable;
  chat_typing: ChatTypingTable;
}
