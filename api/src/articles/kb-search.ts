/**
 * The knowledge base as agents search it from the reply box: the one search engine
 * (content/search/engine, the widget's, the KB site's and the CLI's) over an index built from the
 * same content the KB site publishes, round-tripped through JSON as the CLI does, so a ranking an
 * agent sees is the one a requester sees in the widget. Built once per content directory, on the
 * first search (about a second), not at start.
 *
 * It also turns the slugs of a reply's articles into what the requester's card shows — title,
 * summary and the article's public URL — or a 422 naming each slug no article has.
 */
import path from 'node:path';
import { loadKnowledgeBase } from '#content/load.ts';
import { buildSearchIndex } from '#search-build/build-index.ts';
import { createSearcher, type SearchDoc, type Searcher } from '#search/engine.ts';
import { validationError } from '../http/errors.ts';
import type { Services } from '../http/env.ts';
import type { MessageArticle } from '../tickets/message-articles.ts';

interface KnowledgeBaseIndex {
  searcher: Searcher;
  docs: Map<string, SearchDoc>;
}

const built = new Map<string, Promise<KnowledgeBaseIndex>>();

async function build(contentDir: string): Promise<KnowledgeBaseIndex> {
  const kb = await loadKnowledgeBase(contentDir);
  const index = JSON.parse(JSON.stringify(buildSearchIndex(kb.articles))) as ReturnType<typeof buildSearchIndex>;
  return { searcher: createSearcher(index), docs: new Map(index.docs.map((d) => [d.slug, d])) };
}

/** The index of the content directory the API serves (the parent of config.content.articlesDir). */
function knowledgeBase(services: Pick<Services, 'config'>): Promise<KnowledgeBaseIndex> {
  const dir = path.dirname(services.config.content.articlesDir);
  let index = built.get(dir);
  if (!index) {
    index = build(dir);
    // A failed build (content being edited) is tried again by the next search.
    index.catch(() => built.delete(dir));
    built.set(dir, index);
  }
  return index;
}

const articleUrl = (services: Pick<Services, 'links'>, slug: string) => `${services.links.base}/articles/${encodeURIComponent(slug)}/`;

const card = (services: Pick<Services, 'links'>, doc: SearchDoc): MessageArticle => ({
  slug: doc.slug,
  title: doc.title,
  summary: doc.summary,
  url: articleUrl(services, doc.slug),
});

/** Articles for a query, best first, as the widget would rank them (no page context: the agent is not on the LMS page). */
export async function searchKnowledgeBase(services: Pick<Services, 'config' | 'links'>, query: string, limit: number) {
  const { searcher, docs } = await knowledgeBase(services);
  return searcher
    .search(query, { limit })
    .map((hit) => ({ ...card(services, docs.get(hit.slug)!), category: hit.category, score: hit.score }));
}

/** The cards for these slugs, in order; 422 naming `field.N` for each slug no article has. */
export async function articleCards(
  services: Pick<Services, 'config' | 'links'>,
  slugs: string[],
  field = 'articles',
): Promise<MessageArticle[]> {
  if (!slugs.length) return [];
  const { docs } = await knowledgeBase(services);
  const unknown = slugs.flatMap((slug, i) => (docs.has(slug) ? [] : [i]));
  if (unknown.length)
    throw validationError(Object.fromEntries(unknown.map((i) => [`${field}.${i}`, 'is not the slug of an article in the knowledge base'])));
  return slugs.map((slug) => card(services, docs.get(slug)!));
}
