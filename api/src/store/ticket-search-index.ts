/**
 * Migration 0020_ticket_search: the inbox's full-text index of tickets, one document per ticket
 * (reference and subject, requester name and address, the conversation — description, replies,
 * internal notes —, and the site and the type's fields), ranked by where a word was found.
 *
 * The database keeps it current itself, with triggers on tickets, ticket_messages and sites: every
 * way a ticket or message is written (the API, inbound mail, chat, the admin CLI, a bulk import,
 * a future code path) updates the index in the same transaction, so the index cannot drift from
 * the rows it indexes the way a subscriber that someone forgot to call could. Existing tickets
 * are indexed by the migration itself.
 *
 * - SQLite: an FTS5 table whose rowid is the ticket id, with prefix indexes for search-as-you-type.
 * - PostgreSQL: a tsvector per ticket ('simple' configuration, weights A reference and subject,
 *   B requester, C conversation, D site and fields) under a GIN index. No extension is needed
 *   (pg_trgm would need CREATE EXTENSION rights, and one install per database shared by every
 *   schema): prefix matching (`word:*`) covers partial words and addresses, on both stores alike.
 *
 * How text is cut into words is api/src/store/search-words.ts, shared with the query side.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { ACCENTED, PLAIN } from './search-words.ts';

/** Tickets' columns whose change re-indexes the ticket. */
const INDEXED_COLUMNS = ['subject', 'description', 'requester_name', 'requester_email', 'site_key', 'fields'] as const;

const changed = INDEXED_COLUMNS.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ');

// SQLite. The reference is written as tickets/reference.ts writes it (HW- and the id plus 1000).
const SQLITE_FIELDS = (t: string) =>
  `CASE WHEN json_valid(${t}.fields) AND json_type(${t}.fields) = 'object' THEN coalesce((SELECT group_concat(value, ' ') FROM json_each(${t}.fields)), '') ELSE ${t}.fields END`;
const SQLITE_CONVERSATION = (t: string) =>
  `${t}.description || char(10) || coalesce((SELECT group_concat(body, char(10)) FROM (SELECT body FROM ticket_messages WHERE ticket_id = ${t}.id ORDER BY id)), '')`;
const SQLITE_ROW = (
  t: string,
) => `SELECT ${t}.id, 'HW-' || (${t}.id + 1000), ${t}.subject, ${t}.requester_name || ' ' || ${t}.requester_email,
  ${SQLITE_CONVERSATION(t)},
  ${t}.site_key || ' ' || coalesce((SELECT name FROM sites WHERE key = ${t}.site_key), '') || ' ' || ${SQLITE_FIELDS(t)}`;
const SQLITE_INSERT = 'INSERT INTO ticket_search (rowid, reference, subject, requester, conversation, details)';

