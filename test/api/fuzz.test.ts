/**
 * Fuzzing every public JSON endpoint (test/support/fuzz-api.ts): a bounded number of generated
 * hostile requests per store, none of which may get a 5xx or a refusal outside the error
 * contract. `npm run bench -- fuzz` runs many more. FUZZ_SEED replays a failing run.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { forEachStore, post, validTicket } from './helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { contractViolation, fuzzRequest, send, type FuzzTarget } from '../support/fuzz-api.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

forEachStore('fuzzing the public API', (target) => {
  let server: TestServer;
  let fuzz: FuzzTarget;

  before(async () => {
    server = await target.start({
      env: { HELPWAY_RATE_LIMITS: 'off', HELPWAY_ADMIN_EMAIL: 'admin@helpway.example', HELPWAY_ADMIN_PASSWORD: 'a long admin password' },
    });
    const ticket = await post(server.url, '/api/tickets', validTicket());
    const chat = await post(server.url, '/api/tickets', validTicket({ channel: 'chat' }));
    assert.equal(ticket.status, 201, ticket.text);
    assert.equal(chat.status, 201, chat.text);
    fuzz = {
      base: server.url,
      reference: ticket.body.reference,
      token: ticket.body.token,
      chatReference: chat.body.reference,
      chatToken: chat.body.token,
    };
  });
  after(() => server?.stop());

  it(`${RUNS} generated hostile requests: no 5xx, every refusal in the error shape`, async () => {
    await fc.assert(
      fc.asyncProperty(fuzzRequest(fuzz), async (request) => {
        const violation = contractViolation(await send(server.url, request));
        assert.equal(
          violation,
          null,
          `${request.method} ${request.path} (${request.name}) body ${request.body?.slice(0, 300)} → ${violation}`,
        );
      }),
      { numRuns: RUNS, seed, endOnFailure: true },
    );
    assert.deepEqual(server.serverErrors, [], 'the server logged no error');
  });
});
