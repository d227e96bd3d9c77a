/**
 * The long fuzz run: many more generated hostile requests than `npm test` sends
 * (test/support/fuzz-api.ts), on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
 *   npm run bench -- fuzz            FUZZ_RUNS (default 5000) per store
 * Prints requests sent, status classes seen and any contract violation with its seed.
 */
import fc from 'fast-check';
import { startServer } from '../test/support/api-server.ts';
import { contractViolation, fuzzRequest, send } from '../test/support/fuzz-api.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 5000);
const stores = [{ name: 'SQLite', databaseUrl: undefined as string | undefined }];
if (process.env.TEST_DATABASE_URL) stores.push({ name: 'PostgreSQL', databaseUrl: process.env.TEST_DATABASE_URL });

let violations = 0;
for (const store of stores) {
  const server = await startServer({
    databaseUrl: store.databaseUrl,
    allowServerErrors: true,
    env: { HELPWAY_RATE_LIMITS: 'off', HELPWAY_ADMIN_EMAIL: 'admin@helpway.example', HELPWAY_ADMIN_PASSWORD: 'a long admin password' },
  });
  const ticket = await send(server.url, {
    name: 'seed ticket',
    method: 'POST',
    path: '/api/tickets',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      site: 'demo',
      type: 'query',
      severity: 'S3',
      subject: 'Fuzz',
      description: 'Fuzz seed ticket',
      requester: { name: 'Fuzz', email: 'fuzz@college.example' },
    }),
  });
  const chat = await send(server.url, {
    name: 'seed chat',
    method: 'POST',
    path: '/api/tickets',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      site: 'demo',
      type: 'query',
      severity: 'S3',
      subject: 'Fuzz chat',
      description: 'Fuzz seed chat',
      channel: 'chat',
      requester: { name: 'Fuzz', email: 'fuzz@college.example' },
    }),
  });
  const t = JSON.parse(ticket.text);
  const c = JSON.parse(chat.text);
  const statuses = new Map<string, number>();
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  const started = performance.now();
  const found: string[] = [];
  await fc.assert(
    fc.asyncProperty(
      fuzzRequest({ base: server.url, reference: t.reference, token: t.token, chatReference: c.reference, chatToken: c.token }),
      async (request) => {
        const outcome = await send(server.url, request);
        const cls = `${Math.floor(outcome.status / 100)}xx`;
        statuses.set(cls, (statuses.get(cls) ?? 0) + 1);
        const violation = contractViolation(outcome);
        if (violation && found.length < 10) found.push(`${request.method} ${request.path} (${request.name}): ${violation}`);
        return true;
      },
    ),
    { numRuns: RUNS, seed },
  );
  const seconds = (performance.now() - started) / 1000;
  await server.stop();
  violations += found.length + server.serverErrors.length;
  console.log(
    `${store.name}: ${RUNS} requests in ${seconds.toFixed(1)} s (seed ${seed}); statuses ${[...statuses]
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; contract violations ${found.length}; server errors logged ${server.serverErrors.length}`,
  );
  for (const line of found) console.log(`  ${line.slice(0, 400)}`);
}
if (violations) process.exitCode = 1;
