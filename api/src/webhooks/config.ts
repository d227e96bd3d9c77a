/**
 * Webhook delivery settings, read from the environment with the rest (api/src/config.ts):
 *
 * - `HELPWAY_WEBHOOK_POLL_MS`: how often the webhook worker looks for due deliveries (1000).
 * - `HELPWAY_WEBHOOK_TIMEOUT_MS`: how long one delivery may take, connection to last byte (10000).
 * - `HELPWAY_WEBHOOK_BACKOFF_MS`: first retry delay, doubled per attempt up to 1 hour (5000).
 * - `HELPWAY_WEBHOOK_MAX_ATTEMPTS`, `HELPWAY_WEBHOOK_MAX_AGE_HOURS`: a delivery fails for good after
 *   this many attempts or once this old (15, 24).
 */
export interface WebhookConfig {
  pollMs: number;
  timeoutMs: number;
  backoffMs: number;
  maxAttempts: number;
  maxAgeHours: number;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} "${raw}" must be a positive number`);
  return n;
}

export function readWebhookConfig(env: NodeJS.ProcessEnv): WebhookConfig {
  return {
    pollMs: positive(env, 'HELPWAY_WEBHOOK_POLL_MS', 1000),
    timeoutMs: positive(env, 'HELPWAY_WEBHOOK_TIMEOUT_MS', 10_000),
    backoffMs: positive(env, 'HELPWAY_WEBHOOK_BACKOFF_MS', 5000),
    maxAttempts: Math.ceil(positive(env, 'HELPWAY_WEBHOOK_MAX_ATTEMPTS', 15)),
    maxAgeHours: positive(env, 'HELPWAY_WEBHOOK_MAX_AGE_HOURS', 24),
  };
}
