/**
 * Business time from first principles: each expected instant below is worked out by hand
 * from the calendar (local windows, the zone's offsets and DST dates), not by running the code.
 * Offsets used: London GMT+0 / BST+1 (2026 changes: Sun 29 Mar 01:00 UTC, Sun 25 Oct 01:00 UTC);
 * New York EST−5 / EDT−4 (Sun 8 Mar 07:00 UTC, Sun 1 Nov 06:00 UTC); Sydney AEDT+11 / AEST+10
 * (ends Sun 5 Apr 03:00 local, starts Sun 4 Oct 02:00 local); Chatham +13:45 / +12:45 (ends
 * Sun 5 Apr 03:45 local); Kolkata +5:30; Kathmandu +5:45; Auckland NZDT+13 in March.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  BusinessCalendarSchema,
  CalendarError,
  isOpen,
  nextOpening,
  NoWorkingTimeError,
  validateCalendar,
  workingDayMinutes,
  type Calendar,
  type TimeWindow,
} from '../../api/src/sla/business-time.ts';

const weekdays = (windows: TimeWindow[], timezone: string, holidays: string[] = []): Calendar => ({
  timezone,
  hours: { mon: windows, tue: windows, wed: windows, thu: windows, fri: windows },
  holidays,
});
const allWeek = (windows: TimeWindow[], timezone: string, holidays: string[] = []): Calendar => ({
  timezone,
  hours: { mon: windows, tue: windows, wed: windows, thu: windows, fri: windows, sat: windows, sun: windows },
  holidays,
});
const sundays = (windows: TimeWindow[], timezone: string): Calendar => ({ timezone, hours: { sun: windows }, holidays: [] });

const UK = weekdays([['09:00', '17:00']], 'Europe/London');
const LUNCH = weekdays(
  [
    ['09:00', '12:00'],
    ['13:00', '17:30'],
  ],
  'UTC',
);
const EVENING = {
  timezone: 'UTC',
  hours: { mon: [['18:00', '24:00']] as TimeWindow[], tue: [['00:00', '02:00']] as TimeWindow[] },
  holidays: [],
};
const UTC_24x7 = allWeek([['00:00', '24:00']], 'UTC');
const LONDON_24x7 = allWeek([['00:00', '24:00']], 'Europe/London');
const NY_24x7 = allWeek([['00:00', '24:00']], 'America/New_York');
const WEEKEND = {
  timezone: 'UTC',
  hours: { sat: [['10:00', '14:00']] as TimeWindow[], sun: [['10:00', '14:00']] as TimeWindow[] },
  holidays: [],
};
const UK_XMAS = weekdays([['09:00', '17:00']], 'Europe/London', ['*-12-25', '*-12-26', '2026-12-28', '*-01-01']);
const NY = weekdays([['09:00', '17:00']], 'America/New_York');
const SYDNEY = weekdays([['09:00', '17:00']], 'Australia/Sydney');

interface Case {
  name: string;
  calendar: Calendar;
  start: string;
  minutes: number;
  expected: string;
  pauses?: Array<[string, string]>;
}

const cases: Case[] = [
  // Inside and outside windows, exact boundaries
  { name: 'starts exactly at opening', calendar: UK, start: '2026-03-02T09:00:00Z', minutes: 30, expected: '2026-03-02T09:30:00Z' },
  {
    name: 'one minute before closing, 1 minute → closing time',
    calendar: UK,
    start: '2026-03-02T16:59:00Z',
    minutes: 1,
    expected: '2026-03-02T17:00:00Z',
  },
  {
    name: 'one minute before closing, 2 minutes → next morning',
    calendar: UK,
    start: '2026-03-02T16:59:00Z',
    minutes: 2,
    expected: '2026-03-03T09:01:00Z',
  },
  {
    name: 'zero minutes at closing time → next opening (windows are [start, end))',
    calendar: UK,
    start: '2026-03-02T17:00:00Z',
    minutes: 0,
    expected: '2026-03-03T09:00:00Z',
  },
  {
    name: 'zero minutes inside hours → the start itself',
    calendar: UK,
    start: '2026-03-02T10:00:00Z',
    minutes: 0,
    expected: '2026-03-02T10:00:00Z',
  },
  {
    name: 'zero minutes on Saturday → Monday opening',
    calendar: UK,
    start: '2026-03-07T11:00:00Z',
    minutes: 0,
    expected: '2026-03-09T09:00:00Z',
  },
  {
    name: 'Friday at closing, a full day → Monday closing',
    calendar: UK,
    start: '2026-03-06T17:00:00Z',
    minutes: 480,
    expected: '2026-03-09T17:00:00Z',
  },
  {
    name: 'two working weeks from Monday opening → second Friday closing',
    calendar: UK,
    start: '2026-03-02T09:00:00Z',
    minutes: 4800,
    expected: '2026-03-13T17:00:00Z',
  },
  { name: 'half a minute', calendar: UK, start: '2026-03-02T10:00:00Z', minutes: 0.5, expected: '2026-03-02T10:00:30Z' },
  {
    name: 'half an hour target (0.5 h × 60)',
    calendar: UK,
    start: '2026-03-02T16:45:00Z',
    minutes: 0.5 * 60,
    expected: '2026-03-03T09:15:00Z',
  },
  { name: 'start with seconds keeps them', calendar: UK, start: '2026-03-02T10:00:42.5Z', minutes: 60, expected: '2026-03-02T11:00:42.5Z' },

  // Several windows per day (lunch gap)
  { name: 'lunch: across the gap', calendar: LUNCH, start: '2026-03-02T11:30:00Z', minutes: 60, expected: '2026-03-02T13:30:00Z' },
  {
    name: 'lunch: zero minutes during lunch → afternoon opening',
    calendar: LUNCH,
    start: '2026-03-02T12:00:00Z',
    minutes: 0,
    expected: '2026-03-02T13:00:00Z',
  },
  { name: 'lunch: start during lunch', calendar: LUNCH, start: '2026-03-02T12:30:00Z', minutes: 30, expected: '2026-03-02T13:30:00Z' },
  {
    name: 'lunch: budget ends exactly when lunch starts',
    calendar: LUNCH,
    start: '2026-03-02T11:00:00Z',
    minutes: 60,
    expected: '2026-03-02T12:00:00Z',
  },
  {
    name: 'lunch: late window then next morning',
    calendar: LUNCH,
    start: '2026-03-02T17:00:00Z',
    minutes: 60,
    expected: '2026-03-03T09:30:00Z',
  },
  {
    name: 'lunch: a full day is 7.5 hours',
    calendar: LUNCH,
    start: '2026-03-02T09:00:00Z',
    minutes: 450,
    expected: '2026-03-02T17:30:00Z',
  },

  // "24:00" ends and windows meeting at midnight
  {
    name: '24:00: runs on across midnight into the next day window',
    calendar: EVENING,
    start: '2026-03-02T23:00:00Z',
    minutes: 120,
    expected: '2026-03-03T01:00:00Z',
  },
  {
    name: '24:00: budget ends at midnight',
    calendar: EVENING,
    start: '2026-03-02T23:00:00Z',
    minutes: 60,
    expected: '2026-03-03T00:00:00Z',
  },
  {
    name: '24:00: budget ends at Tuesday 02:00 closing',
    calendar: EVENING,
    start: '2026-03-02T23:00:00Z',
    minutes: 180,
    expected: '2026-03-03T02:00:00Z',
  },
  {
    name: '24:00: one more minute waits a week',
    calendar: EVENING,
    start: '2026-03-02T23:00:00Z',
    minutes: 181,
    expected: '2026-03-09T18:01:00Z',
  },

  // 24x7
  { name: '24x7 UTC: three days', calendar: UTC_24x7, start: '2026-03-04T13:17:00Z', minutes: 3 * 1440, expected: '2026-03-07T13:17:00Z' },
  {
    name: '24x7 London across fall-back: 1440 business minutes are 24 real hours',
    calendar: LONDON_24x7,
    start: '2026-10-24T12:00:00Z',
    minutes: 1440,
    expected: '2026-10-25T12:00:00Z',
  },
  {
    name: '24x7 London across spring-forward',
    calendar: LONDON_24x7,
    start: '2026-03-28T12:00:00Z',
    minutes: 1440,
    expected: '2026-03-29T12:00:00Z',
  },
  {
    name: '24x7 New York across spring-forward',
    calendar: NY_24x7,
    start: '2026-03-07T12:00:00Z',
    minutes: 2880,
    expected: '2026-03-09T12:00:00Z',
  },

  // Weekend-only calendar
  {
    name: 'weekend-only: Wednesday start waits for Saturday and runs into Sunday',
    calendar: WEEKEND,
    start: '2026-03-04T12:00:00Z',
    minutes: 300,
    expected: '2026-03-08T11:00:00Z',
  },

  // Holidays
  {
    name: 'dated holiday on Monday is skipped',
    calendar: weekdays([['09:00', '17:00']], 'Europe/London', ['2026-03-02']),
    start: '2026-02-27T16:00:00Z',
    minutes: 120,
    expected: '2026-03-03T10:00:00Z',
  },
  {
    name: 'yearly holiday applies in another year',
    calendar: weekdays([['09:00', '17:00']], 'Europe/London', ['*-03-02']),
    start: '2027-03-01T16:30:00Z',
    minutes: 60,
    expected: '2027-03-03T09:30:00Z',
  },
  {
    name: 'yearly Feb 29 in a leap year',
    calendar: weekdays([['09:00', '17:00']], 'UTC', ['*-02-29']),
    start: '2028-02-28T16:00:00Z',
    minutes: 120,
    expected: '2028-03-01T10:00:00Z',
  },
  {
    name: 'yearly Feb 29 does nothing in a common year',
    calendar: weekdays([['09:00', '17:00']], 'UTC', ['*-02-29']),
    start: '2027-02-26T16:00:00Z',
    minutes: 120,
    expected: '2027-03-01T10:00:00Z',
  },
  {
    name: 'holiday on a Saturday changes nothing',
    calendar: weekdays([['09:00', '17:00']], 'Europe/London', ['2026-03-07']),
    start: '2026-03-06T16:00:00Z',
    minutes: 120,
    expected: '2026-03-09T10:00:00Z',
  },
  {
    name: 'holiday is a local date (Kolkata)',
    calendar: weekdays([['09:00', '17:00']], 'Asia/Kolkata', ['2026-03-03']),
    start: '2026-03-02T11:00:00Z',
    minutes: 60,
    expected: '2026-03-04T04:00:00Z',
  },
  {
    name: 'holiday is a local date, not the UTC one (Auckland)',
    calendar: weekdays([['09:00', '17:00']], 'Pacific/Auckland', ['2026-03-03']),
    start: '2026-03-02T20:00:00Z',
    minutes: 0,
    expected: '2026-03-03T20:00:00Z',
  },
  {
    name: 'long holiday season: 16 working hours from Christmas Eve',
    calendar: UK_XMAS,
    start: '2026-12-24T16:00:00Z',
    minutes: 960,
    expected: '2026-12-30T16:00:00Z',
  },
  { name: 'yearly New Year holiday', calendar: UK_XMAS, start: '2026-12-31T16:30:00Z', minutes: 60, expected: '2027-01-04T09:30:00Z' },

  // DST: London
  {
    name: 'London spring: Sunday 00:00–03:00 is 2 real hours',
    calendar: sundays([['00:00', '03:00']], 'Europe/London'),
    start: '2026-03-28T12:00:00Z',
    minutes: 120,
    expected: '2026-03-29T02:00:00Z',
  },
  {
    name: 'London spring: one more minute → next Sunday 00:01 BST',
    calendar: sundays([['00:00', '03:00']], 'Europe/London'),
    start: '2026-03-28T12:00:00Z',
    minutes: 121,
    expected: '2026-04-04T23:01:00Z',
  },
  {
    name: 'London fall: Sunday 00:00–03:00 is 4 real hours',
    calendar: sundays([['00:00', '03:00']], 'Europe/London'),
    start: '2026-10-24T12:00:00Z',
    minutes: 240,
    expected: '2026-10-25T03:00:00Z',
  },
  {
    name: 'London fall: one more minute → next Sunday 00:01 GMT',
    calendar: sundays([['00:00', '03:00']], 'Europe/London'),
    start: '2026-10-24T12:00:00Z',
    minutes: 241,
    expected: '2026-11-01T00:01:00Z',
  },
  {
    name: 'London: a window opening in the gap (01:30) opens an hour later, 02:30 BST',
    calendar: sundays([['01:30', '05:00']], 'Europe/London'),
    start: '2026-03-28T12:00:00Z',
    minutes: 0,
    expected: '2026-03-29T01:30:00Z',
  },
  {
    name: 'London: that window holds 150 real minutes',
    calendar: sundays([['01:30', '05:00']], 'Europe/London'),
    start: '2026-03-28T12:00:00Z',
    minutes: 150,
    expected: '2026-03-29T04:00:00Z',
  },
  {
    name: 'London weekdays: Friday before spring-forward to Monday in BST',
    calendar: UK,
    start: '2026-03-27T16:00:00Z',
    minutes: 120,
    expected: '2026-03-30T09:00:00Z',
  },

  // DST: New York
  {
    name: 'New York spring: 01:00–04:00 is 2 real hours',
    calendar: sundays([['01:00', '04:00']], 'America/New_York'),
    start: '2026-03-07T12:00:00Z',
    minutes: 120,
    expected: '2026-03-08T08:00:00Z',
  },
  {
    name: 'New York fall: 01:00 is its first (EDT) occurrence',
    calendar: sundays([['01:00', '04:00']], 'America/New_York'),
    start: '2026-10-31T12:00:00Z',
    minutes: 0,
    expected: '2026-11-01T05:00:00Z',
  },
  {
    name: 'New York fall: 01:00–04:00 is 4 real hours',
    calendar: sundays([['01:00', '04:00']], 'America/New_York'),
    start: '2026-10-31T12:00:00Z',
    minutes: 240,
    expected: '2026-11-01T09:00:00Z',
  },
  {
    name: 'New York fall: window opening in the repeated hour (01:30 EDT) to 03:00 EST',
    calendar: sundays([['01:30', '03:00']], 'America/New_York'),
    start: '2026-10-31T12:00:00Z',
    minutes: 150,
    expected: '2026-11-01T08:00:00Z',
  },
  {
    name: 'New York spring: window opening at 02:30 (missing) opens 03:30 EDT',
    calendar: sundays([['02:30', '05:00']], 'America/New_York'),
    start: '2026-03-07T12:00:00Z',
    minutes: 0,
    expected: '2026-03-08T07:30:00Z',
  },
  {
    name: 'New York spring: that window holds 90 real minutes',
    calendar: sundays([['02:30', '05:00']], 'America/New_York'),
    start: '2026-03-07T12:00:00Z',
    minutes: 91,
    expected: '2026-03-15T06:31:00Z',
  },
  {
    name: 'New York weekdays: Friday EST to Monday EDT',
    calendar: NY,
    start: '2026-03-06T21:00:00Z',
    minutes: 120,
    expected: '2026-03-09T14:00:00Z',
  },

  // DST: Sydney (southern hemisphere)
  {
    name: 'Sydney April fall-back: 00:00–04:00 is 5 real hours',
    calendar: sundays([['00:00', '04:00']], 'Australia/Sydney'),
    start: '2026-04-04T00:00:00Z',
    minutes: 300,
    expected: '2026-04-04T18:00:00Z',
  },
  {
    name: 'Sydney October spring-forward: 00:00–04:00 is 3 real hours',
    calendar: sundays([['00:00', '04:00']], 'Australia/Sydney'),
    start: '2026-10-03T00:00:00Z',
    minutes: 180,
    expected: '2026-10-03T17:00:00Z',
  },
  {
    name: 'Sydney weekdays: Friday AEDT to Monday AEST',
    calendar: SYDNEY,
    start: '2026-04-03T05:00:00Z',
    minutes: 120,
    expected: '2026-04-06T00:00:00Z',
  },

  // DST at midnight: Santiago falls back at 24:00 Saturday (→ 23:00) and springs forward at 00:00 Sunday (→ 01:00)
  {
    name: 'Santiago: Saturday before the April change lasts 25 hours',
    calendar: { timezone: 'America/Santiago', hours: { sat: [['00:00', '24:00']] }, holidays: [] },
    start: '2026-04-04T00:00:00Z',
    minutes: 1500,
    expected: '2026-04-05T04:00:00Z',
  },
  {
    name: 'Santiago: Sunday of the September change opens at 01:00 and lasts 23 hours',
    calendar: { timezone: 'America/Santiago', hours: { sun: [['00:00', '24:00']] }, holidays: [] },
    start: '2026-09-05T12:00:00Z',
    minutes: 1380,
    expected: '2026-09-07T03:00:00Z',
  },
  {
    name: 'Santiago: the Saturday before it is a normal 24 hours ending at the gap',
    calendar: { timezone: 'America/Santiago', hours: { sat: [['00:00', '24:00']] }, holidays: [] },
    start: '2026-09-05T00:00:00Z',
    minutes: 1440,
    expected: '2026-09-06T04:00:00Z',
  },

  // Windows given to the second
  {
    name: 'HH:MM:SS windows are read to the second',
    calendar: weekdays([['09:00:30', '17:00:00']], 'UTC'),
    start: '2026-03-02T08:00:00Z',
    minutes: 1,
    expected: '2026-03-02T09:01:30Z',
  },

  // Half-hour, 45-minute and Chatham zones
  {
    name: 'Kathmandu (+05:45): opening 09:00 is 03:15 UTC',
    calendar: weekdays([['09:00', '17:00']], 'Asia/Kathmandu'),
    start: '2026-03-02T00:00:00Z',
    minutes: 60,
    expected: '2026-03-02T04:15:00Z',
  },
  {
    name: 'Kolkata (+05:30): Friday afternoon to Monday',
    calendar: weekdays([['09:00', '17:00']], 'Asia/Kolkata'),
    start: '2026-03-06T11:00:00Z',
    minutes: 60,
    expected: '2026-03-09T04:00:00Z',
  },
  {
    name: 'Chatham (+13:45): Monday opening is Sunday 19:15 UTC',
    calendar: weekdays([['09:00', '17:00']], 'Pacific/Chatham'),
    start: '2026-03-01T19:00:00Z',
    minutes: 30,
    expected: '2026-03-01T19:45:00Z',
  },
  {
    name: 'Chatham across its April change (+13:45 → +12:45)',
    calendar: weekdays([['09:00', '17:00']], 'Pacific/Chatham'),
    start: '2026-04-03T02:45:00Z',
    minutes: 60,
    expected: '2026-04-05T20:45:00Z',
  },

  // Pauses
  {
    name: 'pauses overlapping and unsorted are merged',
    calendar: UK,
    start: '2026-03-02T10:00:00Z',
    minutes: 120,
    pauses: [
      ['2026-03-02T11:00:00Z', '2026-03-02T12:00:00Z'],
      ['2026-03-02T10:30:00Z', '2026-03-02T11:30:00Z'],
    ],
    expected: '2026-03-02T13:30:00Z',
  },
  {
    name: 'pause starting before the start',
    calendar: UK,
    start: '2026-03-02T10:00:00Z',
    minutes: 60,
    pauses: [['2026-03-02T08:00:00Z', '2026-03-02T11:00:00Z']],
    expected: '2026-03-02T12:00:00Z',
  },
  {
    name: 'pause spanning the night',
    calendar: UK,
    start: '2026-03-02T15:00:00Z',
    minutes: 120,
    pauses: [['2026-03-02T16:00:00Z', '2026-03-03T10:00:00Z']],
    expected: '2026-03-03T11:00:00Z',
  },
  {
    name: 'pause outside working hours changes nothing',
    calendar: UK,
    start: '2026-03-06T16:00:00Z',
    minutes: 120,
    pauses: [['2026-03-07T09:00:00Z', '2026-03-08T18:00:00Z']],
    expected: '2026-03-09T10:00:00Z',
  },
  {
    name: 'budget runs out exactly when a pause starts',
    calendar: UK,
    start: '2026-03-02T10:00:00Z',
    minutes: 60,
    pauses: [['2026-03-02T11:00:00Z', '2026-03-02T12:00:00Z']],
    expected: '2026-03-02T11:00:00Z',
  },
  {
    name: 'zero-length pause is ignored',
    calendar: UK,
    start: '2026-03-02T10:00:00Z',
    minutes: 60,
    pauses: [['2026-03-02T10:30:00Z', '2026-03-02T10:30:00Z']],
    expected: '2026-03-02T11:00:00Z',
  },
  {
    name: 'zero minutes inside a pause → when the pause ends',
    calendar: UK,
    start: '2026-03-02T10:00:00Z',
    minutes: 0,
    pauses: [['2026-03-02T09:30:00Z', '2026-03-02T10:45:00Z']],
    expected: '2026-03-02T10:45:00Z',
  },
  {
    name: 'pause lasting weeks',
    calendar: UK,
    start: '2026-03-02T10:00:00Z',
    minutes: 60,
    pauses: [['2026-03-02T10:30:00Z', '2026-03-20T12:00:00Z']],
    expected: '2026-03-20T12:30:00Z',
  },
];

describe('addBusinessMinutes: hand-worked cases', () => {
  for (const c of cases) {
    test(c.name, () => {
      const pauses = c.pauses?.map(([a, b]) => [new Date(a), new Date(b)] as [Date, Date]);
      const due = addBusinessMinutes(c.calendar, new Date(c.start), c.minutes, pauses);
      assert.equal(due.toISOString(), new Date(c.expected).toISOString());
    });
  }
});

describe('businessMinutesBetween', () => {
  test('Friday 15:30 to Monday 11:30 UK is 240 minutes, and -240 the other way', () => {
    assert.equal(businessMinutesBetween(UK, new Date('2026-03-06T15:30:00Z'), new Date('2026-03-09T11:30:00Z')), 240);
    assert.equal(businessMinutesBetween(UK, new Date('2026-03-09T11:30:00Z'), new Date('2026-03-06T15:30:00Z')), -240);
  });
  test('London fall-back Sunday of a 24x7 calendar lasts 25 hours; spring-forward Sunday 23', () => {
    assert.equal(businessMinutesBetween(LONDON_24x7, new Date('2026-10-24T23:00:00Z'), new Date('2026-10-26T00:00:00Z')), 25 * 60);
    assert.equal(businessMinutesBetween(LONDON_24x7, new Date('2026-03-29T00:00:00Z'), new Date('2026-03-29T23:00:00Z')), 23 * 60);
  });
  test('pauses are subtracted once even when they overlap', () => {
    const pauses: Array<[Date, Date]> = [
      [new Date('2026-03-02T10:00:00Z'), new Date('2026-03-02T11:00:00Z')],
      [new Date('2026-03-02T10:30:00Z'), new Date('2026-03-02T12:00:00Z')],
    ];
    assert.equal(businessMinutesBetween(UK, new Date('2026-03-02T09:00:00Z'), new Date('2026-03-02T17:00:00Z'), pauses), 480 - 120);
  });
  test('holiday weeks count nothing', () => {
    assert.equal(businessMinutesBetween(UK_XMAS, new Date('2026-12-25T00:00:00Z'), new Date('2026-12-29T00:00:00Z')), 0);
  });
  test('a span over many years is counted (and terminates)', () => {
    const minutes = businessMinutesBetween(UTC_24x7, new Date('2026-01-01T00:00:00Z'), new Date('2036-01-01T00:00:00Z'));
    assert.equal(minutes, (Date.UTC(2036, 0, 1) - Date.UTC(2026, 0, 1)) / 60_000);
  });
});

describe('isOpen, nextOpening, workingDayMinutes', () => {
  test('isOpen is [opening, closing)', () => {
    assert.equal(isOpen(UK, new Date('2026-03-02T09:00:00Z')), true);
    assert.equal(isOpen(UK, new Date('2026-03-02T16:59:59.999Z')), true);
    assert.equal(isOpen(UK, new Date('2026-03-02T17:00:00Z')), false);
    assert.equal(isOpen(UK, new Date('2026-03-02T08:59:59.999Z')), false);
    assert.equal(isOpen(UK, new Date('2026-03-07T12:00:00Z')), false, 'Saturday');
    assert.equal(isOpen(UK_XMAS, new Date('2026-12-25T12:00:00Z')), false, 'holiday');
    assert.equal(isOpen(UK, new Date('2026-07-01T08:30:00Z')), true, '09:30 BST');
  });
  test('isOpen at midnight of a 24x7 calendar and across DST', () => {
    assert.equal(isOpen(LONDON_24x7, new Date('2026-03-29T01:00:00Z')), true);
    assert.equal(isOpen(LONDON_24x7, new Date('2026-10-25T01:30:00Z')), true);
  });
  test('nextOpening: itself when open, Monday from the weekend, next day from closing', () => {
    assert.equal(nextOpening(UK, new Date('2026-03-02T10:00:00Z'))?.toISOString(), '2026-03-02T10:00:00.000Z');
    assert.equal(nextOpening(UK, new Date('2026-03-07T10:00:00Z'))?.toISOString(), '2026-03-09T09:00:00.000Z');
    assert.equal(nextOpening(UK, new Date('2026-03-02T17:00:00Z'))?.toISOString(), '2026-03-03T09:00:00.000Z');
    assert.equal(nextOpening(UK_XMAS, new Date('2026-12-24T17:00:00Z'))?.toISOString(), '2026-12-29T09:00:00.000Z');
  });
  test('workingDayMinutes is the longest day', () => {
    assert.equal(workingDayMinutes(UK), 480);
    assert.equal(workingDayMinutes(LUNCH), 450);
    assert.equal(workingDayMinutes(UTC_24x7), 1440);
  });
});

describe('calendar validation', () => {
  const refused: Array<{ name: string; calendar: unknown; field: string; words: RegExp }> = [
    {
      name: 'unknown zone',
      calendar: { ...UK, timezone: 'Mars/Olympus_Mons' },
      field: 'timezone',
      words: /unknown time zone "Mars\/Olympus_Mons"/,
    },
    { name: 'empty zone', calendar: { ...UK, timezone: '' }, field: 'timezone', words: /IANA/ },
    {
      name: 'time without leading zero',
      calendar: { ...UK, hours: { mon: [['9:00', '17:00']] } },
      field: 'hours.mon[0][0]',
      words: /"9:00" is not a start time/,
    },
    {
      name: 'hour 25',
      calendar: { ...UK, hours: { mon: [['09:00', '25:00']] } },
      field: 'hours.mon[0][1]',
      words: /"25:00" is not an end time/,
    },
    { name: 'minute 60', calendar: { ...UK, hours: { tue: [['09:60', '17:00']] } }, field: 'hours.tue[0][0]', words: /"09:60"/ },
    {
      name: '24:00 as a start',
      calendar: { ...UK, hours: { wed: [['24:00', '24:00']] } },
      field: 'hours.wed[0][0]',
      words: /not a start time/,
    },
    {
      name: 'end before start (overnight)',
      calendar: { ...UK, hours: { fri: [['22:00', '06:00']] } },
      field: 'hours.fri[0]',
      words: /must end after it starts.*24:00/,
    },
    {
      name: 'end equal to start',
      calendar: { ...UK, hours: { mon: [['09:00', '09:00']] } },
      field: 'hours.mon[0]',
      words: /must end after it starts/,
    },
    {
      name: 'overlapping windows',
      calendar: {
        ...UK,
        hours: {
          mon: [
            ['09:00', '12:00'],
            ['11:00', '13:00'],
          ],
        },
      },
      field: 'hours.mon[1]',
      words: /overlaps "09:00"–"12:00"/,
    },
    {
      name: 'overlapping windows listed out of order',
      calendar: {
        ...UK,
        hours: {
          mon: [
            ['11:00', '13:00'],
            ['09:00', '12:00'],
          ],
        },
      },
      field: 'hours.mon[0]',
      words: /overlaps/,
    },
    { name: 'no working time (no days)', calendar: { ...UK, hours: {} }, field: 'hours', words: /no working time/ },
    { name: 'no working time (empty days)', calendar: { ...UK, hours: { mon: [], sat: [] } }, field: 'hours', words: /no working time/ },
    {
      name: 'misspelt day',
      calendar: { ...UK, hours: { monday: [['09:00', '17:00']] } },
      field: 'hours',
      words: /unknown field\(s\) "monday"/,
    },
    { name: 'holiday month 13', calendar: { ...UK, holidays: ['2026-13-01'] }, field: 'holidays[0]', words: /"2026-13-01" is not a date/ },
    { name: 'holiday Feb 30', calendar: { ...UK, holidays: ['2026-12-25', '2026-02-30'] }, field: 'holidays[1]', words: /"2026-02-30"/ },
    { name: 'dated Feb 29 in a common year', calendar: { ...UK, holidays: ['2027-02-29'] }, field: 'holidays[0]', words: /not a date/ },
    { name: 'yearly Feb 30', calendar: { ...UK, holidays: ['*-02-30'] }, field: 'holidays[0]', words: /not a date/ },
    { name: 'holiday in words', calendar: { ...UK, holidays: ['Christmas'] }, field: 'holidays[0]', words: /YYYY-MM-DD/ },
    { name: 'two-digit year', calendar: { ...UK, holidays: ['26-12-25'] }, field: 'holidays[0]', words: /not a date/ },
    {
      name: 'yearly holidays on every date',
      calendar: {
        ...UK,
        holidays: Array.from({ length: 366 }, (_, i) => {
          const d = new Date(Date.UTC(2000, 0, 1 + i));
          return `*-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
        }),
      },
      field: 'holidays',
      words: /every date/,
    },
    {
      name: 'window of three times',
      calendar: { ...UK, hours: { mon: [['09:00', '12:00', '17:00']] } },
      field: 'hours.mon[0]',
      words: /./,
    },
    { name: 'not an object', calendar: 'Europe/London', field: 'calendar', words: /./ },
  ];
  for (const r of refused) {
    test(`refuses ${r.name}, naming ${r.field}`, () => {
      assert.throws(
        () => validateCalendar(r.calendar),
        (error: unknown) => {
          assert.ok(error instanceof CalendarError, 'a CalendarError');
          const issue = error.issues.find((i) => i.field === r.field);
          assert.ok(issue, `an issue for ${r.field}; got ${JSON.stringify(error.issues)}`);
          assert.match(issue.message, r.words);
          assert.match(error.message, new RegExp(r.field.replace(/[[\].]/g, '\\$&')));
          return true;
        },
      );
      assert.equal(BusinessCalendarSchema.safeParse(r.calendar).success, false);
    });
  }
  test('addBusinessMinutes refuses a bad calendar with the same error', () => {
    assert.throws(() => addBusinessMinutes({ ...UK, timezone: 'Nowhere/Land' }, new Date(), 1), CalendarError);
    assert.throws(() => addBusinessMinutes({ ...UK, hours: {} }, new Date(), 1), CalendarError);
  });
  test('accepts 24:00 ends, windows that meet, unsorted windows, yearly Feb 29, a missing holidays list', () => {
    const ok = validateCalendar({
      timezone: 'Asia/Kathmandu',
      hours: {
        mon: [
          ['13:00', '24:00'],
          ['00:00', '12:00'],
          ['12:00', '13:00'],
        ],
      },
    });
    assert.deepEqual(ok.holidays, []);
    validateCalendar({ ...UK, holidays: ['*-02-29', '2028-02-29'] });
    assert.equal(
      workingDayMinutes({
        timezone: 'UTC',
        hours: {
          mon: [
            ['13:00', '24:00'],
            ['00:00', '12:00'],
          ],
        },
        holidays: [],
      }),
      23 * 60,
    );
  });
});

describe('guards: bad numbers and dates, unbounded searches', () => {
  const start = new Date('2026-03-02T10:00:00Z');
  for (const minutes of [Number.NaN, -1, -0.001, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    test(`minutes = ${minutes} is a RangeError`, () => {
      assert.throws(() => addBusinessMinutes(UK, start, minutes), { name: 'RangeError', message: /minutes must be a finite number/ });
    });
  }
  test('minutes that are not numbers are a RangeError', () => {
    assert.throws(() => addBusinessMinutes(UK, start, '60' as unknown as number), RangeError);
  });
  test('invalid start Date and non-Date start are RangeErrors', () => {
    assert.throws(() => addBusinessMinutes(UK, new Date('nope'), 10), { name: 'RangeError', message: /start is an invalid Date/ });
    assert.throws(() => addBusinessMinutes(UK, {} as unknown as Date, 10), { name: 'RangeError', message: /start must be a Date/ });
    assert.throws(() => addBusinessMinutes(UK, 'next Tuesday' as unknown as Date, 10), {
      name: 'RangeError',
      message: /start is an invalid Date/,
    });
    assert.throws(
      () => addBusinessMinutes(UK, new Date(8.64e15), 10),
      RangeError,
      'the last representable instant has no room for a due time',
    );
    assert.throws(() => businessMinutesBetween(UK, start, new Date(Number.NaN)), RangeError);
    assert.throws(() => isOpen(UK, new Date(Number.NaN)), RangeError);
  });
  test('bad pauses are RangeErrors', () => {
    assert.throws(() => addBusinessMinutes(UK, start, 10, [[new Date('2026-03-02T12:00:00Z'), new Date('2026-03-02T11:00:00Z')]]), {
      name: 'RangeError',
      message: /pauses\[0\] ends/,
    });
    assert.throws(() => addBusinessMinutes(UK, start, 10, [[new Date('2026-03-02T12:00:00Z'), new Date('x')]]), {
      name: 'RangeError',
      message: /pauses\[0\]\[1\]/,
    });
  });
  test('ISO strings and epoch milliseconds from JSON are read as instants', () => {
    const due = addBusinessMinutes(UK, '2026-03-06T15:30:00Z' as unknown as Date, 240, [
      ['2026-03-09T09:00:00Z', Date.parse('2026-03-09T10:00:00Z')],
    ] as unknown as Array<[Date, Date]>);
    assert.equal(due.toISOString(), '2026-03-09T12:30:00.000Z');
  });
  test('huge budgets fail fast with a RangeError', () => {
    const t0 = performance.now();
    assert.throws(() => addBusinessMinutes(UK, start, 1e12), { name: 'RangeError', message: /100 years/ });
    assert.throws(() => addBusinessMinutes(UK, start, Number.MAX_VALUE), RangeError);
    // Just under the cap in raw minutes, but more than 100 years of 40-hour weeks: stops at the horizon.
    assert.throws(() => addBusinessMinutes(UK, start, 366 * 100 * 1440 - 1), { name: 'RangeError', message: /100 years/ });
    assert.ok(performance.now() - t0 < 60_000); // terminates (time itself is measured in bench/)
  });
  test('large budgets within the horizon are answered: ten years of working time', () => {
    const minutes = 10 * 52 * 5 * 480;
    const due = addBusinessMinutes(UK_XMAS, start, minutes);
    assert.ok(due.getUTCFullYear() >= 2036 && due.getUTCFullYear() <= 2037, due.toISOString());
    assert.equal(businessMinutesBetween(UK_XMAS, start, due), minutes);
  });
  test('a pause reaching past the horizon is a RangeError, not a hang', () => {
    assert.throws(() => addBusinessMinutes(UK, start, 10, [[start, new Date('2200-01-01T00:00:00Z')]]), RangeError);
  });
  test('a calendar whose every working day is a holiday throws instead of looping', () => {
    // Open Mondays only; every date of the year is a yearly holiday except Feb 29, and every
    // Monday Feb 29 for four centuries is a dated holiday.
    const yearly = Array.from({ length: 366 }, (_, i) => {
      const d = new Date(Date.UTC(2000, 0, 1 + i));
      return `*-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
    }).filter((h) => h !== '*-02-29');
    const leapMondays: string[] = [];
    for (let y = 2024; y < 2424; y++) {
      const d = new Date(Date.UTC(y, 1, 29));
      if (d.getUTCMonth() === 1 && d.getUTCDay() === 1) leapMondays.push(`${y}-02-29`);
    }
    const closed: Calendar = { timezone: 'Europe/London', hours: { mon: [['09:00', '17:00']] }, holidays: [...yearly, ...leapMondays] };
    assert.throws(() => addBusinessMinutes(closed, start, 60), NoWorkingTimeError);
    assert.throws(() => addBusinessMinutes(closed, start, 0), /holidays do not cover every working day/);
    assert.equal(nextOpening(closed, start), null);
    assert.equal(isOpen(closed, start), false);
    assert.equal(businessMinutesBetween(closed, start, new Date('2040-01-01T00:00:00Z')), 0);
  });
});

// ---------------------------------------------------------------------------------------
// Property checks over seeded random starts and budgets

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const propertyCalendars: Array<[string, Calendar]> = [
  ['London 09–17 with holidays', UK_XMAS],
  [
    'New York with lunch',
    weekdays(
      [
        ['08:30', '12:00'],
        ['13:00', '17:00'],
      ],
      'America/New_York',
      ['*-07-04', '2026-11-26'],
    ),
  ],
  [
    'Sydney night shift over DST hours',
    allWeek(
      [
        ['00:00', '03:30'],
        ['22:00', '24:00'],
      ],
      'Australia/Sydney',
      ['*-01-26'],
    ),
  ],
  [
    'New York windows inside the DST hours',
    allWeek(
      [
        ['01:15', '02:45'],
        ['02:45', '03:10'],
        ['09:00', '17:00'],
      ],
      'America/New_York',
    ),
  ],
  ['Chatham weekdays', weekdays([['09:00', '17:00']], 'Pacific/Chatham')],
  [
    'Kathmandu six days',
    {
      timezone: 'Asia/Kathmandu',
      hours: {
        sun: [['10:00', '17:00']],
        mon: [['10:00', '17:00']],
        tue: [['10:00', '17:00']],
        wed: [['10:00', '17:00']],
        thu: [['10:00', '17:00']],
        fri: [['10:00', '15:00']],
      },
      holidays: [],
    },
  ],
  ['London 24x7', LONDON_24x7],
  ['weekend only', WEEKEND],
];

describe('properties (seeded random)', () => {
  for (const [name, calendar] of propertyCalendars) {
    test(`${name}: businessMinutesBetween(start, addBusinessMinutes(start, m)) === m, monotonic in m`, () => {
      const random = mulberry32(name.length * 7919);
      const span = Date.UTC(2028, 11, 31) - Date.UTC(2026, 0, 1);
      for (let i = 0; i < 60; i++) {
        const start = new Date(Date.UTC(2026, 0, 1) + Math.floor((random() * span) / 60_000) * 60_000);
        const budgets = [0, 1, Math.floor(random() * 600), Math.floor(random() * 6000), Math.floor(random() * 60_000)].sort(
          (a, b) => a - b,
        );
        let previous = -Infinity;
        for (const m of budgets) {
          const due = addBusinessMinutes(calendar, start, m);
          assert.equal(businessMinutesBetween(calendar, start, due), m, `${start.toISOString()} + ${m}`);
          assert.ok(due.getTime() >= previous, `monotonic at ${start.toISOString()} + ${m}`);
          assert.ok(due.getTime() >= start.getTime());
          if (m > 0) assert.equal(isOpen(calendar, new Date(due.getTime() - 1)), true, 'the last counted instant is business time');
          else assert.equal(isOpen(calendar, due), true, 'zero minutes lands on business time');
          previous = due.getTime();
        }
        // Splitting a budget changes nothing: a + b from start = b from (start + a), for b > 0.
        const a = Math.floor(random() * 900);
        const b = 1 + Math.floor(random() * 900);
        assert.equal(
          addBusinessMinutes(calendar, addBusinessMinutes(calendar, start, a), b).toISOString(),
          addBusinessMinutes(calendar, start, a + b).toISOString(),
        );
      }
    });
  }

  test('with random pauses: the measure still inverts the addition', () => {
    const random = mulberry32(42);
    const calendar = UK_XMAS;
    for (let i = 0; i < 80; i++) {
      const start = new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 365 * 1440) * 60_000);
      const pauses: Array<[Date, Date]> = [];
      for (let k = 0; k < 4; k++) {
        const from = start.getTime() + Math.floor((random() - 0.2) * 14 * 1440) * 60_000;
        pauses.push([new Date(from), new Date(from + Math.floor(random() * 3 * 1440) * 60_000)]);
      }
      const m = Math.floor(random() * 5000);
      const due = addBusinessMinutes(calendar, start, m, pauses);
      assert.equal(businessMinutesBetween(calendar, start, due, pauses), m, `${start.toISOString()} + ${m}`);
      assert.ok(due.getTime() >= addBusinessMinutes(calendar, start, m).getTime(), 'pauses never make a target earlier');
    }
  });
});

// ---------------------------------------------------------------------------------------
// An independent oracle: step minute by minute, asking Intl for each minute's local date and
// time. Windows here avoid 00:00–04:00, where DST changes happen, so "local time inside a
// window" has one meaning and the two implementations must agree exactly.

describe('agrees with a minute-by-minute oracle', () => {
  const zones = [
    'UTC',
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'Europe/London',
    'America/New_York',
    'Australia/Sydney',
    'Pacific/Chatham',
    'Pacific/Auckland',
  ];
  const formatters = new Map<string, Intl.DateTimeFormat>();
  const local = (zone: string, ms: number) => {
    let f = formatters.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        weekday: 'short',
      });
      formatters.set(zone, f);
    }
    const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
    return {
      date: `${p.year}-${p.month}-${p.day}`,
      monthDay: `${p.month}-${p.day}`,
      weekday: p.weekday.toLowerCase().slice(0, 3),
      minute: Number(p.hour) * 60 + Number(p.minute),
    };
  };
  const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const business = (calendar: Calendar, ms: number) => {
    const l = local(calendar.timezone, ms);
    if (calendar.holidays.includes(l.date) || calendar.holidays.includes(`*-${l.monthDay}`)) return false;
    const windows = (calendar.hours as Record<string, TimeWindow[] | undefined>)[l.weekday] ?? [];
    return windows.some(([a, b]) => l.minute >= toMinutes(a) && l.minute < toMinutes(b));
  };
  const oracle = (calendar: Calendar, start: number, minutes: number) => {
    let t = start;
    while (!business(calendar, t)) t += 60_000;
    for (let left = minutes; left > 0; t += 60_000) if (business(calendar, t)) left--;
    return t;
  };
  const hhmm = (m: number) => (m === 1440 ? '24:00' : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);

  test('40 random calendars, zones and starts through 2026 (DST dates included)', () => {
    const random = mulberry32(2026);
    for (let c = 0; c < 40; c++) {
      const hours: Record<string, TimeWindow[]> = {};
      for (const day of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) {
        if (random() < 0.35) continue;
        const cuts = new Set<number>();
        const count = 1 + Math.floor(random() * 2);
        while (cuts.size < 2 * count) cuts.add((16 + Math.floor(random() * 81)) * 15); // 04:00 … 24:00 in quarter hours
        const sorted = [...cuts].sort((a, b) => a - b);
        hours[day] = [];
        for (let i = 0; i < sorted.length; i += 2) hours[day].push([hhmm(sorted[i]), hhmm(sorted[i + 1])]);
      }
      if (Object.keys(hours).length === 0) hours.tue = [['09:00', '17:00']];
      const calendar: Calendar = { timezone: zones[c % zones.length], hours, holidays: ['*-12-25', '2026-03-30', '*-04-06', '2026-10-26'] };
      const start = Date.UTC(
        2026,
        Math.floor(random() * 12),
        1 + Math.floor(random() * 28),
        Math.floor(random() * 24),
        Math.floor(random() * 60),
      );
      const minutes = Math.floor(random() * 2000);
      const got = addBusinessMinutes(calendar, new Date(start), minutes).toISOString();
      assert.equal(
        got,
        new Date(oracle(calendar, start, minutes)).toISOString(),
        `${calendar.timezone} ${JSON.stringify(hours)} from ${new Date(start).toISOString()} + ${minutes}`,
      );
    }
  });
});
