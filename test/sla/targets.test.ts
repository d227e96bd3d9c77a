/**
 * SLA targets from the policy. Most cases run on a fixture policy (the real one, cloned, with
 * known targets and calendars) so they keep holding when content/policy.yaml changes; one
 * group checks the real policy against its own numbers.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPolicy } from '../../content/src/load.ts';
import type { Policy } from '../../content/src/policy-schema.ts';
import { workingDayHours } from '../../content/src/calendar.ts';
import { addBusinessMinutes } from '../../api/src/sla/business-time.ts';
import {
  calendarFor,
  clockRunning,
  computeSla,
  describeDue,
  formatDueTime,
  pausesFromStatusHistory,
  policyCalendarIssues,
  SlaInputError,
  targetFor,
} from '../../api/src/sla/targets.ts';

let real: Policy;
let policy: Policy;

before(async () => {
  real = await loadPolicy();
  policy = structuredClone(real);
  policy.calendar = {
    timezone: 'Europe/London',
    label: 'UK time',
    hours: {
      mon: [['09:00', '17:00']],
      tue: [['09:00', '17:00']],
      wed: [['09:00', '17:00']],
      thu: [['09:00', '17:00']],
      fri: [['09:00', '17:00']],
    },
    holidays: ['*-12-25', '*-12-26', '2026-12-28'],
  };
  const targets = { S1: [1, 1], S2: [4, 2], S3: [8, 3], S4: [16, null] } as const;
  for (const s of policy.severities) s.target = { responseHours: targets[s.id][0], resolutionDays: targets[s.id][1] };
  policy.ticketTypes = [
    { id: 'query', name: 'Query', description: 'q', prompt: 'q', fields: [], resolutionTarget: true, billable: false },
    { id: 'bug', name: 'Bug', description: 'b', prompt: 'b', fields: [], resolutionTarget: false, billable: false },
  ];
  policy.defaultPlan = 'standard';
  policy.plans = [
    { ...real.plans[0], id: 'standard', calendar: undefined, targets: {} },
    {
      ...real.plans[0],
      id: 'round-the-clock',
      calendar: {
        timezone: 'Europe/London',
        label: 'UK time',
        hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
        holidays: [],
      },
      targets: { S1: { responseHours: 0.5, resolutionDays: 0.5 }, S4: { responseHours: 8, resolutionDays: null } },
    },
    { ...real.plans[0], id: 'faster-s2', calendar: undefined, targets: { S2: { responseHours: 2, resolutionDays: 1 } } },
  ];
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('computeSla on the fixture policy', () => {
  test('S1 query inside hours: 1 working hour, 1 working day (8 h)', () => {
    const sla = computeSla({
      policy,
      planId: 'standard',
      severityId: 'S1',
      ticketTypeId: 'query',
      createdAt: new Date('2026-03-02T10:15:00Z'),
    });
    assert.equal(iso(sla.firstResponseDue), '2026-03-02T11:15:00.000Z');
    assert.equal(iso(sla.resolutionDue), '2026-03-03T10:15:00.000Z');
    assert.equal(sla.responseMinutes, 60);
    assert.equal(sla.resolutionMinutes, 480);
    assert.equal(sla.calendar.timezone, 'Europe/London');
    assert.equal(sla.paused, false);
  });
  test('S2 on Friday afternoon rolls to Monday; resolution 2 working days', () => {
    const sla = computeSla({ policy, severityId: 'S2', ticketTypeId: 'query', createdAt: new Date('2026-03-06T15:30:00Z') });
    assert.equal(iso(sla.firstResponseDue), '2026-03-09T11:30:00.000Z');
    assert.equal(iso(sla.resolutionDue), '2026-03-10T15:30:00.000Z');
  });
  test('S4 has no resolution target (null in the policy)', () => {
    const sla = computeSla({ policy, severityId: 'S4', ticketTypeId: 'query', createdAt: new Date('2026-03-02T09:00:00Z') });
    assert.equal(iso(sla.firstResponseDue), '2026-03-03T17:00:00.000Z');
    assert.equal(sla.resolutionDue, null);
    assert.equal(sla.resolutionMinutes, null);
  });
  test('ticket types without a resolution target get a response due time only', () => {
    const sla = computeSla({ policy, severityId: 'S1', ticketTypeId: 'bug', createdAt: new Date('2026-03-02T10:15:00Z') });
    assert.equal(iso(sla.firstResponseDue), '2026-03-02T11:15:00.000Z');
    assert.equal(sla.resolutionDue, null);
  });
  test('holidays of the policy calendar are skipped', () => {
    const sla = computeSla({ policy, severityId: 'S3', ticketTypeId: 'query', createdAt: new Date('2026-12-24T16:00:00Z') });
    assert.equal(iso(sla.firstResponseDue), '2026-12-29T16:00:00.000Z');
    // 3 × 8 h = 1440 min: 60 on the 24th, 480 on the 29th and 30th, 420 on the 31st.
    assert.equal(iso(sla.resolutionDue), '2026-12-31T16:00:00.000Z');
  });
  test('a plan calendar (24x7) and target overrides: 30 minutes, half a 24-hour day', () => {
    const sla = computeSla({
      policy,
      planId: 'round-the-clock',
      severityId: 'S1',
      ticketTypeId: 'query',
      createdAt: new Date('2026-03-07T12:00:00Z'),
    });
    assert.equal(iso(sla.firstResponseDue), '2026-03-07T12:30:00.000Z');
    assert.equal(iso(sla.resolutionDue), '2026-03-08T00:00:00.000Z');
    assert.equal(sla.resolutionMinutes, 12 * 60);
    assert.deepEqual(sla.target, { responseHours: 0.5, resolutionDays: 0.5 });
  });
  test('a plan without an override for a severity falls back to the severity target on the plan calendar', () => {
    const sla = computeSla({
      policy,
      planId: 'round-the-clock',
      severityId: 'S2',
      ticketTypeId: 'query',
      createdAt: new Date('2026-03-07T12:00:00Z'),
    });
    assert.equal(iso(sla.firstResponseDue), '2026-03-07T16:00:00.000Z');
    assert.equal(iso(sla.resolutionDue), '2026-03-09T12:00:00.000Z');
  });
  test('a plan overriding one severity keeps the policy calendar', () => {
    const sla = computeSla({
      policy,
      planId: 'faster-s2',
      severityId: 'S2',
      ticketTypeId: 'query',
      createdAt: new Date('2026-03-06T15:30:00Z'),
    });
    assert.equal(iso(sla.firstResponseDue), '2026-03-09T09:30:00.000Z');
    assert.equal(iso(sla.resolutionDue), '2026-03-09T15:30:00.000Z');
    assert.equal(targetFor(policy, 'faster-s2', 'S3').responseHours, 8);
  });
  test('the 24x7 calendar across the October change still counts real hours', () => {
    const sla = computeSla({
      policy,
      planId: 'round-the-clock',
      severityId: 'S1',
      ticketTypeId: 'query',
      createdAt: new Date('2026-10-24T20:00:00Z'),
    });
    assert.equal(iso(sla.resolutionDue), '2026-10-25T08:00:00.000Z');
  });
  test('unknown plan, severity or type is refused naming the field', () => {
    const base = { policy, severityId: 'S1', ticketTypeId: 'query', createdAt: new Date() };
    assert.throws(
      () => computeSla({ ...base, planId: 'gold' }),
      (e: unknown) => e instanceof SlaInputError && e.field === 'plan' && /gold/.test(e.message),
    );
    assert.throws(
      () => computeSla({ ...base, severityId: 'S9' }),
      (e: unknown) => e instanceof SlaInputError && e.field === 'severity' && /S1, S2, S3, S4/.test(e.message),
    );
    assert.throws(
      () => computeSla({ ...base, ticketTypeId: 'praise' }),
      (e: unknown) => e instanceof SlaInputError && e.field === 'type',
    );
  });
  test('calendarFor: the plan calendar, else the policy one; the default plan when none is named', () => {
    assert.equal(calendarFor(policy, 'round-the-clock').hours.sun?.[0][1], '24:00');
    assert.equal(calendarFor(policy), policy.calendar);
    assert.equal(calendarFor(policy, null), policy.calendar);
  });
});

describe('pauses', () => {
  test('pending time stops both clocks', () => {
    const history = pausesFromStatusHistory([
      { status: 'new', at: new Date('2026-03-02T10:00:00Z') },
      { status: 'pending', at: new Date('2026-03-02T10:30:00Z') },
      { status: 'open', at: new Date('2026-03-02T14:00:00Z') },
    ]);
    assert.deepEqual(
      history.map(([a, b]) => [a.toISOString(), b?.toISOString()]),
      [['2026-03-02T10:30:00.000Z', '2026-03-02T14:00:00.000Z']],
    );
    const sla = computeSla({
      policy,
      severityId: 'S2',
      ticketTypeId: 'query',
      createdAt: new Date('2026-03-02T10:00:00Z'),
      pauses: history,
    });
    assert.equal(iso(sla.firstResponseDue), '2026-03-03T09:30:00.000Z'); // 30 min before the pause, 180 after it, 30 on Tuesday
    assert.equal(iso(sla.resolutionDue), '2026-03-04T13:30:00.000Z'); // 960 min: 30 + 180 + 480 + 270
    assert.equal(sla.paused, false);
  });
  test('an open pause counts up to now and says the clock is paused', () => {
    const history = pausesFromStatusHistory([
      { status: 'pending', at: new Date('2026-03-02T10:30:00Z') },
      { status: 'open', at: new Date('2026-03-02T10:00:00Z') },
    ]);
    assert.equal(history.length, 1);
    assert.equal(history[0][1], null);
    const sla = computeSla({
      policy,
      severityId: 'S1',
      ticketTypeId: 'query',
      createdAt: new Date('2026-03-02T10:00:00Z'),
      pauses: history,
      now: new Date('2026-03-02T12:00:00Z'),
    });
    assert.equal(sla.paused, true);
    assert.equal(iso(sla.firstResponseDue), '2026-03-02T12:30:00.000Z');
  });
  test('several pausing statuses and repeated pending entries', () => {
    const history = pausesFromStatusHistory(
      [
        { status: 'open', at: new Date('2026-03-02T09:00:00Z') },
        { status: 'pending', at: new Date('2026-03-02T10:00:00Z') },
        { status: 'on-hold', at: new Date('2026-03-02T11:00:00Z') },
        { status: 'open', at: new Date('2026-03-02T12:00:00Z') },
      ],
      ['pending', 'on-hold'],
    );
    assert.deepEqual(
      history.map(([a, b]) => [a.toISOString(), b?.toISOString()]),
      [['2026-03-02T10:00:00.000Z', '2026-03-02T12:00:00.000Z']],
    );
  });
});

describe('sentences', () => {
  const friday = new Date('2026-03-06T15:30:00Z');
  test('"We\'ll reply by Monday 11:30 UK time"', () => {
    assert.equal(describeDue(new Date('2026-03-09T11:30:00Z'), policy.calendar, 'en-GB', friday), "We'll reply by Monday 11:30 UK time");
  });
  test('today and tomorrow where true, in the calendar zone', () => {
    assert.equal(describeDue(new Date('2026-03-06T16:30:00Z'), policy.calendar, 'en-GB', friday), "We'll reply by 16:30 UK time today");
    assert.equal(describeDue(new Date('2026-03-07T09:00:00Z'), policy.calendar, 'en-GB', friday), "We'll reply by 09:00 UK time tomorrow");
    // 23:30 UTC on 8 July is 00:30 BST on the 9th: tomorrow in London even though it is the same UTC day.
    assert.equal(
      formatDueTime(new Date('2026-07-08T23:30:00Z'), policy.calendar, 'en-GB', new Date('2026-07-08T12:00:00Z')),
      '00:30 UK time tomorrow',
    );
  });
  test('further away: the date; another year: the year', () => {
    assert.equal(
      describeDue(new Date('2026-04-09T11:30:00Z'), policy.calendar, 'en-GB', friday),
      "We'll reply by Thursday 9 April 12:30 UK time",
    );
    assert.equal(
      describeDue(new Date('2027-01-08T11:30:00Z'), policy.calendar, 'en-GB', friday),
      "We'll reply by Friday 8 January 2027 11:30 UK time",
    );
  });
  test('resolution and missing targets', () => {
    assert.equal(
      describeDue(new Date('2026-03-10T15:30:00Z'), policy.calendar, 'en-GB', friday, { kind: 'resolution' }),
      'We aim to resolve it by Tuesday 15:30 UK time',
    );
    assert.equal(
      describeDue(null, policy.calendar, 'en-GB', friday, { kind: 'resolution' }),
      'No resolution target applies to this ticket',
    );
  });
  test("in the site's own zone, named by Intl when no label is given", () => {
    const text = describeDue(new Date('2026-03-09T11:30:00Z'), policy.calendar, 'en-GB', friday, { timezone: 'America/New_York' });
    assert.match(text, /^We'll reply by Monday 07:30 /);
    assert.match(text, /Eastern/);
    assert.equal(
      describeDue(new Date('2026-03-09T11:30:00Z'), policy.calendar, 'en-GB', friday, { timezone: 'Asia/Kolkata', label: 'IST' }),
      "We'll reply by Monday 17:00 IST",
    );
  });
  test('clockRunning: running in hours; when closed, when it starts', () => {
    assert.deepEqual(clockRunning(policy.calendar, new Date('2026-03-06T12:00:00Z')), {
      running: true,
      nextOpening: new Date('2026-03-06T12:00:00Z'),
      message: 'The clock is running now',
    });
    const weekend = clockRunning(policy.calendar, new Date('2026-03-07T12:00:00Z'));
    assert.equal(weekend.running, false);
    assert.equal(iso(weekend.nextOpening), '2026-03-09T09:00:00.000Z');
    assert.equal(weekend.message, 'The clock starts Monday 09:00 UK time');
    assert.equal(clockRunning(policy.calendar, new Date('2026-03-08T20:00:00Z')).message, 'The clock starts 09:00 UK time tomorrow');
    assert.equal(clockRunning(policy.calendar, new Date('2026-03-09T07:00:00Z')).message, 'The clock starts 09:00 UK time today');
  });
});

describe('policyCalendarIssues', () => {
  test('the fixture and the real policy have sound calendars', () => {
    assert.deepEqual(policyCalendarIssues(policy), []);
    assert.deepEqual(policyCalendarIssues(real), []);
  });
  test('overlapping windows and an empty plan calendar are reported with policy.yaml paths', () => {
    const bad = structuredClone(policy);
    bad.calendar.hours.mon = [
      ['09:00', '12:00'],
      ['11:00', '17:00'],
    ];
    bad.plans[1].calendar = { timezone: 'Europe/London', hours: {}, holidays: [] };
    const issues = policyCalendarIssues(bad);
    assert.deepEqual(
      issues.map((i) => i.field),
      ['calendar.hours.mon[1]', 'plans.round-the-clock.calendar.hours'],
    );
    assert.match(issues[0].message, /overlaps/);
    assert.match(issues[1].message, /no working time/);
  });
});

describe('the real policy', () => {
  test('every plan, severity and type computes, with due times from the policy numbers', () => {
    const createdAt = new Date('2026-03-04T10:00:00Z');
    for (const plan of real.plans) {
      const calendar = plan.calendar ?? real.calendar;
      for (const severity of real.severities) {
        const target = plan.targets[severity.id] ?? severity.target;
        for (const type of real.ticketTypes) {
          const sla = computeSla({ policy: real, planId: plan.id, severityId: severity.id, ticketTypeId: type.id, createdAt });
          assert.equal(
            iso(sla.firstResponseDue),
            target.responseHours === null ? null : iso(addBusinessMinutes(calendar, createdAt, target.responseHours * 60)),
          );
          const resolution =
            target.resolutionDays === null || !type.resolutionTarget
              ? null
              : addBusinessMinutes(calendar, createdAt, target.resolutionDays * workingDayHours(calendar) * 60);
          assert.equal(iso(sla.resolutionDue), iso(resolution));
        }
      }
    }
  });
});
