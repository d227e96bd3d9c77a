/**
 * Turns text into query concepts: each thing the user asked about, with the alternative ways an
 * article may say it (synonyms). The word lists are data (synonyms.ts at build time), shipped in
 * the search index (`vocabulary`), so the browser downloads them once, with the index, and the
 * engine's code carries no word lists.
 */
import { STOP_WORDS, termOf, tokenize, type WordSpan } from './normalize.ts';

/** A synonym from a `same` group counts this much; a `related` hint this much; a generic word this much. */
export const SAME_WEIGHT = 0.9;
export const RELATED_WEIGHT = 0.55;
export const WEAK_WEIGHT = 0.35;

/**
 * The vocabulary as the index carries it (see synonyms.ts for what each list means).
 * Phrases are written as people type them and normalised when loaded.
 */
export interface VocabularyData {
  /** Groups of interchangeable phrases, "sso|single sign on"; a leading "+" marks an `expand` group (build time only). */
  same: string[];
  /** One-way hints, "learner|student>user". */
  related: string[];
  /** Generic words of help questions, space-separated. */
  weak: string;
  /** Words that say something is wrong but not what, space-separated. */
  trouble: string;
  /** "Who did X" patterns; `verbs` is a regular expression's source. */
  intents: Array<{ lead: string; minGap?: number; gap: number; verbs: string; to: string }>;
}

/** One way of saying a concept: index terms that must all appear in one field. */
export interface Alternative {
  terms: string[];
  weight: number;
  /** Typed by the user (typo tolerance and prefix matching apply), rather than a synonym. */
  typed: boolean;
  /** For typed alternatives: the words as typed (folded), one per term, for typo correction. */
  words?: string[];
}

/** One thing the query asks about. A document matches the concept through its best alternative. */
export interface Concept {
  /** The typed words' terms, e.g. ["singl", "signon"]. */
  own: string[];
  alternatives: Alternative[];
  /** Spans of the query covered by this concept. */
  spans: WordSpan[];
  /** A generic word ("settings", "problem"): weak evidence, and not enough alone beside unknown words. */
  weak?: boolean;
  /** What the question is really after ("who deleted …" → the logs): the other concepts count less. */
  intent?: boolean;
}

interface PhraseEntry {
  /** Every word's term, stop words included, for matching against a query. */
  seq: string[];
  /** Content terms (no stop words), used to match articles; empty if the phrase is all stop words. */
  content: string[];
  /** Same-group members and related targets, with their weight. */
  links: Array<{ phrase: PhraseEntry; weight: number }>;
  /** Members of `same` groups, for index-time keyword expansion. */
  same: PhraseEntry[];
  /** Members of `same` groups marked `expand`: added to an article's keywords at index time. */
  expand: PhraseEntry[];
}

function analysePhrase(text: string): { seq: string[]; content: string[] } {
  const seq: string[] = [];
  const content: string[] = [];
  for (const { word } of tokenize(text)) {
    const t = termOf(word);
    seq.push(t);
    if (!STOP_WORDS.has(word)) content.push(t);
  }
  // "site down" without its stop word is just "site": such a phrase is recognised in a query
  // but never used to match articles (its content would say something else).
  if (content.length < seq.length && content.length < 2) return { seq, content: [] };
  return { seq, content };
}

const IDIOM_WORD_WEIGHT = 0.6;
const CORRECTED_WEIGHT = 0.85;

function link(from: PhraseEntry, to: PhraseEntry, weight: number): void {
  if (from === to) return;
  const existing = from.links.find((l) => l.phrase === to);
  if (existing) existing.weight = Math.max(existing.weight, weight);
  else from.links.push({ phrase: to, weight });
}

function addAlternative(list: Alternative[], terms: string[], weight: number, typed: boolean, words?: string[]): void {
  if (!terms.length) return;
  const key = terms.join(' ');
  const existing = list.find((a) => a.terms.join(' ') === key);
  if (existing) {
    existing.weight = Math.max(existing.weight, weight);
    if (typed && !existing.typed) {
      existing.typed = true;
      existing.words = words;
    }
  } else list.push(typed ? { terms, weight, typed, words } : { terms, weight, typed });
}

