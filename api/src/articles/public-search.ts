/**
 * The knowledge base searched on the server, for the widget and the KB search page when the built
 * index is over the download budget (content/search/build/ship-index.ts): the one engine
 * (content/search/engine) over the very index the KB build wrote (/search-index-full.json, or
 * /search-index.json when that is the index itself), so a result here is the result the client
 * would compute. Loaded once per process, on the first search, and again when a new build replaces
 * the file. Answers are kept per query (least recently used first out): a knowledge base's
 * questions repeat, and a repeated one costs a map look-up.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadKnowledgeBase } from '#content/load.ts';
import { buildSearchIndex } from '#search-build/build-index.ts';
import { buildLanguagePack, LANGUAGE_SOURCES } from '#search-build/language-pack.ts';
import { FULL_INDEX_FILE } from '#search-build/ship-index.ts';
import {
  createSearcher,
  isServerSearch,
  type SearchHit,
  type SearchIndexData,
  type Searcher,
  type ServerSearchManifest,
} from '#search/engine.ts';
import type { LanguagePackData } from '#search/lang-pack.ts';
import { searchInLanguage } from '#search/lang-searcher.ts';
import type { Services } from '../http/env.ts';
import type { PublicSearchQuery } from './shapes.ts';

/** Answers kept per process. */
const CACHE_ENTRIES = 2000;
/** How often the index file's modification time is looked at (a new build shows up within this). */
const RECHECK_MS = 5000;

interface Loaded {
  searchers: Map<string, Searcher>;
  index: SearchIndexData;
  mtimeMs: number;
  checkedAt: number;
  cache: Map<string, SearchHit[]>;
}

const byDir = new Map<string, Promise<Loaded>>();

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

async function mtime(file: string): Promise<number> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return 0;
  }
}

/** The index the KB build shipped; without a built KB site (API alone), built from the content directory. */
async function load(kbSiteDir: string, contentDir: string): Promise<Loaded> {
  const shipped = path.join(kbSiteDir, 'search-index.json');
  const mtimeMs = await mtime(shipped);
  const client = await readJson<SearchIndexData | ServerSearchManifest>(shipped);
  let index = client && (isServerSearch(client) ? await readJson<SearchIndexData>(path.join(kbSiteDir, FULL_INDEX_FILE)) : client);
  index ??= JSON.parse(JSON.stringify(buildSearchIndex((await loadKnowledgeBase(contentDir)).articles))) as SearchIndexData;
  const english = createSearcher(index);
  const searchers = new Map<string, Searcher>([['en', english]]);
  for (const source of LANGUAGE_SOURCES) {
    const pack =
      (await readJson<LanguagePackData>(path.join(kbSiteDir, `search-language-${source.lang}.json`))) ?? buildLanguagePack(source);
    searchers.set(source.lang, searchInLanguage(english, pack, index));
  }
  return { searchers, index, mtimeMs, checkedAt: Date.now(), cache: new Map() };
}

function loaded(services: Pick<Services, 'config'>): Promise<Loaded> {
  const { kbSiteDir } = services.config;
  const contentDir = path.dirname(services.config.content.articlesDir);
  let current = byDir.get(kbSiteDir);
  if (!current) {
    current = load(kbSiteDir, contentDir);
    current.catch(() => byDir.delete(kbSiteDir));
    byDir.set(kbSiteDir, current);
    return current;
  }
  return current.then(async (state) => {
    if (Date.now() - state.checkedAt < RECHECK_MS) return state;
    state.checkedAt = Date.now();
    if ((await mtime(path.join(kbSiteDir, 'search-index.json'))) === state.mtimeMs) return state;
    // A new build: the next searches wait for it rather than answer from the old one.
    if (byDir.get(kbSiteDir) === current) {
      const next = load(kbSiteDir, contentDir);
      next.catch(() => byDir.delete(kbSiteDir));
      byDir.set(kbSiteDir, next);
    }
    return byDir.get(kbSiteDir)!;
  });
}

/** Articles for a query (or, with an empty query, for the page), best first, as the client-side engine ranks them. */
export async function publicSearch(services: Pick<Services, 'config'>, query: PublicSearchQuery): Promise<SearchHit[]> {
  const state = await loaded(services);
  const { q, url, title, heading, context, lang, limit } = query;
  const key = JSON.stringify([q, url, title, heading, context, lang, limit]);
  const cached = state.cache.get(key);
  if (cached) {
    // Most recently used last: Map keeps insertion order.
    state.cache.delete(key);
    state.cache.set(key, cached);
    return cached;
  }
  const searcher = state.searchers.get(lang) ?? state.searchers.get('en')!;
  const page = url || title || heading || context ? { url, title, heading, context } : undefined;
  const hits = q.trim() ? searcher.search(q, { context: page, limit }) : searcher.suggest(page!, limit);
  state.cache.set(key, hits);
  if (state.cache.size > CACHE_ENTRIES) state.cache.delete(state.cache.keys().next().value!);
  return hits;
}
