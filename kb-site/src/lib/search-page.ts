/**
 * The search page's behaviour: instant results from the one search engine (content/search/engine),
 * loaded lazily with the prebuilt index; arrow-key navigation; result count in a live region;
 * searches with no result reported to /api/search-events when an API is there (silently skipped if not).
 * Questions in French or German find the English articles: a page in that language (`<html lang>`)
 * loads its language part (/search-language-<lang>.json) with the engine; an English page loads
 * one only for a question that looks written in it.
 * When the knowledge base is too big to download, /search-index.json says so and each search is a
 * GET /api/search instead (the same engine over the same index), debounced, the stale one aborted.
 * The page gives its language, words and translated titles in data attributes (SearchPage.astro):
 * results lead to that language's pages, in English (marked so) where an article is not translated.
 */
import type { SearchHit, SearchIndexData, Searcher, ServerSearchManifest } from '#search/engine.ts';
import type { PublicSearch } from '#api/articles/shapes.ts';
import { highlightInto } from './highlight.ts';

const REPORT_DELAY_MS = 1200;
/** Searched on the server, a keystroke waits this long for the next one before asking. */
const REMOTE_DEBOUNCE_MS = 120;

/** The engine here (answers at once), or the API (answers with a promise, cancellable). */
interface PageSearcher {
  search(query: string, options: { limit: number; signal?: AbortSignal }): SearchHit[] | Promise<SearchHit[]>;
}
const STATUS_DELAY_MS = 250;

