/**
 * The registry of webhooks: admins add, list, disable, enable and remove receivers (through the
 * inbox API, routes.ts, or the admin CLI, cli.ts). The signing secret is shown once, when the hook
 * is added, and stored sealed (mail/sealed-secret.ts, with the hook's id bound in): the list never
 * returns it, and a database dump alone does not give it away when HELPWAY_SECRET_KEY is set.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../store/schema.ts';
import { loadOutboxKeys, openSecret, sealSecret } from '../mail/sealed-secret.ts';
import { WEBHOOK_EVENTS, type WebhookEventName } from './catalog.ts';
import { newWebhookSecret } from './signature.ts';
import { urlProblem } from './address-guard.ts';
import type { Webhook } from './shapes.ts';

/** Registration input; `demoMode` decides which URLs pass (address-guard.ts). */
export function newWebhookSchema(demoMode: boolean) {
  return z.strictObject({
    url: z
      .string()
      .trim()
      .min(1, 'is required')
      .max(2000, 'is too long (2000 characters at most)')
      .superRefine((url, ctx) => {
        const problem = urlProblem(url, demoMode);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    events: z
      .array(z.enum(WEBHOOK_EVENTS, { message: `must each be one of ${WEBHOOK_EVENTS.join(', ')}` }))
      .min(1, `name at least one of ${WEBHOOK_EVENTS.join(', ')}`)
      .max(WEBHOOK_EVENTS.length)
      .transform((events) => [...new Set(events)]),
    secret: z
      .string()
      .min(24, 'must be at least 24 characters (leave it out to have a strong one generated)')
      .max(200, 'is too long (200 characters at most)')
      .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
      .optional(),
  });
}
export type NewWebhook = z.output<ReturnType<typeof newWebhookSchema>>;

const sealContext = (id: number) => `webhook:${id}`;
const SEALED_PLACEHOLDER = '';

function toWebhook(row: {
  id: number;
  url: string;
  events: string;
  disabled_at: string | null;
  disabled_reason: string | null;
  created_by: string;
  created_at: string;
}): Webhook {
  return {
    id: Number(row.id),
    url: row.url,
    events: JSON.parse(row.events) as WebhookEventName[],
    enabled: row.disabled_at === null,
    disabledAt: row.disabled_at,
    disabledReason: row.disabled_reason,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

const COLUMNS = ['id', 'url', 'events', 'disabled_at', 'disabled_reason', 'created_by', 'created_at'] as const;

/** Adds a hook; returns it with its secret, the only time the secret leaves the store. */
export async function addWebhook(
  db: Kysely<Database>,
  input: NewWebhook,
  options: { createdBy: string; now: Date; secretKey?: string },
): Promise<Webhook & { secret: string }> {
  const secret = input.secret ?? newWebhookSecret();
  return db.transaction().execute(async (trx) => {
    const { seal } = await loadOutboxKeys(trx, options.secretKey);
    // The seal binds the row's id, known only once inserted.
    const row = await trx
      .insertInto('webhooks')
      .values({
        url: input.url,
        events: JSON.stringify(input.events),
        sealed_secret: SEALED_PLACEHOLDER,
        disabled_at: null,
        disabled_reason: null,
        created_by: options.createdBy,
        created_at: options.now.toISOString(),
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    await trx
      .updateTable('webhooks')
      .set({ sealed_secret: sealSecret(seal, { mark: 'webhook', value: secret }, sealContext(id)) })
      .where('id', '=', id)
      .execute();
    return { ...toWebhook(row), secret };
  });
}

export async function listWebhooks(db: Kysely<Database>): Promise<Webhook[]> {
  return (await db.selectFrom('webhooks').select(COLUMNS).orderBy('id').execute()).map(toWebhook);
}

export async function findWebhook(db: Kysely<Database>, id: number): Promise<Webhook | null> {
  const row = await db.selectFrom('webhooks').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? toWebhook(row) : null;
}

/** Enabled hooks listening to `event` (read with the change's transaction). */
export async function hooksListening(db: Kysely<Database>, event: WebhookEventName): Promise<number[]> {
  const rows = await db.selectFrom('webhooks').select(['id', 'events']).where('disabled_at', 'is', null).execute();
  return rows.filter((r) => (JSON.parse(r.events) as string[]).includes(event)).map((r) => Number(r.id));
}

/**
 * Disables (with why) or enables a hook. Disabling cancels its deliveries still queued: a hook
 * switched off must go quiet, and one enabled again starts from new events, not a backlog.
 */
export async function setWebhookEnabled(
  db: Kysely<Database>,
  id: number,
  enabled: boolean,
  options: { now: Date; reason?: string },
): Promise<Webhook | null> {
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .updateTable('webhooks')
      .set(
        enabled
          ? { disabled_at: null, disabled_reason: null }
          : { disabled_at: options.now.toISOString(), disabled_reason: options.reason ?? 'disabled by an admin' },
      )
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(found.numUpdatedRows) !== 1) return null;
    if (!enabled) await cancelQueued(trx, id, options.reason ?? 'the webhook was disabled');
    return findWebhook(trx, id);
  });
}

/** Removes a hook and its delivery log. Returns false when there was none. */
export async function removeWebhook(db: Kysely<Database>, id: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
    const gone = await trx.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
    return Number(gone.numDeletedRows) === 1;
  });
}

export async function cancelQueued(db: Kysely<Database>, webhookId: number, reason: string): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'cancelled', locked_until: null, last_error: reason })
    .where('webhook_id', '=', webhookId)
    .where('status', 'in', ['queued', 'sending'])
    .execute();
}

/** The hook's secret, for signing (the worker); null when it cannot be unsealed (was HELPWAY_SECRET_KEY changed?). */
export async function webhookSecret(db: Kysely<Database>, id: number, keys: Buffer[]): Promise<string | null> {
  const row = await db.selectFrom('webhooks').select('sealed_secret').where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  return openSecret(keys, row.sealed_secret, sealContext(id))?.value ?? null;
}
