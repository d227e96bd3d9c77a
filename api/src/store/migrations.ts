/**
 * The one set of migrations, for SQLite and PostgreSQL alike, run at start by Kysely's Migrator.
 * Only column types differ by dialect (auto-increment ids, bytes).
 */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { newIdentitySecret } from '../sites/identity.ts';
import { defaultDisplayName } from '../agents/display-name.ts';
import { newStoredKey, OUTBOX_KEY_NAME, sealLinkTokensInOutbox } from '../mail/sealed-secret.ts';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import { ticketSearchMigration } from './ticket-search-index.ts';

export type Dialect = 'sqlite' | 'postgres';

function migrations(dialect: Dialect): Record<string, Migration> {
  const pg = dialect === 'postgres';
  const withId = <T extends string>(table: CreateTableBuilder<T, never>) =>
    pg ? table.addColumn('id', 'serial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  const bytes = pg ? 'bytea' : 'blob';

  return {
    '0001_initial': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('sites')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('plan', 'text', (c) => c.notNull())
          .addColumn('origins', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('budget_hours', 'real', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();

        await withId(db.schema.createTable('tickets'))
          .addColumn('site_key', 'text', (c) => c.notNull().references('sites.key'))
          .addColumn('plan', 'text', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('severity', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('requester_name', 'text', (c) => c.notNull())
          .addColumn('requester_email', 'text', (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('phone_number', 'text')
          .addColumn('phone_preferred_time', 'text')
          .addColumn('context', 'text', (c) => c.notNull())
          .addColumn('journey', 'text', (c) => c.notNull())
          .addColumn('fields', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull())
          .addColumn('first_response_due', 'text')
          .addColumn('resolution_due', 'text')
          .addColumn('first_responded_at', 'text')
          .addColumn('resolved_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('tickets_site_created').on('tickets').columns(['site_key', 'created_at']).execute();
        await db.schema.createIndex('tickets_status').on('tickets').column('status').execute();
        await db.schema.createIndex('tickets_token_hash').on('tickets').column('token_hash').execute();

        await withId(db.schema.createTable('ticket_messages'))
          .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
          .addColumn('author', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('ticket_messages_ticket').on('ticket_messages').column('ticket_id').execute();

        await withId(db.schema.createTable('attachments'))
          .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
          .addColumn('message_id', 'integer', (c) => c.references('ticket_messages.id').onDelete('cascade'))
          .addColumn('filename', 'text', (c) => c.notNull())
          .addColumn('content_type', 'text', (c) => c.notNull())
          .addColumn('size', 'integer', (c) => c.notNull())
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('data', bytes, (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('attachments_ticket').on('attachments').column('ticket_id').execute();

        await db.schema
          .createTable('idempotency_keys')
          .addColumn('site_key', 'text', (c) => c.notNull())
          .addColumn('key_hash', 'text', (c) => c.notNull())
          .addColumn('request_hash', 'text', (c) => c.notNull())
          .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
          .addColumn('sealed_token', 'text', (c) => c.notNull())
          .addColumn('response', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('idempotency_keys_pk', ['site_key', 'key_hash'])
          .execute();

        await withId(db.schema.createTable('ticket_status_history'))
          .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('note', 'text')
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('ticket_status_history_ticket').on('ticket_status_history').column('ticket_id').execute();

        await withId(db.schema.createTable('sla_pauses'))
          .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('started_at', 'text', (c) => c.notNull())
          .addColumn('ended_at', 'text')
          .execute();
        await db.schema.createIndex('sla_pauses_ticket').on('sla_pauses').column('ticket_id').execute();

        await withId(db.schema.createTable('feedback'))
          .addColumn('slug', 'text', (c) => c.notNull())
          .addColumn('helpful', 'integer', (c) => c.notNull())
          .addColumn('comment', 'text')
          .addColumn('site_key', 'text')
          .addColumn('page', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('feedback_slug').on('feedback').column('slug').execute();

        await withId(db.schema.createTable('search_events'))
          .addColumn('query', 'text', (c) => c.notNull())
          .addColumn('result_count', 'integer', (c) => c.notNull())
          .addColumn('clicked_slug', 'text')
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('page', 'text')
          .addColumn('site_key', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('search_events_created').on('search_events').column('created_at').execute();

        await withId(db.schema.createTable('widget_events'))
          .addColumn('site_key', 'text', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('slug', 'text')
          .addColumn('page', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('widget_events_site_created').on('widget_events').columns(['site_key', 'created_at']).execute();
      },
      async down(db: Kysely<any>) {
        for (const table of [
          'widget_events',
          'search_events',
          'feedback',
          'sla_pauses',
          'ticket_status_history',
          'idempotency_keys',
          'attachments',
          'ticket_messages',
          'tickets',
          'sites',
        ]) {
          await db.schema.dropTable(table).ifExists().execute();
        }
      },
    },
    // Escalation channels and the agents' inbox: agents, sessions, the mail outbox,
    // time logging, presence, and per-message visibility and chat state on tickets.
    '0002_escalation': {
      async up(db: Kysely<any>) {
        await withId(db.schema.createTable('agents'))
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('last_seen_at', 'text')
          .execute();

        await db.schema
          .createTable('agent_sessions')
          .addColumn('id_hash', 'text', (c) => c.primaryKey())
          .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id').onDelete('cascade'))
          .addColumn('csrf_token', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();

        await withId(db.schema.createTable('outbox'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('ticket_id', 'integer')
          .addColumn('to_address', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('text_body', 'text', (c) => c.notNull())
          .addColumn('html_body', 'text', (c) => c.notNull())
          .addColumn('message_id', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('next_attempt_at', 'text', (c) => c.notNull())
          .addColumn('locked_until', 'text')
          .addColumn('last_error', 'text')
          .addColumn('sent_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
        await db.schema.createIndex('outbox_ticket').on('outbox').column('ticket_id').execute();

        await withId(db.schema.createTable('time_entries'))
          .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
          .addColumn('site_key', 'text', (c) => c.notNull())
          .addColumn('agent_id', 'integer')
          .addColumn('minutes', 'integer', (c) => c.notNull())
          .addColumn('rate', 'text', (c) => c.notNull())
          .addColumn('note', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('time_entries_site').on('time_entries').column('site_key').execute();

        await db.schema
          .alterTable('ticket_messages')
          .addColumn('internal', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema.alterTable('ticket_messages').addColumn('agent_id', 'integer').execute();
        await db.schema.alterTable('tickets').addColumn('assignee_id', 'integer').execute();
        await db.schema.alterTable('tickets').addColumn('chat_state', 'text').execute();
        await db.schema.alterTable('tickets').addColumn('called_at', 'text').execute();
      },
      async down(db: Kysely<any>) {
        for (const table of ['time_entries', 'outbox', 'agent_sessions', 'agents']) await db.schema.dropTable(table).ifExists().execute();
      },
    },
    // Identity verification: a per-site secret the host LMS signs the requester's
    // email with; whether a ticket's requester was verified that way.
    '0003_identity': {
      async up(db: Kysely<any>) {
        await db.schema.alterTable('sites').addColumn('identity_secret', 'text').execute();
        await db.schema
          .alterTable('tickets')
          .addColumn('requester_verified', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        for (const { key } of await db.selectFrom('sites').select('key').execute()) {
          await db.updateTable('sites').set({ identity_secret: newIdentitySecret() }).where('key', '=', key).execute();
        }
      },
    },
    // Inbound mail hardening: idempotency keys in one namespace per
    // caller; mail whose sender the provider did not vouch for, marked; replies found by the
    // Message-IDs of the mails they answer.
    '0005_inbound_auth': {
      async up(db: Kysely<any>) {
        await db.schema
          .alterTable('idempotency_keys')
          .addColumn('scope', 'text', (c) => c.notNull().defaultTo('public'))
          .execute();
        // Keys stored until now shared one namespace with inbound mail's Message-IDs, so a mail's
        // could still be replayed publicly; they only serve day-long client retries: drop them.
        await db.deleteFrom('idempotency_keys').execute();
        await db.schema
          .alterTable('tickets')
          .addColumn('unverified_sender', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .alterTable('ticket_messages')
          .addColumn('unverified_sender', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema.createIndex('outbox_message_id').on('outbox').column('message_id').execute();
      },
    },
    // Agent security: disabled agents, single-use password reset links
    // (only their hash is kept), and sign-in failures per client address and email.
    '0008_agent_security': {
      async up(db: Kysely<any>) {
        await db.schema.alterTable('agents').addColumn('disabled_at', 'text').execute();

        await db.schema
          .createTable('agent_password_resets')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id').onDelete('cascade'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('agent_password_resets_agent').on('agent_password_resets').column('agent_id').execute();

        await db.schema
          .createTable('sign_in_failures')
          .addColumn('key_hash', 'text', (c) => c.primaryKey())
          .addColumn('email_hash', 'text', (c) => c.notNull())
          .addColumn('failures', 'integer', (c) => c.notNull())
          .addColumn('last_failure_at', 'text', (c) => c.notNull())
          .addColumn('next_allowed_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sign_in_failures_email').on('sign_in_failures').column('email_hash').execute();
        await db.schema.createIndex('sign_in_failures_last').on('sign_in_failures').column('last_failure_at').execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('sign_in_failures').ifExists().execute();
        await db.schema.dropTable('agent_password_resets').ifExists().execute();
        await db.schema.alterTable('agents').dropColumn('disabled_at').execute();
      },
    },
    // Mail delivery hardening: failed/suppressed states need no schema;
    // a sealed secret instead of a token in the bodies, a recipient key for per-address limits.
    '0006_outbox_delivery': {
      async up(db: Kysely<any>) {
        await db.schema.alterTable('outbox').addColumn('sealed_secret', 'text').execute();
        await db.schema.alterTable('outbox').addColumn('recipient_key', 'text').execute();
        await db.schema.createIndex('outbox_recipient').on('outbox').columns(['recipient_key', 'created_at']).execute();
        await db.schema
          .createTable('server_keys')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        const key = newStoredKey();
        await db.insertInto('server_keys').values({ name: OUTBOX_KEY_NAME, value: key, created_at: new Date().toISOString() }).execute();
        await sealLinkTokensInOutbox(db, key);
      },
    },
    // Attachments travel apart from ticket JSON: a file is uploaded first and
    // waits here until a ticket or message claims it; the rows also measure bytes per hour.
    '0004_uploads': {
      async up(db: Kysely<any>) {
        await withId(db.schema.createTable('uploads'))
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('site_key', 'text', (c) => c.notNull())
          .addColumn('client_hash', 'text', (c) => c.notNull())
          .addColumn('filename', 'text', (c) => c.notNull())
          .addColumn('content_type', 'text', (c) => c.notNull())
          .addColumn('size', 'integer', (c) => c.notNull())
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('data', bytes, (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('claimed_at', 'text')
          .execute();
        await db.schema.createIndex('uploads_site_created').on('uploads').columns(['site_key', 'created_at']).execute();
        await db.schema.createIndex('uploads_client_created').on('uploads').columns(['client_hash', 'created_at']).execute();
        await db.schema.createIndex('uploads_created').on('uploads').column('created_at').execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('uploads').ifExists().execute();
      },
    },
    // The agents' queue is sorted and paged in the database: an index on its order,
    // the expression exactly as api/src/inbox/queue-order.ts writes it (columns unqualified:
    // SQLite allows no table names in an index), so a page reads only its own rows.
    '0007_queue': {
      async up(db: Kysely<any>) {
        await sql`CREATE INDEX tickets_queue_order ON tickets ((CASE WHEN status IN ('solved', 'closed') THEN '9999-12-31T23:59:59.999Z' WHEN first_responded_at IS NULL AND first_response_due IS NOT NULL THEN first_response_due ELSE COALESCE(resolution_due, '9999-12-31T23:59:59.999Z') END), severity, id)`.execute(
          db,
        );
      },
      async down(db: Kysely<any>) {
        await db.schema.dropIndex('tickets_queue_order').ifExists().execute();
      },
    },
    // A site's amendment of the SLA (docs/architecture.md, "SLA operations"): its relationship
    // manager, target and contact overrides. Every change is a new row holding the whole
    // amendment, with who made it and when; the latest row per site is the one in force.
    '0009_site_sla': {
      async up(db: Kysely<any>) {
        await withId(db.schema.createTable('site_sla_amendments'))
          .addColumn('site_key', 'text', (c) => c.notNull().references('sites.key').onDelete('cascade'))
          .addColumn('crm_email', 'text')
          .addColumn('targets', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('contacts', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('changed_by', 'text', (c) => c.notNull())
          .addColumn('changed_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('site_sla_amendments_site').on('site_sla_amendments').columns(['site_key', 'id']).execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('site_sla_amendments').ifExists().execute();
      },
    },
    // The SLA terms a ticket was filed under (api/src/sla/terms.ts): each version stored once,
    // tickets point at theirs. Tickets filed before this have none and use the policy in force.
    '0010_sla_versions': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('sla_versions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('terms', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.alterTable('tickets').addColumn('sla_version', 'text').execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.alterTable('tickets').dropColumn('sla_version').execute();
        await db.schema.dropTable('sla_versions').ifExists().execute();
      },
    },
    // Webhooks: admins register receivers; each event they listen to is a delivery row queued
    // with the change, then signed and POSTed by a worker (api/src/webhooks/).
    '0011_webhooks': {
      async up(db: Kysely<any>) {
        await withId(db.schema.createTable('webhooks'))
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('events', 'text', (c) => c.notNull())
          .addColumn('sealed_secret', 'text', (c) => c.notNull())
          .addColumn('disabled_at', 'text')
          .addColumn('disabled_reason', 'text')
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await withId(db.schema.createTable('webhook_deliveries'))
          .addColumn('webhook_id', 'integer', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
          .addColumn('delivery_id', 'text', (c) => c.notNull().unique())
          .addColumn('event_type', 'text', (c) => c.notNull())
          .addColumn('ticket_id', 'integer')
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('next_attempt_at', 'text', (c) => c.notNull())
          .addColumn('locked_until', 'text')
          .addColumn('response_code', 'integer')
          .addColumn('last_error', 'text')
          .addColumn('delivered_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        // The worker's question (what is due?) and the log's (this hook's latest deliveries).
        await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
        await db.schema.createIndex('webhook_deliveries_hook').on('webhook_deliveries').columns(['webhook_id', 'id']).execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('webhook_deliveries').ifExists().execute();
        await db.schema.dropTable('webhooks').ifExists().execute();
      },
    },
    // The SLA timeline (api/src/sla/records.ts): each warning, missed target and escalation of a
    // ticket, once. The unique once_key is what makes "exactly once" hold with several processes:
    // whoever inserts the row acts on it; everyone else finds it there.
    '0012_sla_records': {
      async up(db: Kysely<any>) {
        await withId(db.schema.createTable('sla_records'))
          .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('target', 'text')
          .addColumn('due_at', 'text')
          .addColumn('level', 'integer')
          .addColumn('role', 'text')
          .addColumn('contact', 'text')
          .addColumn('trigger', 'text')
          .addColumn('reason', 'text')
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('once_key', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('sla_records_ticket').on('sla_records').columns(['ticket_id', 'id']).execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('sla_records').ifExists().execute();
      },
    },
    // The next-reply clock (api/src/tickets/dues.ts) and the SLA sweeper's schedule
    // (api/src/sla/sweeper.ts): reply_from is the requester's first unanswered message after the
    // first response, reply_due its due time; sla_check_at is when the sweeper next looks at the
    // ticket (null while its clocks stop: pending, solved, closed). The partial index is the
    // sweep's whole query, so a sweep never reads closed or quiet tickets.
    '0013_reply_due': {
      async up(db: Kysely<any>) {
        await db.schema.alterTable('tickets').addColumn('reply_from', 'text').execute();
        await db.schema.alterTable('tickets').addColumn('reply_due', 'text').execute();
        await db.schema.alterTable('tickets').addColumn('sla_check_at', 'text').execute();
        // Tickets already running get looked at on the first sweep, which schedules them.
        await sql`UPDATE tickets SET sla_check_at = updated_at WHERE status IN ('new', 'open')`.execute(db);
        await sql`CREATE INDEX tickets_sla_check ON tickets (sla_check_at) WHERE sla_check_at IS NOT NULL`.execute(db);
      },
      async down(db: Kysely<any>) {
        await db.schema.dropIndex('tickets_sla_check').ifExists().execute();
        await db.schema.alterTable('tickets').dropColumn('sla_check_at').execute();
        await db.schema.alterTable('tickets').dropColumn('reply_due').execute();
        await db.schema.alterTable('tickets').dropColumn('reply_from').execute();
      },
    },
    // The reports (api/src/reports/): tickets and timesheet entries by period across all sites
    // (tickets_site_created and time_entries_site serve one site's tickets and whole budget).
    '0014_report_indexes': {
      async up(db: Kysely<any>) {
        await db.schema.createIndex('tickets_created').on('tickets').column('created_at').execute();
        await db.schema.createIndex('time_entries_created').on('time_entries').column('created_at').execute();
        await db.schema.createIndex('time_entries_site_created').on('time_entries').columns(['site_key', 'created_at']).execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropIndex('time_entries_site_created').ifExists().execute();
        await db.schema.dropIndex('time_entries_created').ifExists().execute();
        await db.schema.dropIndex('tickets_created').ifExists().execute();
      },
    },
    // The reports' data (api/src/reports/), written when it happens: a widget session's path
    // (widget_sessions, one row per anonymous browser session), what followed a search (read,
    // ticket), where tickets come from (page_pattern) and each SLA target's outcome on the ticket
    // itself, satisfaction after solving, and the "Fix this article" state of negative feedback.
    '0015_report_data': {
      async up(db: Kysely<any>) {
        await db.schema.alterTable('widget_events').addColumn('session_id', 'text').execute();
        await db.schema.alterTable('search_events').addColumn('session_id', 'text').execute();
        await db.schema.alterTable('search_events').addColumn('read_slug', 'text').execute();
        await db.schema.alterTable('search_events').addColumn('read_at', 'text').execute();
        await db.schema.alterTable('search_events').addColumn('ticket_id', 'integer').execute();
        await db.schema.createIndex('search_events_session').on('search_events').columns(['session_id', 'created_at']).execute();
        await db.schema.createIndex('search_events_site_created').on('search_events').columns(['site_key', 'created_at']).execute();

        await db.schema
          .createTable('widget_sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('site_key', 'text', (c) => c.notNull())
          .addColumn('started_at', 'text', (c) => c.notNull())
          .addColumn('page', 'text')
          .addColumn('page_pattern', 'text')
          .addColumn('suggested_at', 'text')
          .addColumn('searched_at', 'text')
          .addColumn('clicked_at', 'text')
          .addColumn('read_at', 'text')
          .addColumn('escalated_at', 'text')
          .addColumn('ticket_at', 'text')
          .addColumn('ticket_id', 'integer')
          .addColumn('ticket_within_24h', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema.createIndex('widget_sessions_started').on('widget_sessions').column('started_at').execute();
        await db.schema.createIndex('widget_sessions_site_started').on('widget_sessions').columns(['site_key', 'started_at']).execute();

        await db.schema.alterTable('tickets').addColumn('widget_session', 'text').execute();
        await db.schema.alterTable('tickets').addColumn('page_pattern', 'text').execute();
        await db.schema.alterTable('tickets').addColumn('first_response_minutes', 'integer').execute();
        await db.schema.alterTable('tickets').addColumn('first_response_met', 'integer').execute();
        await db.schema.alterTable('tickets').addColumn('resolution_minutes', 'integer').execute();
        await db.schema.alterTable('tickets').addColumn('resolution_met', 'integer').execute();
        await db.schema
          .alterTable('tickets')
          .addColumn('replies_met', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .alterTable('tickets')
          .addColumn('replies_missed', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();

        await db.schema.alterTable('feedback').addColumn('handled_at', 'text').execute();
        await db.schema.alterTable('feedback').addColumn('handled_by', 'text').execute();
        await db.schema.alterTable('feedback').addColumn('digested_at', 'text').execute();
        await db.schema.createIndex('feedback_created').on('feedback').column('created_at').execute();

        await withId(db.schema.createTable('satisfaction'))
          .addColumn('ticket_id', 'integer', (c) => c.notNull().unique().references('tickets.id').onDelete('cascade'))
          .addColumn('site_key', 'text', (c) => c.notNull())
          .addColumn('rating', 'text', (c) => c.notNull())
          .addColumn('comment', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('satisfaction_created').on('satisfaction').column('created_at').execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('satisfaction').ifExists().execute();
        await db.schema.dropIndex('feedback_created').ifExists().execute();
        for (const column of ['digested_at', 'handled_by', 'handled_at'])
          await db.schema.alterTable('feedback').dropColumn(column).execute();
        for (const column of [
          'replies_missed',
          'replies_met',
          'resolution_met',
          'resolution_minutes',
          'first_response_met',
          'first_response_minutes',
          'page_pattern',
          'widget_session',
        ]) {
          await db.schema.alterTable('tickets').dropColumn(column).execute();
        }
        await db.schema.dropTable('widget_sessions').ifExists().execute();
        await db.schema.dropIndex('search_events_site_created').ifExists().execute();
        await db.schema.dropIndex('search_events_session').ifExists().execute();
        for (const column of ['ticket_id', 'read_at', 'read_slug', 'session_id'])
          await db.schema.alterTable('search_events').dropColumn(column).execute();
        await db.schema.alterTable('widget_events').dropColumn('session_id').execute();
      },
    },
    // The client portal (api/src/portal/): a site's contacts, their single-use sign-in links and
    // sessions (only hashes of either stored), and on the ticket: the contact it belongs to, the
    // order a key contact asked for, and billable work's approval.
    '0016_portal': {
      async up(db: Kysely<any>) {
        await withId(db.schema.createTable('contacts'))
          .addColumn('site_key', 'text', (c) => c.notNull().references('sites.key'))
          .addColumn('email', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('contacts_site_email', ['site_key', 'email'])
          .execute();
        await db.schema.createIndex('contacts_email').on('contacts').column('email').execute();

        await withId(db.schema.createTable('portal_links'))
          .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('used_at', 'text')
          .execute();

        await db.schema
          .createTable('portal_sessions')
          .addColumn('id_hash', 'text', (c) => c.primaryKey())
          .addColumn('public_id', 'text', (c) => c.notNull().unique())
          .addColumn('contact_id', 'integer', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
          .addColumn('csrf_token', 'text', (c) => c.notNull())
          .addColumn('user_agent', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('last_seen_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('portal_sessions_contact').on('portal_sessions').column('contact_id').execute();

        await db.schema.alterTable('tickets').addColumn('contact_id', 'integer').execute();
        await db.schema.alterTable('tickets').addColumn('priority_rank', 'integer').execute();
        await db.schema.alterTable('tickets').addColumn('approval', 'text').execute();
        await db.schema.alterTable('tickets').addColumn('approval_by', 'text').execute();
        await db.schema.alterTable('tickets').addColumn('approval_at', 'text').execute();
        await db.schema.createIndex('tickets_contact').on('tickets').column('contact_id').execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropIndex('tickets_contact').ifExists().execute();
        for (const column of ['approval_at', 'approval_by', 'approval', 'priority_rank', 'contact_id']) {
          await db.schema.alterTable('tickets').dropColumn(column).execute();
        }
        await db.schema.dropTable('portal_sessions').ifExists().execute();
        await db.schema.dropTable('portal_links').ifExists().execute();
        await db.schema.dropTable('contacts').ifExists().execute();
      },
    },

    // Site health (api/src/status/): a health URL per site, the prober's state machine, its down
    // periods (what uptime is computed from), probe counts by hour and day, and the lease that
    // makes one process the prober when several share a PostgreSQL store.
    '0017_probes': {
      async up(db: Kysely<any>) {
        await db.schema.alterTable('sites').addColumn('health_url', 'text').execute();

        await db.schema
          .createTable('site_health')
          .addColumn('site_key', 'text', (c) => c.primaryKey().references('sites.key'))
          .addColumn('state', 'text', (c) => c.notNull().defaultTo('unknown'))
          .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('successes', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('first_failure_at', 'text')
          .addColumn('first_success_at', 'text')
          .addColumn('last_probe_at', 'text')
          .addColumn('last_ok_at', 'text')
          .addColumn('last_error', 'text')
          .addColumn('changed_at', 'text')
          .addColumn('next_probe_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('site_health_next_probe').on('site_health').column('next_probe_at').execute();

        await withId(db.schema.createTable('site_downtime'))
          .addColumn('site_key', 'text', (c) => c.notNull().references('sites.key'))
          .addColumn('started_at', 'text', (c) => c.notNull())
          .addColumn('ended_at', 'text')
          .execute();
        await db.schema.createIndex('site_downtime_site').on('site_downtime').columns(['site_key', 'started_at']).execute();

        await db.schema
          .createTable('probe_rollups')
          .addColumn('site_key', 'text', (c) => c.notNull().references('sites.key'))
          .addColumn('bucket', 'text', (c) => c.notNull())
          .addColumn('start', 'text', (c) => c.notNull())
          .addColumn('probes', 'integer', (c) => c.notNull())
          .addColumn('failures', 'integer', (c) => c.notNull())
          .addColumn('total_ms', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('probe_rollups_pk', ['site_key', 'bucket', 'start'])
          .execute();

        await db.schema
          .createTable('leases')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('holder', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('leases').ifExists().execute();
        await db.schema.dropTable('probe_rollups').ifExists().execute();
        await db.schema.dropTable('site_downtime').ifExists().execute();
        await db.schema.dropTable('site_health').ifExists().execute();
        await db.schema.alterTable('sites').dropColumn('health_url').execute();
      },
    },
    // Incidents and maintenance (api/src/status/): incidents declared by agents or opened when a site
    // goes down, their public updates, the people who asked to hear about one, the ticket an incident
    // explains, and announced maintenance windows (left out of uptime).
    '0018_incidents': {
      async up(db: Kysely<any>) {
        await withId(db.schema.createTable('incidents'))
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('auto', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('hold', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('started_at', 'text', (c) => c.notNull())
          .addColumn('resolved_at', 'text')
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('incidents_resolved').on('incidents').columns(['resolved_at', 'started_at']).execute();

        await db.schema
          .createTable('incident_sites')
          .addColumn('incident_id', 'integer', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
          .addColumn('site_key', 'text', (c) => c.notNull().references('sites.key'))
          .addPrimaryKeyConstraint('incident_sites_pk', ['incident_id', 'site_key'])
          .execute();
        await db.schema.createIndex('incident_sites_site').on('incident_sites').column('site_key').execute();

        await withId(db.schema.createTable('incident_updates'))
          .addColumn('incident_id', 'integer', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('author', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('incident_updates_incident').on('incident_updates').column('incident_id').execute();

        await withId(db.schema.createTable('incident_subscribers'))
          .addColumn('incident_id', 'integer', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
          .addColumn('email', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('site_key', 'text', (c) => c.notNull())
          .addColumn('ticket_id', 'integer')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('incident_subscribers_email', ['incident_id', 'email'])
          .execute();

        await db.schema.alterTable('tickets').addColumn('incident_id', 'integer').execute();
        await db.schema.createIndex('tickets_incident').on('tickets').column('incident_id').execute();

        await withId(db.schema.createTable('maintenance_windows'))
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('site_key', 'text', (c) => c.references('sites.key'))
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('starts_at', 'text', (c) => c.notNull())
          .addColumn('ends_at', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('cancelled_at', 'text')
          .execute();
        await db.schema.createIndex('maintenance_windows_time').on('maintenance_windows').columns(['starts_at', 'ends_at']).execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('maintenance_windows').ifExists().execute();
        await db.schema.dropIndex('tickets_incident').ifExists().execute();
        await db.schema.alterTable('tickets').dropColumn('incident_id').execute();
        for (const table of ['incident_subscribers', 'incident_updates', 'incident_sites', 'incidents']) {
          await db.schema.dropTable(table).ifExists().execute();
        }
      },
    },
    // Email subscriptions to the public status pages (api/src/status/subscriptions.ts): a site's or
    // all sites' incidents and maintenance. Only the hash of the mailed link's token is stored.
    '0019_status_pages': {
      async up(db: Kysely<any>) {
        await withId(db.schema.createTable('status_subscriptions'))
          .addColumn('email', 'text', (c) => c.notNull())
          .addColumn('site_key', 'text', (c) => c.references('sites.key'))
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('confirmed_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('unsubscribed_at', 'text')
          .execute();
        await db.schema.createIndex('status_subscriptions_email').on('status_subscriptions').column('email').execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('status_subscriptions').ifExists().execute();
      },
    },
    // The inbox's full-text search over tickets, kept current by triggers (ticket-search-index.ts).
    '0020_ticket_search': ticketSearchMigration(dialect),
    // Saved replies (api/src/inbox/saved-replies.ts): shared ones (no owner; admins manage them) and
    // each agent's own, with their files and how often they were sent; the knowledge-base articles
    // a reply carries, shown to the requester as cards (tickets/message-articles.ts); and which
    // message's files a mail carries, read when it is sent.
    '0021_saved_replies': {
      async up(db: Kysely<any>) {
        await withId(db.schema.createTable('saved_replies'))
          .addColumn('owner_id', 'integer', (c) => c.references('agents.id').onDelete('cascade'))
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created_by', 'integer', (c) => c.references('agents.id').onDelete('set null'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('last_used_at', 'text')
          .execute();
        await db.schema.createIndex('saved_replies_owner').on('saved_replies').column('owner_id').execute();

        await withId(db.schema.createTable('saved_reply_files'))
          .addColumn('saved_reply_id', 'integer', (c) => c.notNull().references('saved_replies.id').onDelete('cascade'))
          .addColumn('filename', 'text', (c) => c.notNull())
          .addColumn('content_type', 'text', (c) => c.notNull())
          .addColumn('size', 'integer', (c) => c.notNull())
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('data', bytes, (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('saved_reply_files_reply').on('saved_reply_files').column('saved_reply_id').execute();

        await withId(db.schema.createTable('message_articles'))
          .addColumn('message_id', 'integer', (c) => c.notNull().references('ticket_messages.id').onDelete('cascade'))
          .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
          .addColumn('slug', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('summary', 'text', (c) => c.notNull())
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('message_articles_ticket').on('message_articles').column('ticket_id').execute();
        await db.schema.createIndex('message_articles_created').on('message_articles').column('created_at').execute();

        await db.schema.alterTable('outbox').addColumn('attachments_message_id', 'integer').execute();
        // The articles report counts the tickets agents replied to in a period.
        await db.schema.createIndex('ticket_messages_created').on('ticket_messages').column('created_at').execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropIndex('ticket_messages_created').ifExists().execute();
        await db.schema.alterTable('outbox').dropColumn('attachments_message_id').execute();
        for (const table of ['message_articles', 'saved_reply_files', 'saved_replies'])
          await db.schema.dropTable(table).ifExists().execute();
      },
    },
    // Who is on which ticket (api/src/inbox/presence.ts): one row per agent's browser tab, kept
    // fresh while the tab's live stream is open, so every API process sees the same agents.
    '0022_ticket_presence': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('ticket_presence')
          .addColumn('agent_id', 'integer', (c) => c.notNull().references('agents.id').onDelete('cascade'))
          .addColumn('tab', 'text', (c) => c.notNull())
          .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('seen_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('ticket_presence_pk', ['agent_id', 'tab'])
          .execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('ticket_presence').ifExists().execute();
      },
    },
    // How agents appear to requesters (api/src/agents/display-name.ts): a display name each agent
    // chooses, filled for existing accounts from their name (an account that is only a login,
    // like "admin", appears as the team); and who is typing in a live chat (api/src/chat/typing.ts),
    // one row per chat and side, kept in the store so every API process's streams read the same.
    '0023_agent_display_name': {
      async up(db: Kysely<any>) {
        await db.schema.alterTable('agents').addColumn('display_name', 'text').execute();
        const agents = await db.selectFrom('agents').select(['id', 'name', 'email']).execute();
        for (const agent of agents) {
          await db
            .updateTable('agents')
            .set({ display_name: defaultDisplayName(agent.name, agent.email) })
            .where('id', '=', agent.id)
            .execute();
        }

        await db.schema
          .createTable('chat_typing')
          .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
          .addColumn('side', 'text', (c) => c.notNull())
          .addColumn('agent_id', 'integer')
          .addColumn('at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('chat_typing_pk', ['ticket_id', 'side'])
          .execute();
        await db.schema.createIndex('chat_typing_side_at').on('chat_typing').columns(['side', 'at']).execute();
      },
      async down(db: Kysely<any>) {
        await db.schema.dropTable('chat_typing').ifExists().execute();
        await db.schema.alterTable('agents').dropColumn('display_name').execute();
      },
    },
  };
}

class InCodeMigrations implements MigrationProvider {
  readonly #dialect: Dialect;
  constructor(dialect: Dialect) {
    this.#dialect = dialect;
  }
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.#dialect);
  }
}

/**
 * Brings the schema up to the migration `name` and no further: how a test builds a store as an
 * older release left it, to check what a later migration does to its data.
 */
export async function migrateTo(db: Kysely<any>, dialect: Dialect, name: string, schema?: string): Promise<void> {
  const migrator = new Migrator({ db, provider: new InCodeMigrations(dialect), ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error } = await migrator.migrateTo(name);
  if (error) throw new Error(`database migration to ${name} failed: ${(error as Error).message ?? error}`);
}

/** SQLSTATEs of a schema dropped while Kysely lists the tables (see migrateToLatest). */
const LISTING_RACES = new Set(['3F000', '42P01']);

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>, dialect: Dialect, schema?: string): Promise<void> {
  // With a schema, name it: Kysely looks for its bookkeeping tables across all schemas otherwise.
  const migrator = new Migrator({ db, provider: new InCodeMigrations(dialect), ...(schema ? { migrationTableSchema: schema } : {}) });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return;
    // Kysely finds its bookkeeping tables by listing every schema's tables; another schema dropped
    // during that listing (another tenant, another test run) fails it before anything of ours ran,
    // with 3F000 "schema … does not exist" or 42P01 "relation … does not exist" (its tables went
    // first). Nothing was changed: list again.
    if (LISTING_RACES.has((error as { code?: string }).code ?? '') && !results?.length && attempt < 3) continue;
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? error}`);
  }
}
