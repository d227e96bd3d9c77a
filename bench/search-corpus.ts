/**
 * Articles for the search benchmarks: the real knowledge base, and synthetic knowledge bases of any
 * size made from it (recombined titles, keywords, headings and body sentences of real articles, plus
 * a few made-up words per article so the vocabulary grows as a real, larger knowledge base's would).
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_DIR, loadKnowledgeBase, loadPolicy, parseArticleSource } from '#content/load.ts';
import { renderMarkdown } from '#content/markdown.ts';
import { expandPolicyBlocks } from '#content/policy-blocks.ts';
import type { IndexableArticle } from '#search-build/build-index.ts';

export interface EvalCase {
  q: string;
  url?: string;
  title?: string;
  expect: string[];
}

/**
 * The real articles. If the knowledge base does not load as a whole (content being edited), fall back
 * to the articles that do parse, and say so: the figures are then for that subset.
 */
export async function realArticles(): Promise<{ articles: IndexableArticle[]; warning?: string }> {
  try {
    return { articles: (await loadKnowledgeBase()).articles };
  } catch (error) {
    const policy = await loadPolicy();
    const dir = path.join(CONTENT_DIR, 'articles');
    const articles: IndexableArticle[] = [];
    for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
      if (!e.isFile() || !e.name.endsWith('.md')) continue;
      const file = path.join(e.parentPath, e.name);
      try {
        const { data, body } = parseArticleSource(await readFile(file, 'utf8'), file);
        const { markdown } = expandPolicyBlocks(body, policy);
        articles.push({ ...data, slug: path.basename(file, '.md'), ...renderMarkdown(markdown) });
      } catch {
        // skipped: counted in the warning
      }
    }
    articles.sort((a, b) => a.slug.localeCompare(b.slug));
    return {
      articles,
      warning: `content/ does not load as a whole (${(error as Error).message.split('\n')[0]}); using the ${articles.length} articles that parse`,
    };
  }
}

/** Deterministic PRNG (mulberry32) so every run measures the same corpus. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ver',
  'tan',
  'zu',
  'rel',
  'pon',
  'di',
  'sor',
  'quen',
  'bri',
  'ox',
  'la',
  'nim',
  'gat',
  'phe',
  'ru',
  'stel',
  'vi',
];

export function syntheticArticles(real: IndexableArticle[], count: number, seed = 42): IndexableArticle[] {
  const rnd = random(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(rnd() * list.length)];
  const sentences = real.map((a) => a.text.split(/(?<=[.!?])\s+|\n+/).filter((s) => s.length > 20));
  const madeUp = () => Array.from({ length: 2 + Math.floor(rnd() * 2) }, () => pick(SYLLABLES)).join('');
  const out: IndexableArticle[] = [];
  for (let i = 0; i < count; i++) {
    const base = real[i % real.length];
    const other = pick(real);
    const otherIndex = real.indexOf(other);
    const extra = Array.from({ length: 4 }, madeUp);
    const bodySentences = [
      ...sentences[i % real.length].filter(() => rnd() < 0.7),
      ...sentences[otherIndex].filter(() => rnd() < 0.3),
      `This applies to the ${extra[0]} and ${extra[1]} modules of ${extra[2]} sites (${extra[3]}).`,
    ];
    out.push({
      slug: `${base.slug}-${i}`,
      title:
        i < real.length ? base.title : `${base.title} (${pick(other.title.split(' ').filter((w) => w.length > 3)) ?? 'more'} ${extra[0]})`,
      summary: base.summary,
      category: base.category,
      keywords: [...base.keywords.filter(() => rnd() < 0.8), ...other.keywords.filter(() => rnd() < 0.15), extra[1]],
      tags: base.tags,
      headings: [...base.headings, ...other.headings.filter(() => rnd() < 0.3)],
      text: bodySentences.join(' '),
      contexts: base.contexts,
    });
  }
  return out;
}

/** A typo in one longer word (two letters swapped), as people type. */
export function withTypo(q: string, rnd: () => number): string {
  const words = q.split(' ');
  const long = words.map((w, i) => [w, i] as const).filter(([w]) => w.length >= 5);
  if (!long.length) return q;
  const [w, i] = long[Math.floor(rnd() * long.length)];
  const k = 1 + Math.floor(rnd() * (w.length - 2));
  words[i] = w.slice(0, k) + w[k + 1] + w[k] + w.slice(k + 2);
  return words.join(' ');
}

const FILLER = ['the', 'a', 'of', 'to', 'and', 'in', 'for', 'on', 'with', 'is', 'it', 'this', 'that', 'by', 'as', 'be'];

/**
 * The real articles plus `count - real.length` articles about made-up subjects (words of made-up
 * syllables between common short words): a bigger knowledge base whose vocabulary and index grow as a
 * real one's would, but whose new articles answer none of the real questions, so the real questions'
 * expected articles stay what they are and relevance at scale is measured on the same question sets.
 */
export function realPlusUnrelated(real: IndexableArticle[], count: number, seed = 43): IndexableArticle[] {
  const rnd = random(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(rnd() * list.length)];
  const word = () => Array.from({ length: 3 + Math.floor(rnd() * 2) }, () => pick(SYLLABLES)).join('');
  const sentence = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? pick(FILLER) : word())).join(' ') + '.';
  // Slugs stay unique without a number (-503 is a word the real questions use): the article's
  // number in made-up syllables.
  const letters = (i: number): string =>
    (i < SYLLABLES.length ? '' : letters(Math.floor(i / SYLLABLES.length) - 1)) + SYLLABLES[i % SYLLABLES.length];
  const out = [...real];
  for (let i = real.length; i < count; i++) {
    const subject = [word(), word()];
    out.push({
      slug: `${subject.join('-')}-${letters(i)}`,
      title: `${subject[0]} ${pick(FILLER)} ${subject[1]} ${word()}`,
      summary: sentence(9),
      category: pick(real).category,
      keywords: [word(), word(), word(), subject[1]],
      tags: [],
      headings: Array.from({ length: 3 }, (_, h) => ({ depth: 2, text: `${word()} ${word()}`, id: `h${h}` })),
      text: Array.from({ length: 14 }, () => sentence(8 + Math.floor(rnd() * 8))).join(' '),
    });
  }
  return out;
}
