/**
 * `npm run admin -- webhooks …` (dispatched from admin-cli.ts): add, list, disable, enable and
 * remove webhooks, and read their delivery log. Works on the server's store while it runs: the
 * worker reads hooks on every delivery, so every change here applies at once. Registration input
 * is checked by the same schema as the inbox API (hooks.ts).
 */
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { openStore } from '../store/database.ts';
import { RowIdText } from '../store/ids.ts';
import { WEBHOOK_EVENTS } from './catalog.ts';
import { addWebhook, listWebhooks, newWebhookSchema, removeWebhook, setWebhookEnabled } from './hooks.ts';
import { deliveryLog } from './outbox.ts';

export const WEBHOOKS_USAGE = `  npm run admin -- webhooks add --url URL --events EVENT[,EVENT…] [--secret SECRET]
  npm run admin -- webhooks list [--json]
  npm run admin -- webhooks disable|enable|remove --id ID
  npm run admin -- webhooks deliveries [--id ID] [--json]

  events: ${WEBHOOK_EVENTS.join(', ')}. The URL must be https:// (in demo mode also
  http:// to a loopback host). Without --secret a strong one is generated; it is printed once
  (sign-check deliveries with it) and never shown again.`;

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const ACTIONS = ['add', 'list', 'disable', 'enable', 'remove', 'deliveries'] as const;

class UsageError extends Error {}

export async function webhooksCommand(argv: string[], io: CliIo = process): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`${(error as Error).message}\n\nUsage:\n${WEBHOOKS_USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      events: { type: 'string' },
      secret: { type: 'string' },
      id: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [action, ...extra] = positionals;
  if (values.help) {
    io.stdout.write(`Usage:\n${WEBHOOKS_USAGE}\n`);
    return 0;
  }
  if (!ACTIONS.includes(action as (typeof ACTIONS)[number]))
    throw new UsageError(action ? `"webhooks ${action}" is not a command.` : `Name a command: webhooks ${ACTIONS.join(', ')}.`);
  if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}".`);

  const config = readConfig();
  // Check input before opening the store: bad input should not wait on a database.
  let input = null;
  if (action === 'add') {
    const parsed = newWebhookSchema(config.demoMode).safeParse({
      url: values.url ?? '',
      events: (values.events ?? '')
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean),
      secret: values.secret,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(`--${String(issue.path[0])}: ${issue.message}`);
    }
    input = parsed.data;
  }
  let id: number | undefined;
  if (values.id !== undefined) {
    const parsed = RowIdText.safeParse(values.id);
    if (!parsed.success) throw new UsageError(`--id: ${parsed.error.issues[0].message}`);
    id = parsed.data;
  } else if (action === 'disable' || action === 'enable' || action === 'remove') throw new UsageError(`webhooks ${action} needs --id ID.`);

  const store = await openStore({ databaseUrl: config.databaseUrl, databaseSchema: config.databaseSchema, dataDir: config.dataDir });
  try {
    if (input) {
      const { secret, ...hook } = await addWebhook(store.db, input, {
        createdBy: 'admin CLI',
        now: new Date(),
        secretKey: config.escalation.secretKey,
      });
      io.stdout.write(`Added webhook ${hook.id}: ${hook.url} (${hook.events.join(', ')})\n`);
      io.stdout.write(`Signing secret (shown once, keep it with the receiver): ${secret}\n`);
      return 0;
    }
    if (action === 'list') {
      const hooks = await listWebhooks(store.db);
      if (values.json) io.stdout.write(JSON.stringify(hooks, null, 2) + '\n');
      else if (!hooks.length)
        io.stdout.write('No webhooks yet. Add one with: npm run admin -- webhooks add --url URL --events ticket.created\n');
      else
        for (const h of hooks)
          io.stdout.write(
            `${h.id}\t${h.url}\t${h.events.join(',')}\t${h.enabled ? 'enabled' : `disabled (${h.disabledReason ?? ''})`}\tby ${h.createdBy}\n`,
          );
      return 0;
    }
    if (action === 'deliveries') {
      const log = await deliveryLog(store.db, { webhookId: id, limit: 50 });
      if (values.json) io.stdout.write(JSON.stringify(log, null, 2) + '\n');
      else
        for (const d of log)
          io.stdout.write(
            `${d.createdAt}\thook ${d.webhookId}\t${d.event}\t${d.ticket ?? '-'}\t${d.status}\tattempts=${d.attempts}\tcode=${d.responseCode ?? '-'}${d.lastError ? `\t${d.lastError}` : ''}\n`,
          );
      return 0;
    }
    if (action === 'remove') {
      if (!(await removeWebhook(store.db, id!))) return missing(io, id!);
      io.stdout.write(`Removed webhook ${id} and its delivery log.\n`);
      return 0;
    }
    const hook = await setWebhookEnabled(store.db, id!, action === 'enable', { now: new Date(), reason: 'disabled with the admin CLI' });
    if (!hook) return missing(io, id!);
    io.stdout.write(`${action === 'enable' ? 'Enabled' : 'Disabled'} webhook ${hook.id}: ${hook.url}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

function missing(io: CliIo, id: number): number {
  io.stderr.write(`There is no webhook with id ${id}. See them with: npm run admin -- webhooks list\n`);
  return 1;
}
