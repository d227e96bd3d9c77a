/**
 * The searcher of a widget whose knowledge base is too big to download (its /search-index.json is
 * the server-search manifest): each search and each page's suggestions are one GET /api/search, the
 * same engine over the same index on the server, so the results are those the index would give here.
 * The question's language goes with it (the server reads French and German questions as the widget would).
 */
import type { HelpwayApi } from './api-client.ts';
import type { PageContext, SearchHit, WidgetSearcher } from './search-service.ts';

/** The page as the query string carries it, within what the API accepts (the rare longer title is cut). */
function pageParams(context: PageContext | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const limits = { url: 2000, title: 300, heading: 300, context: 300 } as const;
  for (const key of Object.keys(limits) as Array<keyof typeof limits>) {
    const value = context?.[key];
    if (value) out[key] = value.slice(0, limits[key]);
  }
  return out;
}

export function remoteSearcher(api: HelpwayApi, lang: string): WidgetSearcher {
  const ask = (q: string, context: PageContext | undefined, limit: number, signal?: AbortSignal): Promise<SearchHit[]> =>
    api.search({ q, ...pageParams(context), lang, limit: String(limit) }, signal);
  return {
    remote: true,
    search: (query, options = {}) => ask(query, options.context, options.limit ?? 10, options.signal),
    suggest: (context, limit = 5, signal) => ask('', context, limit, signal),
  };
}
