/**
 * `npm run admin -- agents …` (dispatched from admin-cli.ts): list agents, set a password, disable
 * or enable an agent, end their sessions. Works on the server's store while it runs; sessions
 * are checked against the store on every request, so every change here applies at once.
 *
 * A password is never taken from the command line (shell history, `ps`): it is read from stdin,
 * or asked for twice without echo when stdin is a terminal.
 */
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { openStore, type Store } from '../store/database.ts';
import { findAgent, listAgentsForAdmin, Password, revokeSessions, setDisabled, setDisplayName, setPassword } from './accounts.ts';
import { DisplayName } from './display-name.ts';
import { clearSignInFailuresForEmail } from './sign-in-throttle.ts';

export const AGENTS_USAGE = `  npm run admin -- agents list [--json]
  npm run admin -- agents set-display-name --email EMAIL --display-name "Sam Jones"
  npm run admin -- agents set-password --email EMAIL [--password-stdin] < file-with-the-password
  npm run admin -- agents disable --email EMAIL
  npm run admin -- agents enable --email EMAIL
  npm run admin -- agents revoke-sessions --email EMAIL

  set-password reads the new password (10-200 characters, one line) from stdin; in a terminal
  it asks for it twice without showing it. Setting a password signs that agent out everywhere
  and lifts sign-in delays after failed attempts; disabling an agent signs them out too;
  revoke-sessions only signs them out. The display name is what requesters see of the agent (chat,
  mails, status page, portal): not an email address, not a login word such as "admin"; agents can
  also change their own on the inbox's Account page.`;

export interface CliIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const ACTIONS = ['list', 'set-display-name', 'set-password', 'disable', 'enable', 'revoke-sessions'] as const;

/** Bad input: the message, the usage, exit code 2. */
class UsageError extends Error {}

