/**
 * /search-index-full.json: the whole index, written only when it is over the download budget, for
 * the API to answer GET /api/search from (content/search/build/ship-index.ts). Under the budget
 * /search-index.json is the whole index and this file is not written.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { shippedIndex } from '../lib/search-index.ts';

export const getStaticPaths: GetStaticPaths = async () => ((await shippedIndex()).full ? [{ params: { part: 'full' } }] : []);

export const GET: APIRoute = async () => new Response((await shippedIndex()).full, { headers: { 'content-type': 'application/json' } });
