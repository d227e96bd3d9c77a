/**
 * A built KB site whose knowledge base is too big to download: the real build (kb-site/dist) with
 * its search index replaced by the one the build would ship for a larger synthetic knowledge base
 * (bench/search-corpus.ts), through the build's own decision (content/search/build/ship-index.ts).
 * Pages other than the search index stay those of the real articles: what a test of the search
 * strategy needs, built in a second rather than an Astro build of hundreds of pages.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSearchIndex, type IndexableArticle } from '#search-build/build-index.ts';
import { FULL_INDEX_FILE, shipIndex, type ShippedIndex } from '#search-build/ship-index.ts';
import { createSearcher, type SearchIndexData, type Searcher } from '#search/engine.ts';
import { realArticles, syntheticArticles } from '../../bench/search-corpus.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KB_DIST = path.join(ROOT, 'kb-site', 'dist');

export interface LargeKbSite {
  /** Serve it as the server's kbSiteDir. */
  dir: string;
  shipped: ShippedIndex;
  /** The engine over the whole index, in this process: what every result must equal. */
  searcher: Searcher;
  remove(): void;
}

/** The built KB site with the search index of `count` synthetic articles made from the real ones. */
export async function largeKbSite(count: number): Promise<LargeKbSite> {
  return kbSiteWith(syntheticArticles((await realArticles()).articles, count));
}

/** The built KB site with the search index the build would ship for `articles`. */
export function kbSiteWith(articles: IndexableArticle[]): LargeKbSite {
  if (!existsSync(path.join(KB_DIST, 'search-index.json'))) throw new Error('kb-site/dist is missing: run npm run build first');
  const shipped = shipIndex(buildSearchIndex(articles));
  const dir = mkdtempSync(path.join(tmpdir(), 'helpway-large-kb-'));
  cpSync(KB_DIST, dir, { recursive: true });
  writeFileSync(path.join(dir, 'search-index.json'), shipped.client);
  if (shipped.full) writeFileSync(path.join(dir, FULL_INDEX_FILE), shipped.full);
  const searcher = createSearcher(JSON.parse(shipped.full ?? shipped.client) as SearchIndexData);
  return { dir, shipped, searcher, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
