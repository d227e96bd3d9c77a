/**
 * The search page's behaviour: instant results from the one search engine (content/search/engine),
 * loaded lazily with the prebuilt index; arrow-key navigation; result count in a live region;
 * searches with no result reported to /api/search-events when an API is there (silently skipped if not).
 * Questions in French or German find the English articles: a page in that language (`<html lang>`)
 * loads its language part (/search-language-<lang>.json) with the engine; an English page loads
 * one only for a question that looks written in it.
 * The page gives its language, words and translated titles in data attributes (SearchPage.astro):
 * results lead to that language's pages, in English (marked so) where an article is not translated.
 */
import type { SearchHit, SearchIndexData, Searcher } from '#search/engine.ts';
import { highlightInto } from './highlight.ts';

const REPORT_DELAY_MS = 1200;
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

  const getJson = (url: string) =>
    fetch(url).then((r) => {
      if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
      return r.json();
    });
  let searcher: Promise<Searcher> | undefined;
  let index: SearchIndexData;
  const loadSearcher = (): Promise<Searcher> =>
    (searcher ??= Promise.all([import('#search/engine.ts'), getJson('/search-index.json')]).then(([engine, data]) =>
      engine.createSearcher((index = data)),
    ));
  const pageLang = document.documentElement.lang.slice(0, 2).toLowerCase();
  const inLanguage: Record<string, Promise<Searcher>> = {};
  /** The searcher for a question in `lang`; English when that language's part cannot load. */
  const loadSearcherIn = async (lang: string | undefined): Promise<Searcher> => {
    if (!lang || lang === 'en') return loadSearcher();
    try {
      return await (inLanguage[lang] ??= Promise.all([
        loadSearcher(),
        import('#search/lang-searcher.ts'),
        getJson(`/search-language-${lang}.json`),
      ]).then(([english, part, pack]) => part.searchInLanguage(english, pack, index)));
    } catch {
      delete inLanguage[lang];
      return loadSearcher();
    }
  };
  const searcherFor = async (query: string): Promise<Searcher> =>
    loadSearcherIn(pageLang !== 'en' && pageLang ? pageLang : (await import('#search/lang-detect.ts')).guessLanguage(query));

  let statusTimer: ReturnType<typeof setTimeout> | undefined;
  let reportTimer: ReturnType<typeof setTimeout> | undefined;
  const reported = new Set<string>();
  let generation = 0;

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
    try {
      hits = (await searcherFor(query)).search(query, { limit: 20 });
    } catch {
      if (mine === generation) setStatus(words.unavailable, true);
      searcher = undefined;
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

  input.addEventListener('input', run);
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
