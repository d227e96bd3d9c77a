/**
 * Builds the search index from the knowledge base's articles, once, at build time.
 * The result is plain JSON (served as /search-index.json; its format in #search/index-format.ts) and
 * is loaded by createSearcher().
 */
import Fuse from 'fuse.js/basic';
import type { Article } from '#content/load.ts';
import { INDEX_VERSION, type SearchDoc, type SearchIndexData } from '#search/index-format.ts';
import { STOP_WORDS, termOf, tokenize, useLanguage } from '#search/normalize.ts';
import { TUNING } from '#search/tuning.ts';
import { createVocabulary } from '#search/vocabulary.ts';
import { LANGUAGE } from './language.ts';
import { VOCABULARY } from './synonyms.ts';

/** What the index needs of an article (a loader `Article` has all of it). */
export type IndexableArticle = Pick<Article, 'slug' | 'title' | 'summary' | 'category' | 'keywords' | 'tags' | 'headings' | 'text'> & {
  contexts?: { urls: string[]; titles: string[] };
  /** The body as Markdown (policy blocks expanded): its short named items are indexed whole. */
  markdown?: string;
};

export interface BuildOptions {
  /** How many distinctive body terms each article contributes (the compact body excerpt). */
  bodyTerms?: number;
  /** How many terms of named items (code spans, short table cells and list items) each article adds. */
  itemTerms?: number;
  /** Also correct typos into words found only in article bodies (bigger index; default false). */
  fuzzyBody?: boolean;
}

useLanguage(LANGUAGE);
const { expandKeywords } = createVocabulary(VOCABULARY);

export const DEFAULT_BODY_TERMS = 48;
/** At most this many named items (see namedItems) per article join its body excerpt. */
export const DEFAULT_ITEM_TERMS = 60;

/**
 * The short things a body names, each said once: code spans (`tif`, `/admin/tool/uploaduser`),
 * short table cells and short list items. A generated list (the supported file types of
 * {{policy:file-types}}, a table of channels) names each thing once, so term frequency alone
 * would cut them from the excerpt, yet "is tif supported" is answered by exactly that list.
 */
export function namedItems(markdown: string): string[] {
  const out: string[] = [];
  for (const m of markdown.matchAll(/`([^`\n]{1,60})`/g)) out.push(m[1]);
  for (const line of markdown.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('|')) {
      for (const cell of trimmed.split('|')) {
        const text = cell.replace(/[*_`]/g, '').trim();
        if (text && !/^:?-+:?$/.test(text) && text.split(/\s+/).length <= 3) out.push(text);
      }
    } else {
      const item = /^(?:[-*+]|\d+[.)])\s+(.*)$/.exec(trimmed);
      if (item && item[1].split(/\s+/).length <= 3) out.push(item[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'));
    }
  }
  return out;
}

