/**
 * The search index's language parts, one file per language (/search-language-fr.json, -de.json):
 * fetched only by a page or widget that speaks that language, beside /search-index.json.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { buildLanguagePack, LANGUAGE_SOURCES } from '#search-build/language-pack.ts';

export const getStaticPaths: GetStaticPaths = () =>
  LANGUAGE_SOURCES.map((source) => ({ params: { lang: source.lang }, props: { source } }));

export const GET: APIRoute = ({ props }) =>
  new Response(JSON.stringify(buildLanguagePack(props.source)), { headers: { 'content-type': 'application/json' } });
