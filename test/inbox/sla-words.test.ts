/** The inbox's SLA words (api/src/inbox/ui/sla-words.ts): badges, timeline lines, live notices. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { noticeText, slaBadge, timelineLine } from '../../api/src/inbox/ui/sla-words.ts';

const time = (iso: string | null) => (iso ? iso.slice(11, 16) : '—');
const entry = { target: null, dueAt: null, level: null, role: null, contact: null, trigger: null, reason: null, actor: 'sweeper', at: '' };

it('badges only what needs attention', () => {
  assert.equal(slaBadge('ok'), '');
  assert.equal(slaBadge('at_risk'), 'At risk');
  assert.equal(slaBadge('breached'), 'Overdue');
});

it('words each kind of timeline entry', () => {
  assert.equal(
    timelineLine({ ...entry, kind: 'warned', target: 'response', dueAt: '2026-03-02T14:15:00.000Z' }, time),
    'Warned: first response due 14:15',
  );
  assert.equal(timelineLine({ ...entry, kind: 'missed', target: 'reply' }, time), 'Missed: next reply target');
  assert.equal(
    timelineLine(
      { ...entry, kind: 'escalated', level: 2, role: 'Relationship manager', contact: 'crm@x.example', trigger: 'resolution_missed' },
      time,
    ),
    'Escalated to level 2 (Relationship manager, crm@x.example) — resolution target missed',
  );
  assert.equal(
    timelineLine(
      { ...entry, kind: 'escalated', level: 3, role: 'Head', contact: 'h@x.example', trigger: 'complaint', reason: 'Too slow' },
      time,
    ),
    'Requester made a formal complaint: «Too slow» — escalated to level 3 (Head, h@x.example)',
  );
});

it('notifies with the reference first', () => {
  const base = { reference: 'HW-1234', subject: 's', level: null, role: null, trigger: null, at: '' };
  assert.equal(noticeText({ ...base, kind: 'warned', target: 'response' }), 'HW-1234: first response at risk');
  assert.equal(noticeText({ ...base, kind: 'missed', target: 'resolution' }), 'HW-1234: resolution target missed');
  assert.equal(
    noticeText({ ...base, kind: 'escalated', target: 'response', level: 2, role: 'Team lead', trigger: 'response_missed' }),
    'HW-1234: escalated to level 2 (Team lead)',
  );
});
