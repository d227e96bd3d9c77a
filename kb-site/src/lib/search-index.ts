/**
 * The search index as the build ships it, built ONCE per build and shared by the two files it may
 * become (/search-index.json, and /search-index-full.json over the budget: content/search/build/ship-index.ts).
 */
import { buildSearchIndex } from '#search-build/build-index.ts';
import { shipIndex, type ShippedIndex } from '#search-build/ship-index.ts';
import { getKnowledgeBase } from './kb.ts';

let shipped: Promise<ShippedIndex> | undefined;

export function shippedIndex(): Promise<ShippedIndex> {
  shipped ??= getKnowledgeBase().then(({ articles }) => shipIndex(buildSearchIndex(articles)));
  return shipped;
}
