/**
 * `__proto__`, `constructor` and `prototype` are ordinary (unknown) keys in a JSON body: where a
 * schema refuses unknown keys, the 422 names them like any other field, at any depth, instead of
 * an empty "Check ." (a `fields` object built by assignment swallowed them).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fieldsFromZod, validationError } from '../../api/src/http/errors.ts';
import { assertError, call, forEachStore, validTicket } from './helpers.ts';
import type { TestServer } from '../support/api-server.ts';

const RESERVED = ['__proto__', 'constructor', 'prototype'];

forEachStore('reserved keys in JSON bodies', (target) => {
  let server: TestServer;
  before(async () => {
    server = await target.start({ env: { HELPWAY_RATE_LIMITS: 'off' } });
  });
  after(() => server.stop());

  const send = (path: string, body: string) =>
    call(server.url, path, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

  for (const key of RESERVED) {
    it(`POST /api/agents/login with "${key}" → 422 naming it`, async () => {
      const res = await send('/api/agents/login', `{"email":"a@b.c","password":"x","${key}":{}}`);
      const error = assertError(res, 422, 'validation_failed', key);
      assert.equal(error.message, `Check ${key}.`);
      assert.deepEqual(Object.keys(error.fields!), [key]);
      assert.match(error.fields![key], /reserved name/);
    });

    it(`POST /api/tickets with "${key}" nested in a strict object → 422 naming the dotted path`, async () => {
      const body = JSON.stringify(validTicket()).replace(/}$/, `,"fields":{"${key}":{"polluted":true}}}`);
      const res = await send('/api/tickets', body);
      const error = assertError(res, 422, 'validation_failed', `fields.${key}`);
      assert.match(error.message, new RegExp(`fields\\.${key}`));
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  }

  it('a body that is only {"__proto__": …} names the missing fields, never "Check ."', async () => {
    for (const path of ['/api/agents/login', '/api/tickets']) {
      const error = assertError(await send(path, '{"__proto__":{"email":"a@b.c","password":"x"}}'), 422, 'validation_failed');
      assert.doesNotMatch(error.message, /^Check \.$/);
      assert.ok(Object.keys(error.fields ?? {}).length > 0, path);
    }
    const login = assertError(
      await send('/api/agents/login', '{"__proto__":{"email":"a@b.c","password":"x"}}'),
      422,
      'validation_failed',
      '__proto__',
    );
    // `in` would find Object.prototype's __proto__: ask for own keys
    assert.deepEqual(Object.keys(login.fields!), ['__proto__']);
  });

  for (const key of RESERVED) {
    it(`POST /api/tickets with "${key}" at the top of an otherwise valid ticket → 422, nothing stored`, async () => {
      const body = JSON.stringify(validTicket()).replace(/}$/, `,"${key}":{"polluted":true}}`);
      const error = assertError(await send('/api/tickets', body), 422, 'validation_failed', key);
      assert.match(error.fields![key], /reserved name/);
      const nested = JSON.stringify(validTicket()).replace('"requester":{', `"requester":{"${key}":1,`);
      assertError(await send('/api/tickets', nested), 422, 'validation_failed', `requester.${key}`);
    });
  }
});

describe('fieldsFromZod', () => {
  it('names an empty key and keeps odd keys as own properties', () => {
    const issues = [
      { code: 'unrecognized_keys', keys: ['', '__proto__', 'constructor'], path: ['requester'], message: 'x', input: {} },
    ] as never;
    const fields = fieldsFromZod({ issues });
    assert.deepEqual(Object.keys(fields), ['requester.""', 'requester.__proto__', 'requester.constructor']);
    assert.equal(Object.getPrototypeOf(fields), Object.prototype);
    assert.equal(JSON.parse(JSON.stringify(fields))['requester.__proto__'], 'is not a known field: remove it');
    assert.equal(validationError({}).message, 'The request body is not valid.');
  });
});

it('odd keys are named quoted, with invisible characters escaped', () => {
  const fields = fieldsFromZod({
    issues: [{ code: 'unrecognized_keys', keys: ['', ' ', '\u202egnp.html', 'a.b', 'plain-key'], path: [], message: '' } as never],
  });
  assert.deepEqual(Object.keys(fields), ['""', '" "', '"\\u202egnp.html"', '"a.b"', 'plain-key']);
});