export function setupSearchPage(root: HTMLElement): void {
  const form = root.querySelector<HTMLFormElement>('form[role="search"]')!;
  const input = form.querySelector<HTMLInputElement>('input[name="q"]')!;
  const list = root.querySelector<HTMLUListElement>('#results')!;
  const status = root.querySelector<HTMLElement>('#search-status')!;
  const empty = root.querySelector<HTMLElement>('#search-empty')!;
  const emptyQuery = root.querySelector<HTMLElement>('#search-empty-query')!;
  const suggestions = root.querySelector<HTMLElement>('#search-suggestions');
  const categories: Record<string, string> = JSON.parse(root.dataset.categories ?? '{}');
  const lang = root.dataset.lang ?? 'en';
  const translated: Record<string, [string, string]> = JSON.parse(root.dataset.translated ?? '{}');
  const words: Record<'unavailable' | 'none' | 'one' | 'many', string> = JSON.parse(root.dataset.words ?? '{}');
  const say = (text: string, n: number, query: string) => text.replace('{n}', String(n)).replace('{q}', () => query);
  const prefix = lang === 'en' ? '' : `/${lang}`;

  const getJson = (url: string, signal?: AbortSignal) =>
    fetch(url, { signal }).then((r) => {
      if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
      return r.json();
    });
  // The index, or `server` when /search-index.json says the knowledge base is searched by the API
  // (too big to download: content/search/build/ship-index.ts).
  let source: Promise<Searcher | 'server'> | undefined;
  let index: SearchIndexData;
  let remote = false;
  const onServer = (): 'server' => {
    remote = true;
    return 'server';
  };
  const loadSource = (): Promise<Searcher | 'server'> =>
    (source ??=
      // The build says so on the page when the index is too big to download: then neither the
      // engine nor the index is fetched here.
      root.dataset.search === 'server'
        ? Promise.resolve(onServer())
        : Promise.all([import('#search/engine.ts'), getJson('/search-index.json')]).then(
            ([engine, data]: [typeof import('#search/engine.ts'), SearchIndexData | ServerSearchManifest]) => {
              if (!engine.isServerSearch(data)) return engine.createSearcher((index = data));
              return onServer();
            },
          ));
  /** GET /api/search: the same engine over the same index, on the server; `lang` is the question's language. */
  const serverSearcher = (lang: string): PageSearcher => ({
    search: (query, { limit, signal }) =>
      getJson(`/api/search?${new URLSearchParams({ q: query, lang, limit: String(limit) })}`, signal).then(
        (body: PublicSearch) => body.hits,
      ),
  });
  const pageLang = document.documentElement.lang.slice(0, 2).toLowerCase();
  const inLanguage: Record<string, Promise<PageSearcher>> = {};
  /** The searcher for a question in `lang`; English when that language's part cannot load. */
  const loadSearcherIn = async (lang: string | undefined): Promise<PageSearcher> => {
    const local = await loadSource();
    if (local === 'server') return serverSearcher(lang ?? 'en');
    if (!lang || lang === 'en') return local;
    try {
      return await (inLanguage[lang] ??= Promise.all([import('#search/lang-searcher.ts'), getJson(`/search-language-${lang}.json`)]).then(
        ([part, pack]) => part.searchInLanguage(local, pack, index),
      ));
    } catch {
      delete inLanguage[lang];
      return local;
    }
  };
  const searcherFor = async (query: string): Promise<PageSearcher> =>
    loadSearcherIn(pageLang !== 'en' && pageLang ? pageLang : (await import('#search/lang-detect.ts')).guessLanguage(query));

  let statusTimer: ReturnType<typeof setTimeout> | undefined;
  let reportTimer: ReturnType<typeof setTimeout> | undefined;
  const reported = new Set<string>();
  let generation = 0;
  let inFlight: AbortController | undefined;
  let debounce: ReturnType<typeof setTimeout> | undefined;

  const setStatus = (text: string, now = false) => {
    clearTimeout(statusTimer);
    if (now) status.textContent = text;
    else statusTimer = setTimeout(() => (status.textContent = text), STATUS_DELAY_MS);
  };

  const reportNoResults = (query: string) => {
    clearTimeout(reportTimer);
    const key = query.toLowerCase();
    if (query.length < 2 || reported.has(key)) return;
    reportTimer = setTimeout(() => {
      reported.add(key);
      // Analytics must never get in the reader's way: no API, no problem.
      fetch('/api/search-events', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, resultCount: 0, source: 'kb', page: location.pathname + location.search }),
        keepalive: true,
      }).catch(() => {});
    }, REPORT_DELAY_MS);
  };

  const renderHits = (hits: SearchHit[]) => {
    list.textContent = '';
    hits.forEach((hit, i) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = `${prefix}/articles/${hit.slug}/`;
      a.id = `result-${i}`;
      const title = document.createElement('span');
      title.className = 'title';
      const summary = document.createElement('span');
      summary.className = 'summary';
      const translation = translated[hit.slug];
      if (translation) {
        // The highlights are of the English text: the translation is shown plain.
        title.textContent = translation[0];
        summary.textContent = translation[1];
      } else {
        if (lang !== 'en') {
          title.lang = 'en';
          summary.lang = 'en';
        }
        highlightInto(title, hit.title, hit.highlights?.title);
        highlightInto(summary, hit.summary, hit.highlights?.summary);
      }
      const category = document.createElement('span');
      category.className = 'category';
      category.textContent = categories[hit.category] ?? hit.category;
      a.append(title, summary, category);
      li.append(a);
      list.append(li);
    });
  };

  const run = async () => {
    clearTimeout(debounce);
    const query = input.value.trim();
    const mine = ++generation;
    const url = new URL(location.href);
    if (query) url.searchParams.set('q', query);
    else url.searchParams.delete('q');
    history.replaceState(null, '', url);
    clearTimeout(reportTimer);
    if (!query) {
      list.textContent = '';
      empty.hidden = true;
      if (suggestions) suggestions.hidden = false;
      setStatus('');
      return;
    }
    let hits: SearchHit[];
    inFlight?.abort();
    const request = (inFlight = new AbortController());
    try {
      hits = await (await searcherFor(query)).search(query, { limit: 20, signal: request.signal });
    } catch {
      if (mine !== generation) return; // overtaken (and aborted) by a newer keystroke
      setStatus(words.unavailable, true);
      source = undefined;
      return;
    }
    if (mine !== generation) return; // a newer keystroke won
    renderHits(hits);
    if (suggestions) suggestions.hidden = true;
    empty.hidden = hits.length > 0;
    emptyQuery.textContent = query;
    setStatus(say(hits.length === 0 ? words.none : hits.length === 1 ? words.one : words.many, hits.length, query));
    if (hits.length === 0) reportNoResults(query);
  };

  const links = () => [...list.querySelectorAll<HTMLAnchorElement>('a')];

  // Every keystroke searches at once with the index here; searched on the server, typing pauses first.
  input.addEventListener('input', () => {
    clearTimeout(debounce);
    if (remote) debounce = setTimeout(run, REMOTE_DEBOUNCE_MS);
    else void run();
  });
  input.addEventListener('keydown', async (event) => {
    if (event.key === 'ArrowDown' && links().length) {
      event.preventDefault();
      links()[0].focus();
    } else if (event.key === 'Enter' && !event.isComposing) {
      // Enter in the box opens the best result; with no result the reader stays on the page.
      event.preventDefault();
      await run();
      const first = links()[0];
      if (first) location.href = first.href;
    }
  });
  list.addEventListener('keydown', (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement as HTMLAnchorElement);
    if (at < 0) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (at === 0) input.focus();
      else all[at - 1].focus();
    } else if (event.key === 'Escape') {
      input.focus();
    }
  });
  // The Search button shows the results here (they are already there as you type).
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });

  // The engine and index (tens of KB) load on first use: a query in the address, or the box focused.
  const warmUp = () => void loadSearcherIn(pageLang).catch(() => {});
  input.addEventListener('focus', warmUp, { once: true });
  input.addEventListener('pointerenter', warmUp, { once: true });
  const initial = new URL(location.href).searchParams.get('q');
  if (initial) input.value = initial;
  if (input.value.trim()) void run();
}