export async function agentsCommand(argv: string[], io: CliIo = process): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`${(error as Error).message}\n\nUsage:\n${AGENTS_USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  if (argv.some((a) => /^--password(=|$)/.test(a))) {
    throw new UsageError(
      '--password is not accepted: a password on the command line ends up in shell history and process lists. Give it on stdin (e.g. < file), or run in a terminal to be asked for it.',
    );
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      'display-name': { type: 'string' },
      json: { type: 'boolean' },
      'password-stdin': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [action, ...extra] = positionals;
  if (values.help) {
    io.stdout.write(`Usage:\n${AGENTS_USAGE}\n`);
    return 0;
  }
  if (!ACTIONS.includes(action as (typeof ACTIONS)[number]))
    throw new UsageError(
      action
        ? `"agents ${action}" is not a command.`
        : 'Name a command: agents list, set-display-name, set-password, disable, enable or revoke-sessions.',
    );
  if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}".`);
  if (action !== 'list' && !values.email) throw new UsageError(`agents ${action} needs --email EMAIL.`);
  // Checked before the store opens, like the password: bad input should not wait on a database.
  const displayName = action === 'set-display-name' ? checkedDisplayName(values['display-name']) : '';
  if (action !== 'set-display-name' && values['display-name'] !== undefined)
    throw new UsageError(`--display-name goes with agents set-display-name, not agents ${action}.`);

  // Read the password before opening the store: bad input should not wait on a database.
  const password = action === 'set-password' ? await readNewPassword(io, Boolean(values['password-stdin'])) : '';

  const config = readConfig();
  const store = await openStore({ databaseUrl: config.databaseUrl, databaseSchema: config.databaseSchema, dataDir: config.dataDir });
  try {
    if (action === 'list') return await list(store, io, Boolean(values.json));
    const agent = await findAgent(store.db, { email: values.email! });
    if (!agent) {
      io.stderr.write(`There is no agent with the email ${values.email}. See them with: npm run admin -- agents list\n`);
      return 1;
    }
    const sessions = (n: number) => `${n} session${n === 1 ? '' : 's'}`;
    if (action === 'set-display-name') {
      const changed = await setDisplayName(store.db, agent.id, displayName);
      io.stdout.write(
        `Requesters now see ${agent.email} as "${changed?.displayName ?? displayName}" (initials ${changed?.initials ?? ''}).\n`,
      );
    } else if (action === 'set-password') {
      const ended = await setPassword(store.db, agent.id, password);
      // The admin stepped in: sign-in delays for this email end too, from every address.
      await clearSignInFailuresForEmail(store.db, agent.email);
      io.stdout.write(`Password set for ${agent.email}; signed out of ${sessions(ended)}.\n`);
      if (agent.disabled)
        io.stdout.write(`Note: ${agent.email} is disabled; enable it with: npm run admin -- agents enable --email ${agent.email}\n`);
    } else if (action === 'disable') {
      const ended = await setDisabled(store.db, agent.id, true, new Date());
      io.stdout.write(
        `${agent.disabled ? 'Still disabled' : 'Disabled'}: ${agent.email} cannot sign in; signed out of ${sessions(ended ?? 0)}.\n`,
      );
    } else if (action === 'enable') {
      await setDisabled(store.db, agent.id, false, new Date());
      io.stdout.write(`Enabled: ${agent.email} can sign in again.\n`);
    } else {
      io.stdout.write(`Signed ${agent.email} out of ${sessions(await revokeSessions(store.db, agent.id))}.\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

async function list(store: Store, io: CliIo, json: boolean): Promise<number> {
  const agents = await listAgentsForAdmin(store.db, new Date());
  if (json)
    io.stdout.write(
      JSON.stringify(
        agents.map(({ id, email, name, displayName, role, disabled, sessions, lastSeenAt }) => ({
          id,
          email,
          name,
          displayName,
          role,
          disabled,
          sessions,
          lastSeenAt,
        })),
        null,
        2,
      ) + '\n',
    );
  else if (!agents.length)
    io.stdout.write('No agents yet: set HELPWAY_ADMIN_EMAIL and HELPWAY_ADMIN_PASSWORD and start the server to create the first admin.\n');
  else
    for (const a of agents)
      io.stdout.write(
        `${a.id}\t${a.email}\t${a.name}\t${a.role}\t${a.disabled ? 'disabled' : 'active'}\tsessions=${a.sessions}\tshown as "${a.displayName}"\n`,
      );
  return 0;
}

/** The --display-name value, or a usage error saying what is wrong with it. */
function checkedDisplayName(value: string | undefined): string {
  if (value === undefined) throw new UsageError('agents set-display-name needs --display-name "NAME" (what requesters will see).');
  const checked = DisplayName.safeParse(value);
  if (!checked.success)
    throw new UsageError(`The display name ${checked.error.issues[0]?.message ?? 'is not accepted'}; nothing was changed.`);
  return checked.data;
}

/** One line from stdin (a trailing newline is dropped), or typed twice in a terminal. */
async function readNewPassword(io: CliIo, fromStdin: boolean): Promise<string> {
  let password: string;
  if (io.stdin.isTTY && !fromStdin) {
    password = await promptHidden(io, 'New password: ');
    if ((await promptHidden(io, 'Repeat it: ')) !== password) throw new UsageError('The two passwords differ; nothing was changed.');
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk));
    password = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
    if (/[\r\n]/.test(password)) throw new UsageError('The password on stdin must be a single line; nothing was changed.');
  }
  const checked = Password.safeParse(password);
  if (!checked.success)
    throw new UsageError(`The new password is not accepted: ${checked.error.issues[0]?.message ?? 'invalid'}; nothing was changed.`);
  return checked.data;
}

/** Reads a line from a terminal without echoing it. */
function promptHidden(io: CliIo, question: string): Promise<string> {
  const { stdin } = io;
  io.stdout.write(question);
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      io.stdout.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new UsageError('Cancelled; nothing was changed.'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
