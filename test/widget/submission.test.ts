/**
 * Sending a ticket, in Node with a fake clock, an in-memory draft store and a fake API: one
 * Idempotency-Key per draft, the same frozen body on every retry, backoff, retry when back
 * online, the draft given back when the API refuses it, and kept across a "reload".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Submission, backoffSeconds, type DraftStore, type Timers } from '../../widget/src/panel/contact/submission.ts';
import { ApiError, type TicketCreated } from '../../widget/src/panel/api-client.ts';
import { emptyFields } from '../../widget/src/panel/contact/form-model.ts';
import type { Draft } from '../../widget/src/panel/storage.ts';

/** Timers on a clock that moves only when told to. */
class FakeClock implements Timers {
  now = 0;
  #next = 1;
  #tasks = new Map<number, { at: number; run: () => void; every?: number }>();
  setTimeout(run: () => void, ms: number): number {
    this.#tasks.set(this.#next, { at: this.now + ms, run });
    return this.#next++;
  }
  setInterval(run: () => void, ms: number): number {
    this.#tasks.set(this.#next, { at: this.now + ms, run, every: ms });
    return this.#next++;
  }
  clearTimeout(id: unknown): void {
    this.#tasks.delete(id as number);
  }
  clearInterval(id: unknown): void {
    this.#tasks.delete(id as number);
  }
  get pending(): number {
    return this.#tasks.size;
  }
  /** Moves the clock `ms` forward, running what falls due in order. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.#tasks].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [id, task] = due;
      this.now = task.at;
      if (task.every) task.at += task.every;
      else this.#tasks.delete(id);
      task.run();
    }
    this.now = end;
  }
}

/** localStorage's part, in memory, storing copies as the real one does (JSON). */
class MemoryStore implements DraftStore {
  saved: string | null = null;
  saves = 0;
  loadDraft(): Draft | null {
    return this.saved ? (JSON.parse(this.saved) as Draft) : null;
  }
  saveDraft(draft: Draft): void {
    this.saves++;
    this.saved = JSON.stringify(draft);
  }
  clearDraft(): void {
    this.saved = null;
  }
}

const created: TicketCreated = {
  reference: 'HW-1001',
  token: 't0k3n',
  status: 'new',
  site: 'demo',
  type: 'query',
  severity: 'S3',
  subject: 'Quiz grades missing',
  channel: 'email',
  createdAt: '2026-12-02T10:00:00.000Z',
  attachments: [],
  sla: {
    firstResponseDue: null,
    resolutionDue: null,
    sentence: '',
    resolutionSentence: '',
    clockRunning: true,
    clockMessage: '',
    timezone: 'Europe/London',
    calendarLabel: 'UK time',
    nextOpening: null,
  },
};
const offline = () => new ApiError(0, 'network', 'Failed to fetch');

/** A submission wired to fakes; `answers` are what the API does with each request, in turn. */
function setup(answers: Array<TicketCreated | Error>, store = new MemoryStore()) {
  const clock = new FakeClock();
  const requests: Array<{ key: string; body: unknown }> = [];
  const sent: TicketCreated[] = [];
  const refused: ApiError[] = [];
  let keys = 0;
  const submission = new Submission({
    store,
    timers: clock,
    newKey: () => `key-${++keys}`,
    send: async (draft) => {
      requests.push({ key: draft.idempotencyKey, body: draft.pending });
      const answer = answers.shift();
      if (!answer) throw new Error('no answer left');
      if (answer instanceof Error) throw answer;
      return answer;
    },
    changed: () => {},
    sent: (ticket) => void sent.push(ticket),
    refused: (error) => void refused.push(error),
  });
  return { submission, clock, store, requests, sent, refused };
}

/** Lets the fake API's promise settle after a timer fired a send. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('nothing is stored before the user types; then one draft with one key, kept on each change', () => {
  const { submission, store } = setup([]);
  assert.equal(store.saved, null);
  const fields = { ...emptyFields(), subject: 'CSV' };
  submission.keep(fields);
  fields.description = 'It fails';
  submission.keep(fields);
  const draft = store.loadDraft()!;
  assert.equal(draft.idempotencyKey, 'key-1');
  assert.equal(draft.fields.description, 'It fails');
  assert.equal(store.saves, 2);
});

test('a sent ticket: the frozen body goes with the draft key, then the draft is gone', async () => {
  const { submission, store, requests, sent } = setup([created]);
  const fields = { ...emptyFields(), subject: 'CSV' };
  submission.keep(fields);
  await submission.submit(fields, { subject: 'CSV' }, []);
  assert.deepEqual(requests, [{ key: 'key-1', body: { subject: 'CSV' } }]);
  assert.deepEqual(sent, [created]);
  assert.equal(store.saved, null, 'the draft is cleared once sent');
  assert.equal(submission.draft, null);
  assert.equal(submission.phase, 'editing');
});

test('offline: it waits with a countdown, then resends the same body with the same key', async () => {
  const { submission, clock, requests, sent, store } = setup([offline(), created]);
  await submission.submit(emptyFields(), { subject: 'frozen' }, []);
  assert.equal(submission.phase, 'waiting');
  assert.equal(submission.retryIn, 2, 'the first retry comes after 2 s');
  assert.ok(store.loadDraft()!.pending, 'the pending body survives a reload');
  clock.advance(1000);
  assert.equal(submission.retryIn, 1, 'the countdown moves each second');
  assert.equal(requests.length, 1, 'no retry before its time');
  clock.advance(1000);
  await settle();
  assert.equal(requests.length, 2);
  assert.deepEqual(requests[1], requests[0], 'same key, same body');
  assert.deepEqual(sent, [created]);
  assert.equal(clock.pending, 0, 'no timer left behind');
});

test('backoff doubles from 2 s up to a minute, and waits at least what Retry-After says', async () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 12].map((n) => backoffSeconds(n)),
    [2, 4, 8, 16, 32, 60, 60, 60],
  );
  assert.equal(backoffSeconds(1, 30), 30);
  assert.equal(backoffSeconds(1, 600), 60, 'never more than a minute');

  const { submission, clock, requests } = setup([offline(), offline(), new ApiError(429, 'rate_limited', 'Slow down', {}, 20), created]);
  await submission.submit(emptyFields(), { n: 1 }, []);
  assert.equal(submission.retryIn, 2);
  clock.advance(2000);
  await settle();
  assert.equal(submission.retryIn, 4);
  clock.advance(4000);
  await settle();
  assert.equal(submission.retryIn, 20, 'a 429 with Retry-After: 20 waits 20 s, not 8');
  clock.advance(20000);
  await settle();
  assert.equal(requests.length, 4);
  assert.equal(submission.phase, 'editing');
});

test('back online: a waiting submission goes at once, and its timer does not send it again', async () => {
  const { submission, clock, requests, sent } = setup([offline(), created]);
  await submission.submit(emptyFields(), { subject: 'x' }, []);
  submission.online();
  await settle();
  assert.equal(requests.length, 2);
  assert.deepEqual(sent, [created]);
  clock.advance(120_000);
  await settle();
  assert.equal(requests.length, 2, 'the scheduled retry was dropped');
});

test('online while editing sends nothing', async () => {
  const { submission, requests } = setup([]);
  submission.keep(emptyFields());
  submission.online();
  await settle();
  assert.equal(requests.length, 0);
});

test('a refusal gives the draft back, editable, with its key; the next Send reuses the key', async () => {
  const refusal = new ApiError(422, 'invalid', 'Check the form', { 'requester.email': 'not deliverable' });
  const { submission, store, requests, refused, sent } = setup([refusal, created]);
  const fields = emptyFields();
  await submission.submit(fields, { v: 1 }, []);
  assert.deepEqual(refused, [refusal]);
  assert.equal(submission.phase, 'editing');
  assert.equal(store.loadDraft()!.pending, undefined, 'the refused body is no longer pending');
  assert.equal(store.loadDraft()!.idempotencyKey, 'key-1');
  await submission.submit(fields, { v: 2 }, []);
  assert.deepEqual(requests[1], { key: 'key-1', body: { v: 2 } });
  assert.deepEqual(sent, [created]);
});

test('while a submission is under way, edits do not touch the stored draft', async () => {
  const { submission, store } = setup([offline()]);
  await submission.submit({ ...emptyFields(), subject: 'sent' }, { subject: 'sent' }, []);
  const before = store.saved;
  submission.keep({ ...emptyFields(), subject: 'changed' });
  assert.equal(store.saved, before);
});

test('after a reload: a pending draft comes back waiting, and is resent as it was', async () => {
  const store = new MemoryStore();
  const first = setup([offline()], store);
  await first.submission.submit({ ...emptyFields(), subject: 'before reload' }, { subject: 'before reload' }, [
    { filename: 'a.png', size: 3, id: 'up-1' },
  ]);
  first.submission.stop();

  const second = setup([created], store);
  const restored = second.submission.restore();
  assert.equal(restored?.idempotencyKey, 'key-1');
  assert.deepEqual(restored?.files, [{ filename: 'a.png', size: 3, id: 'up-1' }]);
  assert.equal(second.submission.phase, 'waiting');
  assert.equal(second.submission.restore(), null, 'restored once');
  await second.submission.send();
  assert.deepEqual(second.requests, [{ key: 'key-1', body: { subject: 'before reload' } }]);
  assert.equal(store.saved, null);
});

test('discarding stops the retry and forgets the draft', async () => {
  const { submission, clock, store, requests } = setup([offline()]);
  await submission.submit(emptyFields(), {}, []);
  submission.discard();
  assert.equal(store.saved, null);
  assert.equal(submission.phase, 'editing');
  clock.advance(120_000);
  await settle();
  assert.equal(requests.length, 1);
  submission.keep(emptyFields());
  assert.equal(store.loadDraft()!.idempotencyKey, 'key-2', 'a new draft gets a new key');
});

test("an error that is not the API's (a thrown TypeError) counts as the network failing: retried", async () => {
  const { submission } = setup([new TypeError('Failed to fetch')]);
  await submission.submit(emptyFields(), {}, []);
  assert.equal(submission.phase, 'waiting');
  submission.stop();
});