export function buildSearchIndex(articles: IndexableArticle[], options: BuildOptions = {}): SearchIndexData {
  const bodyTerms = options.bodyTerms ?? DEFAULT_BODY_TERMS;
  const itemTerms = options.itemTerms ?? DEFAULT_ITEM_TERMS;
  // For each term, the shortest word seen for it ("scope" for "scop"): typos are corrected against
  // words as people write them, not against stems.
  const surface = new Map<string, string>();
  const termsOf = (text: string): string[] => {
    const out: string[] = [];
    for (const { word } of tokenize(text)) {
      if (STOP_WORDS.has(word)) continue;
      const t = termOf(word);
      const seen = surface.get(t);
      if (seen === undefined || word.length < seen.length || (word.length === seen.length && word < seen)) surface.set(t, word);
      out.push(t);
    }
    return out;
  };

  // Fields as term lists (body kept whole for now, trimmed to its distinctive terms below).
  const fields = articles.map((a) => {
    const keywordTerms = [...a.keywords, ...a.tags, a.slug.replace(/-/g, ' ')].flatMap(termsOf);
    for (const expansion of expandKeywords([...a.keywords, ...a.tags])) keywordTerms.push(...expansion);
    return [termsOf(a.title), keywordTerms, a.headings.flatMap((h) => termsOf(h.text)), termsOf(a.summary), termsOf(a.text)];
  });

  // Body: the terms that say most about this article (frequent here, rare elsewhere).
  const bodyDf = new Map<string, number>();
  for (const f of fields) for (const t of new Set(f[4])) bodyDf.set(t, (bodyDf.get(t) ?? 0) + 1);
  // Rarity counted among a fixed number of articles, not all of them: articles on other subjects
  // would otherwise change which words stand for this one.
  const rarity = (t: string) => Math.log(1 + TUNING.idfArticles / (bodyDf.get(t) ?? 1));
  fields.forEach((f, doc) => {
    const tf = new Map<string, number>();
    for (const t of f[4]) tf.set(t, (tf.get(t) ?? 0) + 1);
    const excerpt = [...tf.entries()]
      .filter(([t]) => t.length > 1)
      .map(([t, n]) => [t, (1 + Math.log(n)) * rarity(t)] as const)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, bodyTerms)
      .map(([t]) => t);
    // Named items the excerpt left out, rarest first (a list's entries say the most about it).
    const markdown = articles[doc].markdown;
    if (markdown && itemTerms > 0) {
      const inExcerpt = new Set(excerpt);
      const items = [...new Set(namedItems(markdown).flatMap(termsOf))]
        .filter((t) => t.length > 1 && !inExcerpt.has(t) && !f.slice(0, 4).some((field) => field.includes(t)))
        .sort((a, b) => rarity(b) - rarity(a) || (a < b ? -1 : 1))
        .slice(0, itemTerms);
      excerpt.push(...items);
    }
    f[4] = excerpt;
  });

  const masks = new Map<string, Map<number, number>>();
  fields.forEach((f, doc) => {
    f.forEach((list, field) => {
      for (const t of list) {
        let m = masks.get(t);
        if (!m) masks.set(t, (m = new Map()));
        m.set(doc, (m.get(doc) ?? 0) | (1 << field));
      }
    });
  });
  const terms = [...masks.keys()].sort();
  const postings = terms.map((t) => [...masks.get(t)!.entries()].sort((a, b) => a[0] - b[0]).map(([doc, mask]) => doc * 32 + mask));

  // Typo correction only into the words that describe articles (title, keywords, headings, summary),
  // long enough to have typos, and not into numbers.
  const describing = new Set(fields.flatMap((f) => f.slice(0, 4).flat()));
  const fuzzyIndex = Fuse.createIndex(
    [],
    terms.map((t) => surface.get(t) ?? t),
  ).toJSON();
  const fuzzy = {
    keys: fuzzyIndex.keys,
    records: fuzzyIndex.records
      .filter((r) => {
        const v = r.v ?? '';
        return v.length >= TUNING.fuzzyMinLength - 1 && !/\d/.test(v) && (options.fuzzyBody || describing.has(terms[r.i]));
      })
      // Without the field norm `n` (the engine searches with ignoreFieldNorm, so Fuse never reads it),
      // and without the word when it is its term as well (most are): createSearcher puts it back.
      .map((r) => (r.v === terms[r.i] ? { i: r.i } : { v: r.v, i: r.i })),
  };

  const docs: SearchDoc[] = articles.map((a) => {
    const doc: SearchDoc = { slug: a.slug, title: a.title, summary: a.summary, category: a.category };
    if (a.contexts && (a.contexts.urls.length || a.contexts.titles.length))
      doc.contexts = { urls: a.contexts.urls, titles: a.contexts.titles };
    return doc;
  });
  // The query side needs no `expand` marks: they only served the keyword expansion above.
  const vocabulary = { ...VOCABULARY, same: VOCABULARY.same.map((g) => g.replace(/^\+/, '')) };
  return { version: INDEX_VERSION, docs, terms, postings, fuzzy, vocabulary, language: LANGUAGE };
}