const SQLITE_UP = [
  // prefix: the 2-, 3- and 4-letter beginnings of every word are indexed, so a short typed prefix is one lookup.
  `CREATE VIRTUAL TABLE ticket_search USING fts5(reference, subject, requester, conversation, details, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')`,
  `CREATE TRIGGER ticket_search_ticket_insert AFTER INSERT ON tickets BEGIN
     ${SQLITE_INSERT} ${SQLITE_ROW('NEW')};
   END`,
  `CREATE TRIGGER ticket_search_ticket_update AFTER UPDATE OF ${INDEXED_COLUMNS.join(', ')} ON tickets WHEN ${changed} BEGIN
     DELETE FROM ticket_search WHERE rowid = OLD.id;
     ${SQLITE_INSERT} ${SQLITE_ROW('NEW')};
   END`,
  `CREATE TRIGGER ticket_search_ticket_delete AFTER DELETE ON tickets BEGIN
     DELETE FROM ticket_search WHERE rowid = OLD.id;
   END`,
  // A new message adds its words to the conversation; an edited or removed one rebuilds it.
  `CREATE TRIGGER ticket_search_message_insert AFTER INSERT ON ticket_messages BEGIN
     UPDATE ticket_search SET conversation = conversation || char(10) || NEW.body WHERE rowid = NEW.ticket_id;
   END`,
  `CREATE TRIGGER ticket_search_message_update AFTER UPDATE OF body, ticket_id ON ticket_messages BEGIN
     UPDATE ticket_search SET conversation = (SELECT ${SQLITE_CONVERSATION('t')} FROM tickets t WHERE t.id = OLD.ticket_id) WHERE rowid = OLD.ticket_id;
     UPDATE ticket_search SET conversation = (SELECT ${SQLITE_CONVERSATION('t')} FROM tickets t WHERE t.id = NEW.ticket_id) WHERE rowid = NEW.ticket_id;
   END`,
  `CREATE TRIGGER ticket_search_message_delete AFTER DELETE ON ticket_messages BEGIN
     UPDATE ticket_search SET conversation = (SELECT ${SQLITE_CONVERSATION('t')} FROM tickets t WHERE t.id = OLD.ticket_id) WHERE rowid = OLD.ticket_id;
   END`,
  `CREATE TRIGGER ticket_search_site_rename AFTER UPDATE OF name ON sites WHEN OLD.name IS NOT NEW.name BEGIN
     DELETE FROM ticket_search WHERE rowid IN (SELECT id FROM tickets WHERE site_key = NEW.key);
     ${SQLITE_INSERT} ${SQLITE_ROW('t')} FROM tickets t WHERE t.site_key = NEW.key;
   END`,
  `${SQLITE_INSERT} ${SQLITE_ROW('t')} FROM tickets t`,
];

const SQLITE_DOWN = [
  'ticket_search_site_rename',
  'ticket_search_message_delete',
  'ticket_search_message_update',
  'ticket_search_message_insert',
  'ticket_search_ticket_delete',
  'ticket_search_ticket_update',
  'ticket_search_ticket_insert',
]
  .map((t) => `DROP TRIGGER IF EXISTS ${t}`)
  .concat('DROP TABLE IF EXISTS ticket_search');

