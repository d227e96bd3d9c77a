/**
 * /search-index.json, shared by the search page and the widget: the prebuilt index, or, when it is
 * over the download budget, the manifest that sends searches to the API (content/search/build/ship-index.ts).
 */
import type { APIRoute } from 'astro';
import { shippedIndex } from '../lib/search-index.ts';

export const GET: APIRoute = async () => new Response((await shippedIndex()).client, { headers: { 'content-type': 'application/json' } });
