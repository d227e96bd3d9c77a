/**
 * Search as you type, in Node with mocked timers and a fake searcher: results never go back to
 * an older query, slow searches are debounced, the count is announced once typing pauses, and
 * cancel() stops what is scheduled; searched on the server, keystrokes wait for a pause and a stale request is aborted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SearchAsYouType, type SearchAsYouTypeOptions } from '../../widget/src/panel/search-as-you-type.ts';
import type { SearchHit, Searcher, WidgetSearcher } from '../../widget/src/panel/search-service.ts';

const hit = (slug: string): SearchHit => ({ slug, title: slug, summary: '', category: '', score: 1 });

/** A searcher answering each query with one hit named after it; `work` is what a search costs (moving the mocked clock). */
function fakeSearcher(queries: string[], work = () => {}): Searcher {
  return {
    search: (q: string) => {
      queries.push(q);
      work();
      return [hit(`hit-${q}`)];
    },
    suggest: () => [],
  } as unknown as Searcher;
}

function setup(load: () => Promise<Searcher>, over: Partial<SearchAsYouTypeOptions> = {}) {
  const host = { updates: 0, addController: () => {}, requestUpdate: () => void host.updates++ };
  const searched: string[] = [];
  const search = new SearchAsYouType(host, {
    load,
    context: () => ({ url: '', title: '', heading: '', context: '' }),
    announce: (n) => `${n} results`,
    searched: (q) => void searched.push(q),
    ...over,
  });
  return { search, host, searched };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

test('a search waiting for the index is dropped when a newer one starts', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const queries: string[] = [];
  let release!: (s: Searcher) => void;
  const slow = new Promise<Searcher>((resolve) => (release = resolve));
  let loads = 0;
  const { search } = setup(() => (++loads === 1 ? slow : Promise.resolve(fakeSearcher(queries))));
  const first = search.now('old');
  await search.now('new');
  release(fakeSearcher(queries));
  await first;
  assert.deepEqual(queries, ['new'], 'the older search never ran');
  assert.deepEqual(
    search.hits.map((h) => h.slug),
    ['hit-new'],
  );
});

test('cheap searches run at every keystroke; the count is announced once typing pauses', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const queries: string[] = [];
  const { search, searched } = setup(() => Promise.resolve(fakeSearcher(queries)));
  await search.load();
  search.input('c');
  search.input('cs');
  search.input('csv');
  assert.deepEqual(queries, ['c', 'cs', 'csv']);
  assert.deepEqual(searched, ['c', 'cs', 'csv']);
  assert.equal(search.status, '', 'nothing announced while typing');
  t.mock.timers.tick(349);
  assert.equal(search.status, '');
  t.mock.timers.tick(1);
  assert.equal(search.status, '1 results');
});

test('once searches prove slow, keystrokes are debounced: only the last one searches', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const queries: string[] = [];
  // performance.now is not mocked: make each search look slow by measuring it with the mocked Date.
  const realNow = performance.now.bind(performance);
  performance.now = () => Date.now();
  t.after(() => (performance.now = realNow));
  const { search } = setup(() => Promise.resolve(fakeSearcher(queries, () => t.mock.timers.tick(200))));
  await search.load();
  search.input('a'); // measured slow: from now on, keystrokes wait
  search.input('ab');
  search.input('abc');
  assert.deepEqual(queries, ['a']);
  t.mock.timers.tick(120);
  await flush();
  assert.deepEqual(queries, ['a', 'abc']);
});

test('an empty query clears the results and says nothing', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { search } = setup(() => Promise.resolve(fakeSearcher([])));
  await search.now('csv');
  t.mock.timers.tick(350);
  assert.equal(search.hits.length, 1);
  await search.now('   ');
  assert.deepEqual(search.hits, []);
  assert.equal(search.status, '');
});

test('the index failing to load is reported, and cancel() stops a scheduled search', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let fail = true;
  const queries: string[] = [];
  const { search } = setup(() => (fail ? Promise.reject(new Error('offline')) : Promise.resolve(fakeSearcher(queries))));
  assert.equal(await search.load(), null);
  assert.equal(search.indexError, true);
  fail = false;
  search.input('csv'); // no searcher yet: debounced
  search.cancel();
  t.mock.timers.tick(1000);
  await flush();
  assert.deepEqual(queries, []);
});

/** A server-side searcher: each search is a promise the test settles, with the signal it was given. */
function remoteSearcher() {
  const calls: Array<{ q: string; signal?: AbortSignal; answer: (hits: SearchHit[]) => void; fail: (e: Error) => void }> = [];
  const searcher: WidgetSearcher = {
    remote: true,
    search: (q, options = {}) =>
      new Promise<SearchHit[]>((answer, fail) => {
        calls.push({ q, signal: options.signal, answer, fail });
        options.signal?.addEventListener('abort', () => fail(new Error('aborted')));
      }),
    suggest: () => Promise.resolve([]),
  };
  return { searcher, calls };
}

test('searched on the server: keystrokes are debounced, the stale search is aborted and its late answer dropped', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { searcher, calls } = remoteSearcher();
  const { search, searched } = setup(() => Promise.resolve(searcher) as Promise<never>);
  await search.load();
  for (const value of ['r', 're', 'res', 'rese', 'reset']) {
    search.input(value);
    t.mock.timers.tick(50);
  }
  assert.equal(calls.length, 0, 'nothing asked while typing');
  t.mock.timers.tick(200);
  await flush();
  assert.deepEqual(
    calls.map((c) => c.q),
    ['reset'],
    'one request for the paused query',
  );
  search.input('reset password');
  t.mock.timers.tick(200);
  await flush();
  assert.deepEqual(
    calls.map((c) => c.q),
    ['reset', 'reset password'],
  );
  assert.equal(calls[0].signal?.aborted, true, 'the older request was aborted');
  calls[0].answer([hit('late-old')]); // a server that answers anyway
  calls[1].answer([hit('new')]);
  await flush();
  assert.deepEqual(
    search.hits.map((h) => h.slug),
    ['new'],
  );
  assert.deepEqual(searched, ['reset password'], 'only the answered search is reported');
  t.mock.timers.tick(400);
  assert.equal(search.status, '1 results');
});

test('searched on the server: a failed request says so instead of showing stale results', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { searcher, calls } = remoteSearcher();
  const { search } = setup(() => Promise.resolve(searcher) as Promise<never>);
  await search.load();
  search.input('grades');
  t.mock.timers.tick(200);
  await flush();
  calls[0].fail(new Error('offline'));
  await flush();
  assert.equal(search.indexError, true);
});
