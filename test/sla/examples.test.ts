/**
 * The worked examples of contract 3 (docs/architecture.md) (shared/eval/sla-examples.json), read at test time so
 * the file stays the one source of the numbers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addBusinessMinutes, businessMinutesBetween, type Calendar } from '../../api/src/sla/business-time.ts';

interface Example {
  name: string;
  calendar: Calendar;
  start: string;
  minutes: number;
  expected: string;
  pauses?: Array<[string, string]>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
// The examples live in the shared folder next to the checkout (../shared/eval from the repository root).
const candidates = [
  process.env.SLA_EXAMPLES,
  path.resolve(here, '../../../shared/eval/sla-examples.json'),
  path.resolve(here, '../../shared/eval/sla-examples.json'),
].filter((p): p is string => Boolean(p));
const file = candidates.find((p) => existsSync(p));

// A checkout without the shared folder (e.g. a bare clone) says so visibly instead of passing silently.
test(
  'contract-3 examples (shared/eval/sla-examples.json)',
  { skip: file ? false : `sla-examples.json not found in ${candidates.join(', ')}; set SLA_EXAMPLES to its path` },
  () => {
    const list: unknown = JSON.parse(readFileSync(file!, 'utf8'));
    assert.ok(Array.isArray(list) && list.length > 0, 'the examples file holds a non-empty array');
  },
);

const examples: Example[] = file ? JSON.parse(readFileSync(file, 'utf8')) : [];

for (const example of examples) {
  test(`example: ${example.name}`, () => {
    const pauses = example.pauses?.map(([a, b]) => [new Date(a), new Date(b)] as [Date, Date]);
    const start = new Date(example.start);
    const due = addBusinessMinutes(example.calendar, start, example.minutes, pauses);
    assert.equal(due.toISOString(), new Date(example.expected).toISOString());
    // And the inverse measure agrees: exactly `minutes` business minutes lie between start and due.
    assert.equal(businessMinutesBetween(example.calendar, start, due, pauses), example.minutes);
  });
}
