/** SLA terms (api/src/sla/terms.ts): policy, then plan, then the site's amendment; a stable version id. */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadPolicy } from '../../content/src/load.ts';
import type { Policy } from '../../content/src/policy-schema.ts';
import { canonicalJson, computeSlaFromTerms, slaTermsFor, slaVersionId } from '../../api/src/sla/terms.ts';

let policy: Policy;
before(async () => {
  policy = await loadPolicy();
});

it("a site amendment overrides the plan target and the site-crm contact; the rest stays the plan's", () => {
  const plain = slaTermsFor(policy, 'standard', null);
  assert.equal(plain.escalation.levels[1].contact, policy.escalation.defaultCrm, 'site-crm falls back to the default');
  const amended = slaTermsFor(policy, 'standard', {
    crm: 'jo@kestrel.example',
    targets: { S1: { responseHours: 0.5 } },
    contacts: { 3: 'ceo@kestrel.example' },
  });
  assert.deepEqual(amended.targets.S1, { responseHours: 0.5, resolutionDays: 1, replyHours: null });
  assert.deepEqual(amended.targets.S2, plain.targets.S2);
  assert.deepEqual(
    amended.escalation.levels.map((l) => l.contact),
    ['support@kestrel-learning.example', 'jo@kestrel.example', 'ceo@kestrel.example'],
  );
  assert.notEqual(slaVersionId(amended), slaVersionId(plain));
  // 30 working minutes from Monday 16:45 UK time: 15 today, 15 from Tuesday 09:00.
  const due = computeSlaFromTerms(amended, 'S1', 'query', new Date('2026-03-02T16:45:00Z'), [], new Date('2026-03-02T16:45:00Z'));
  assert.equal(due.firstResponseDue?.toISOString(), '2026-03-03T09:15:00.000Z');
});

it('the priority plan brings its own calendar and targets', () => {
  const terms = slaTermsFor(policy, 'priority', null);
  assert.equal(terms.targets.S1.responseHours, 0.5);
  assert.deepEqual(terms.calendar.hours.sat, [['00:00', '24:00']]);
});

it('the version id depends on content only, not key order', () => {
  const terms = slaTermsFor(policy, 'standard', null);
  const reordered = JSON.parse(canonicalJson(terms));
  const shuffled = Object.fromEntries(Object.entries(reordered).reverse());
  assert.equal(slaVersionId(shuffled as unknown as typeof terms), slaVersionId(terms));
  assert.equal(slaVersionId(slaTermsFor(policy, 'standard', null)), slaVersionId(terms), 'stable across builds');
});
