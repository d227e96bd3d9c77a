/** HELPWAY_SLA_POLL_MS: the default, a valid value, and refusals that say what to write. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseSlaPollMs, readConfig } from '../../api/src/config.ts';

test('HELPWAY_SLA_POLL_MS defaults to 15000 and accepts whole milliseconds from 100 to a day', () => {
  assert.equal(readConfig({}).slaPollMs, 15_000);
  assert.equal(parseSlaPollMs(' 5000 '), 5000);
  for (const bad of ['0', '99', '1.5', 'soon', '86400001'])
    assert.throws(
      () => parseSlaPollMs(bad),
      (e: unknown) => e instanceof ConfigError && /HELPWAY_SLA_POLL_MS .* from 100 to 86400000/.test((e as Error).message),
    );
});