// PostgreSQL. A document past tsvector's 1 MB limit keeps what it has (the conversation's start)
// rather than fail the message that would overflow it.
const PG_UP = [
  `CREATE TABLE ticket_search (
     ticket_id integer PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
     document tsvector NOT NULL
   )`,
  'CREATE INDEX ticket_search_document ON ticket_search USING gin (document)',
  `CREATE FUNCTION helpway_search_text(t text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
     SELECT to_tsvector('simple', translate(lower(regexp_replace(coalesce(t, ''), '[^[:alnum:]]+', ' ', 'g')), '${ACCENTED}', '${PLAIN}'))
   $$`,
  `CREATE FUNCTION helpway_ticket_document(ticket integer) RETURNS tsvector LANGUAGE plpgsql STABLE AS $$
   DECLARE
     t tickets%ROWTYPE;
     conversation text;
     site_name text;
     field_values text;
   BEGIN
     SELECT * INTO t FROM tickets WHERE id = ticket;
     IF NOT FOUND THEN RETURN NULL; END IF;
     SELECT string_agg(body, E'\\n' ORDER BY id) INTO conversation FROM ticket_messages WHERE ticket_id = ticket;
     SELECT name INTO site_name FROM sites WHERE key = t.site_key;
     BEGIN
       SELECT string_agg(value, ' ') INTO field_values FROM jsonb_each_text(t.fields::jsonb);
     EXCEPTION WHEN others THEN
       field_values := t.fields; -- not a JSON object: its text is still worth finding
     END;
     RETURN setweight(helpway_search_text('HW-' || (t.id + 1000) || ' ' || t.subject), 'A')
       || setweight(helpway_search_text(t.requester_name || ' ' || t.requester_email), 'B')
       || setweight(helpway_search_text(left(t.description || E'\\n' || coalesce(conversation, ''), 500000)), 'C')
       || setweight(helpway_search_text(t.site_key || ' ' || coalesce(site_name, '') || ' ' || coalesce(field_values, '')), 'D');
   END
   $$`,
  `CREATE FUNCTION helpway_ticket_search_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP = 'INSERT' THEN
       INSERT INTO ticket_search (ticket_id, document) VALUES (NEW.id, helpway_ticket_document(NEW.id));
     ELSE
       UPDATE ticket_search SET document = helpway_ticket_document(NEW.id) WHERE ticket_id = NEW.id;
     END IF;
     RETURN NULL;
   END
   $$`,
  `CREATE FUNCTION helpway_ticket_search_message() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP = 'INSERT' THEN
       BEGIN
         UPDATE ticket_search SET document = document || setweight(helpway_search_text(NEW.body), 'C') WHERE ticket_id = NEW.ticket_id;
       EXCEPTION WHEN program_limit_exceeded THEN
         NULL;
       END;
       RETURN NULL;
     END IF;
     UPDATE ticket_search SET document = helpway_ticket_document(OLD.ticket_id) WHERE ticket_id = OLD.ticket_id;
     IF TG_OP = 'UPDATE' AND NEW.ticket_id <> OLD.ticket_id THEN
       UPDATE ticket_search SET document = helpway_ticket_document(NEW.ticket_id) WHERE ticket_id = NEW.ticket_id;
     END IF;
     RETURN NULL;
   END
   $$`,
  `CREATE FUNCTION helpway_ticket_search_site() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     UPDATE ticket_search SET document = helpway_ticket_document(ticket_id)
       WHERE ticket_id IN (SELECT id FROM tickets WHERE site_key = NEW.key);
     RETURN NULL;
   END
   $$`,
  'CREATE TRIGGER ticket_search_ticket_insert AFTER INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION helpway_ticket_search_ticket()',
  `CREATE TRIGGER ticket_search_ticket_update AFTER UPDATE OF ${INDEXED_COLUMNS.join(', ')} ON tickets FOR EACH ROW
     WHEN (${INDEXED_COLUMNS.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ')}) EXECUTE FUNCTION helpway_ticket_search_ticket()`,
  'CREATE TRIGGER ticket_search_message_insert AFTER INSERT ON ticket_messages FOR EACH ROW EXECUTE FUNCTION helpway_ticket_search_message()',
  `CREATE TRIGGER ticket_search_message_change AFTER UPDATE OF body, ticket_id OR DELETE ON ticket_messages FOR EACH ROW
     EXECUTE FUNCTION helpway_ticket_search_message()`,
  `CREATE TRIGGER ticket_search_site_rename AFTER UPDATE OF name ON sites FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
     EXECUTE FUNCTION helpway_ticket_search_site()`,
  'INSERT INTO ticket_search (ticket_id, document) SELECT id, helpway_ticket_document(id) FROM tickets',
];

const PG_DOWN = [
  'DROP TRIGGER IF EXISTS ticket_search_site_rename ON sites',
  'DROP TRIGGER IF EXISTS ticket_search_message_change ON ticket_messages',
  'DROP TRIGGER IF EXISTS ticket_search_message_insert ON ticket_messages',
  'DROP TRIGGER IF EXISTS ticket_search_ticket_update ON tickets',
  'DROP TRIGGER IF EXISTS ticket_search_ticket_insert ON tickets',
  'DROP FUNCTION IF EXISTS helpway_ticket_search_site()',
  'DROP FUNCTION IF EXISTS helpway_ticket_search_message()',
  'DROP FUNCTION IF EXISTS helpway_ticket_search_ticket()',
  'DROP FUNCTION IF EXISTS helpway_ticket_document(integer)',
  'DROP FUNCTION IF EXISTS helpway_search_text(text)',
  'DROP TABLE IF EXISTS ticket_search',
];

async function run(db: Kysely<any>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export function ticketSearchMigration(dialect: 'sqlite' | 'postgres'): Migration {
  const pg = dialect === 'postgres';
  return {
    up: (db) => run(db, pg ? PG_UP : SQLITE_UP),
    down: (db) => run(db, pg ? PG_DOWN : SQLITE_DOWN),
  };
}
