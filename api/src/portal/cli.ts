/**
 * `npm run admin -- contacts …` (dispatched from admin-cli.ts): add (or change) a site's portal
 * contact, list them, remove one. The same functions as the admin API and the key contacts'
 * portal page (portal/contacts.ts), on the server's store while it runs.
 */
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { readConfig } from '../config.ts';
import { listSites } from '../sites/sites.ts';
import { openStore } from '../store/database.ts';
import type { CliIo } from '../agents/cli.ts';
import { findContact, listContacts, NewContact, removeContact, saveContact } from './contacts.ts';

export const CONTACTS_USAGE = `  npm run admin -- contacts add --site KEY --email EMAIL --name NAME --role key|member
  npm run admin -- contacts list [--site KEY] [--json]
  npm run admin -- contacts remove --site KEY --email EMAIL

  A site's contacts sign in to the client portal with a link mailed to their address. key: sees
  and manages all of the site's tickets, the budget and the SLA summary, invites and removes
  members; member: their own tickets. Adding an existing address changes its name and role;
  removing a contact ends their portal sessions (their tickets stay with the site).`;

const ACTIONS = ['add', 'list', 'remove'] as const;

class UsageError extends Error {}

export async function contactsCommand(argv: string[], io: Pick<CliIo, 'stdout' | 'stderr'> = process): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`${(error as Error).message}\n\nUsage:\n${CONTACTS_USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

async function run(argv: string[], io: Pick<CliIo, 'stdout' | 'stderr'>): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      site: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [action, ...extra] = positionals;
  if (values.help) {
    io.stdout.write(`Usage:\n${CONTACTS_USAGE}\n`);
    return 0;
  }
  if (!ACTIONS.includes(action as (typeof ACTIONS)[number]))
    throw new UsageError(action ? `"contacts ${action}" is not a command.` : 'Name a command: contacts add, list or remove.');
  if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}".`);
  if (action !== 'list' && !values.site) throw new UsageError(`contacts ${action} needs --site KEY.`);
  if (action !== 'list' && !values.email) throw new UsageError(`contacts ${action} needs --email EMAIL.`);
  let input: NewContact | undefined;
  if (action === 'add') {
    const parsed = NewContact.safeParse({ email: values.email, name: values.name ?? '', role: values.role });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(`--${String(issue?.path[0] ?? 'email')}: ${issue?.message ?? 'is not valid'}.`);
    }
    input = parsed.data;
  }

  const config = readConfig();
  const store = await openStore({ databaseUrl: config.databaseUrl, databaseSchema: config.databaseSchema, dataDir: config.dataDir });
  try {
    if (values.site && !(await listSites(store.db)).some((s) => s.key === values.site)) {
      io.stderr.write(`--site: there is no site "${values.site}". See them with: npm run admin -- sites list\n`);
      return 1;
    }
    if (action === 'list') {
      const contacts = await listContacts(store.db, values.site);
      if (values.json) io.stdout.write(JSON.stringify(contacts, null, 2) + '\n');
      else if (!contacts.length)
        io.stdout.write('No contacts yet. Add one with: npm run admin -- contacts add --site KEY --email EMAIL --name NAME --role key\n');
      else for (const c of contacts) io.stdout.write(`${c.id}\t${c.siteKey}\t${c.email}\t${c.name}\t${c.role}\n`);
      return 0;
    }
    if (action === 'add') {
      const saved = await saveContact(store.db, values.site!, input!, `admin-cli:${userInfo().username}`, new Date());
      const c = saved.contact;
      io.stdout.write(`${saved.created ? 'Added' : 'Updated'} ${c.email} (${c.name}) as a ${c.role} contact of "${c.siteKey}".\n`);
      return 0;
    }
    const contact = await findContact(store.db, values.site!, values.email!);
    if (!contact) {
      io.stderr.write(
        `--email: ${values.email} is not a contact of "${values.site}". See them with: npm run admin -- contacts list --site ${values.site}\n`,
      );
      return 1;
    }
    await removeContact(store.db, contact.id);
    io.stdout.write(`Removed ${contact.email} from "${contact.siteKey}"; their portal sessions ended.\n`);
    return 0;
  } finally {
    await store.close();
  }
}
