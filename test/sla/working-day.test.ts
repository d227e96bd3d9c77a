/** The working day a requester's request counts toward (sla/working-day.ts): local dates, closed days, DST. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workingDayOf } from '../../api/src/sla/working-day.ts';
import type { Calendar } from '../../api/src/sla/business-time.ts';

const UK: Calendar = {
  timezone: 'Europe/London',
  hours: {
    mon: [['09:00', '17:00']],
    tue: [['09:00', '17:00']],
    wed: [['09:00', '17:00']],
    thu: [['09:00', '17:00']],
    fri: [['09:00', '17:00']],
  },
  holidays: ['2026-04-03', '2026-04-06', '*-12-25'],
};

const day = (iso: string) => {
  const d = workingDayOf(UK, new Date(iso));
  return [d.date, d.endsAt.toISOString()];
};

test('a working day counts for itself, outside its hours too, until local midnight', () => {
  assert.deepEqual(day('2026-03-04T08:00:00Z'), ['2026-03-04', '2026-03-05T00:00:00.000Z']);
  assert.deepEqual(day('2026-03-04T23:59:00Z'), ['2026-03-04', '2026-03-05T00:00:00.000Z']);
});

test('a weekend or holiday counts toward the next working day', () => {
  assert.deepEqual(day('2026-03-07T12:00:00Z'), ['2026-03-09', '2026-03-10T00:00:00.000Z']);
  // Good Friday, the weekend and Easter Monday: Tuesday 7 April, in summer time (midnight = 23:00 UTC).
  assert.deepEqual(day('2026-04-03T10:00:00Z'), ['2026-04-07', '2026-04-07T23:00:00.000Z']);
  assert.deepEqual(day('2026-12-25T10:00:00Z'), ['2026-12-28', '2026-12-29T00:00:00.000Z']);
});

test('local dates, not UTC dates: 23:30 UTC in summer is already the next day in London', () => {
  assert.deepEqual(day('2026-06-09T23:30:00Z'), ['2026-06-10', '2026-06-10T23:00:00.000Z']);
  // The night the clocks go forward (Sunday 29 March) counts toward Monday 30 March, whose day ends at 23:00 UTC.
  assert.deepEqual(day('2026-03-29T01:30:00Z'), ['2026-03-30', '2026-03-30T23:00:00.000Z']);
});
