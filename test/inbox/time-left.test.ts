/**
 * The inbox's "time left" words (api/inbox/src/format.ts): business minutes arrive as fractions
 * (business-time.ts measures real milliseconds), so the boundary just under a whole hour must
 * round up into the hour, never read "3 h 60 min".
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { timeLeft } from '../../api/src/inbox/ui/format.ts';

it('rounds the whole total before splitting it into hours and minutes', () => {
  assert.equal(timeLeft(239.6), '4 h 0 min left');
  assert.equal(timeLeft(479.5), '8 h 0 min left');
  assert.equal(timeLeft(239.4), '3 h 59 min left');
  assert.equal(timeLeft(59.7), '1 h 0 min left');
  assert.equal(timeLeft(59.4), '59 min left');
  assert.equal(timeLeft(60), '1 h 0 min left');
  assert.equal(timeLeft(0), '0 min left');
});

it('says overdue on the same rounding, and not for less than half a minute', () => {
  assert.equal(timeLeft(-239.6), 'overdue by 4 h 0 min');
  assert.equal(timeLeft(-61), 'overdue by 1 h 1 min');
  assert.equal(timeLeft(-0.6), 'overdue by 1 min');
  assert.equal(timeLeft(-0.2), '0 min left');
});

it('never shows 60 minutes for any fraction across a day', () => {
  for (let tenths = -14400; tenths <= 14400; tenths++) {
    const text = timeLeft(tenths / 10);
    assert.doesNotMatch(text, /\b60 min/, `${tenths / 10} → ${text}`);
  }
});