export interface Vocabulary {
  /**
   * Splits text into concepts: known phrases (longest first) and single content words, each with
   * its synonyms. Stop words are dropped unless part of a known phrase.
   */
  analyseQuery(text: string, correct?: (word: string, last: boolean) => string | undefined): Concept[];
  /** Index-time expansion of an article's keywords (see `expand` groups in synonyms.ts). */
  expandKeywords(keywords: string[]): string[][];
  /** Terms of the words that say something is wrong but not what. */
  troubleTerms: ReadonlySet<string>;
}

/** Links the vocabulary's phrases once (per index load): same-group members and related hints. */
export function createVocabulary(data: VocabularyData): Vocabulary {
  const phrases = new Map<string, PhraseEntry>();
  let longest = 1;
  const WEAK_TERMS = new Set(data.weak.split(' ').map(termOf));
  const troubleTerms = new Set(data.trouble.split(' ').map(termOf));
  const INTENTS = data.intents.map((i) => ({ ...i, verbs: new RegExp(i.verbs) }));

  function entry(text: string): PhraseEntry {
    const { seq, content } = analysePhrase(text);
    const key = seq.join(' ');
    let e = phrases.get(key);
    if (!e) {
      e = { seq, content, links: [], same: [], expand: [] };
      phrases.set(key, e);
      longest = Math.max(longest, seq.length);
    }
    return e;
  }

  for (const line of data.same) {
    const expandGroup = line.startsWith('+');
    const members = (expandGroup ? line.slice(1) : line).split('|').map(entry);
    for (const a of members) {
      for (const b of members) {
        if (a === b) continue;
        link(a, b, SAME_WEIGHT);
        if (!a.same.includes(b)) a.same.push(b);
        if (expandGroup && !a.expand.includes(b)) a.expand.push(b);
      }
    }
  }
  for (const line of data.related) {
    const [from, to] = line.split('>');
    const targets = to.split('|').map(entry);
    for (const source of from.split('|').map(entry)) {
      for (const target of targets) {
        link(source, target, RELATED_WEIGHT);
        // A related target also brings its own same-group members, a little weaker.
        for (const m of target.same) link(source, m, RELATED_WEIGHT * SAME_WEIGHT);
      }
    }
  }

  /** The longest known phrase starting at `i` in a list of terms, or undefined. */
  function phraseAt(seq: string[], i: number): { entry: PhraseEntry; length: number } | undefined {
    for (let len = Math.min(longest, seq.length - i); len >= 1; len--) {
      const e = phrases.get(seq.slice(i, i + len).join(' '));
      if (e && (len > 1 || e.links.length)) return { entry: e, length: len };
    }
    return undefined;
  }

  /**
   * Splits text into concepts: known phrases (longest first) and single content words, each with
   * its synonyms. Stop words are dropped unless part of a known phrase.
   */
  function analyseQuery(text: string, correct?: (word: string, last: boolean) => string | undefined): Concept[] {
    const spans = tokenize(text);
    // Typos are corrected first (when the caller knows a vocabulary), so "how urgnt" is still the
    // phrase "how urgent" with its synonyms (which then count a little less).
    const corrected = new Set<number>();
    const typedWords = spans.map((s, i) => {
      if (!correct || STOP_WORDS.has(s.word) || phrases.has(termOf(s.word))) return s.word;
      const fixed = correct(s.word, i === spans.length - 1);
      if (fixed === undefined || fixed === s.word) return s.word;
      corrected.add(i);
      return fixed;
    });
    const seq = typedWords.map(termOf);
    const concepts: Concept[] = [];
    for (let i = 0; i < spans.length;) {
      const found = phraseAt(seq, i);
      const length = found?.length ?? 1;
      const covered = spans.slice(i, i + length);
      const ownWords: string[] = [];
      let anyCorrected = false;
      for (let k = i; k < i + length; k++) {
        if (STOP_WORDS.has(typedWords[k])) continue;
        // The word goes on as typed: the engine's typo tolerance weighs all its likely meanings.
        // The correction only served to recognise the phrase (and its synonyms).
        ownWords.push(spans[k].word);
        anyCorrected ||= corrected.has(k);
      }
      const own = ownWords.map(termOf);
      if (!found && !own.length) {
        i++;
        continue;
      }
      const alternatives: Alternative[] = [];
      const weak = !found && own.length === 1 && WEAK_TERMS.has(own[0]);
      // In a phrase that needs its small words ("cannot access", "how urgent"), the meaning is the
      // phrase's: its remaining word alone counts less than the phrase's synonyms.
      const idiom = !!found && found.length > 1 && !found.entry.content.length && found.entry.links.length > 0;
      // A generic word ("platform", "settings") counts little, and so do its synonyms; so does a corrected typo.
      const scale = (weak ? WEAK_WEIGHT : 1) * (anyCorrected ? CORRECTED_WEIGHT : 1);
      addAlternative(alternatives, own, weak ? WEAK_WEIGHT : idiom ? IDIOM_WORD_WEIGHT : 1, true, ownWords);
      if (found) for (const l of found.entry.links) addAlternative(alternatives, l.phrase.content, l.weight * scale, false);
      if (weak || idiom) {
        // ...the word's own synonyms still apply ("not been answered" → "answer" → "reply").
        const single = own.length === 1 ? phrases.get(own[0]) : undefined;
        if (single)
          for (const l of single.links)
            addAlternative(alternatives, l.phrase.content, l.weight * (weak ? WEAK_WEIGHT : IDIOM_WORD_WEIGHT), false);
      }
      // A phrase made only of stop words with no synonyms carries nothing.
      if (alternatives.length) concepts.push(weak ? { own, alternatives, spans: covered, weak } : { own, alternatives, spans: covered });
      i += found?.length ?? 1;
    }
    markIntent(
      spans.map((s, i) => typedWords[i] ?? s.word),
      spans,
      concepts,
    );
    // The same concept typed twice counts once.
    const seen = new Set<string>();
    return concepts.filter((c) => {
      const key = c.alternatives
        .map((a) => a.terms.join(' '))
        .sort()
        .join('|');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** Finds an INTENTS pattern in the typed words; marks (or adds) the concept it stands for. */
  function markIntent(typed: string[], spans: WordSpan[], concepts: Concept[]): void {
    for (const intent of INTENTS) {
      for (let i = 0; i < typed.length; i++) {
        if (typed[i] !== intent.lead) continue;
        let k = i + 1;
        let skipped = 0;
        for (; k < typed.length && skipped <= intent.gap && !intent.verbs.test(typed[k]); k++) {
          if (!STOP_WORDS.has(typed[k])) skipped++;
        }
        if (k >= typed.length || !intent.verbs.test(typed[k]) || skipped < (intent.minGap ?? 0)) continue;
        const target = entry(intent.to);
        const lead = spans[i];
        // The concept holding the lead word ("who removed" is a log phrase; "who" alone hints at logs).
        let concept = concepts.find((c) => c.spans.includes(lead));
        if (!concept) {
          concept = { own: [], alternatives: [], spans: [lead] };
          concepts.unshift(concept);
        }
        addAlternative(concept.alternatives, target.content, 1, false);
        for (const l of target.links) addAlternative(concept.alternatives, l.phrase.content, l.weight, false);
        concept.intent = true;
        return;
      }
    }
  }

  /**
   * Index-time expansion of an article's keywords: a keyword that is a member of an `expand` group
   * (another name for the same product or feature) brings the other members, so the article is found
   * by any of its names, typos included.
   */
  function expandKeywords(keywords: string[]): string[][] {
    const out: string[][] = [];
    for (const keyword of keywords) {
      const e = phrases.get(
        tokenize(keyword)
          .map((s) => termOf(s.word))
          .join(' '),
      );
      if (e) for (const m of e.expand) if (m.content.length) out.push(m.content);
    }
    return out;
  }

  return { analyseQuery, expandKeywords, troubleTerms };
}
