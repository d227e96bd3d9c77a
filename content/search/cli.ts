/**
 * `npm run --silent search -- "<query>" [--url <page url>] [--title <page title>] [--lang fr|de|en] [--json]`
 * `npm run --silent search -- --batch questions.jsonl`
 *
 * Builds the index from content/ with the code the KB site uses, round-trips it through JSON
 * (exactly what the widget downloads) and searches it with the widget's engine.
 * Output (contract 1 of docs/architecture.md): a JSON array, best first, at most 10:
 * `[{"slug": "...", "title": "...", "score": 0.0}]`; with --batch, one array per input line.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadKnowledgeBase } from '#content/load.ts';
import { buildSearchIndex } from '#search-build/build-index.ts';
import { createSearcher, type PageContext, type SearchHit, type Searcher } from '#search/engine.ts';
import { loadQueryLanguages, QUERY_LANGUAGES } from './query-languages.ts';

const USAGE = `Usage:
  npm run --silent search -- "<query>" [--url <page url>] [--title <page title>] [--lang fr|de|en] [--json]
  npm run --silent search -- "" --url /admin/user/user_bulk.php --json   (suggestions for a page)
  npm run --silent search -- --batch <file.jsonl>   (one {"q", "url"?, "title"?, "lang"?} per line; prints one JSON array per line)
Options:
  --url <url>       the LMS page the user is on (relative or absolute)
  --title <title>   that page's title
  --heading <text>  the page's main heading
  --lang <lang>     the language of the query and page: ${QUERY_LANGUAGES.join(', ')} (default: detected from the query)
  --limit <n>       results to show, 1-10 (default 10)
  --json            print JSON (always on with --batch)
  -h, --help        this help`;

class UsageError extends Error {}

const MAX_RESULTS = 10;

function run(searcher: Searcher, q: string, context: PageContext, limit: number): SearchHit[] {
  const hasContext = !!(context.url || context.title || context.heading);
  if (!q.trim()) return hasContext ? searcher.suggest(context, limit) : [];
  return searcher.search(q, { context: hasContext ? context : undefined, limit });
}

function checkLang(lang: string | undefined, where: string): string | undefined {
  if (lang !== undefined && !QUERY_LANGUAGES.includes(lang))
    throw new UsageError(`${where} must be one of ${QUERY_LANGUAGES.join(', ')}, got "${lang}"`);
  return lang;
}

const contractView = (hits: SearchHit[]) => hits.map((h) => ({ slug: h.slug, title: h.title, score: h.score }));

function parseBatchLine(line: string, lineNo: number, file: string): { q: string; context: PageContext; lang?: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new UsageError(
      `${file}:${lineNo}: not valid JSON (${(error as Error).message}); write one object per line like {"q": "reset a password"}`,
    );
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(`${file}:${lineNo}: expected an object like {"q": "...", "url"?: "...", "title"?: "...", "lang"?: "fr"}`);
  const v = value as Record<string, unknown>;
  for (const key of ['q', 'url', 'title', 'heading', 'lang'] as const) {
    if (v[key] !== undefined && typeof v[key] !== 'string') throw new UsageError(`${file}:${lineNo}: "${key}" must be a string`);
  }
  return {
    q: (v.q as string | undefined) ?? '',
    context: { url: v.url as string | undefined, title: v.title as string | undefined, heading: v.heading as string | undefined },
    lang: checkLang(v.lang as string | undefined, `${file}:${lineNo}: "lang"`),
  };
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        title: { type: 'string' },
        heading: { type: 'string' },
        batch: { type: 'string' },
        limit: { type: 'string' },
        lang: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  let limit = MAX_RESULTS;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RESULTS)
      throw new UsageError(`--limit must be a whole number from 1 to ${MAX_RESULTS}, got "${values.limit}"`);
  }
  if (values.batch !== undefined && positionals.length) throw new UsageError(`give either a query or --batch, not both\n\n${USAGE}`);
  if (positionals.length > 1) throw new UsageError(`give the query as one argument (quote it): "${positionals.join(' ')}"\n\n${USAGE}`);
  const lang = checkLang(values.lang, '--lang');
  const query = positionals[0] ?? '';
  const context: PageContext = { url: values.url, title: values.title, heading: values.heading };
  if (values.batch === undefined && !query.trim() && !context.url && !context.title && !context.heading) {
    throw new UsageError(`give a query, or --url/--title for the suggestions of a page\n\n${USAGE}`);
  }

  let batchLines: string[] | undefined;
  if (values.batch !== undefined) {
    let source: string;
    try {
      source = await readFile(values.batch, 'utf8');
    } catch (error) {
      throw new UsageError(
        `cannot read --batch file "${values.batch}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    batchLines = source.split(/\r?\n/);
  }
  // Check every line before the (slower) content load, so a bad file fails at once.
  const batch = batchLines
    ?.map((line, i) => (line.trim() ? parseBatchLine(line, i + 1, values.batch!) : undefined))
    .filter((c) => c !== undefined);

  const kb = await loadKnowledgeBase();
  // Round-trip through JSON: search exactly what the widget and the KB site download.
  const index = JSON.parse(JSON.stringify(buildSearchIndex(kb.articles)));
  const searcher = createSearcher(index);
  // The query's language: --lang (or a batch line's "lang"), else detected from the query (or the page title).
  const languages = loadQueryLanguages(searcher, index);
  const searcherFor = (q: string, c: PageContext, l: string | undefined) =>
    languages.searcher(languages.detect(q.trim() || c.title || c.heading || '', l));

  if (batch) {
    const out = batch.map(({ q, context: c, lang: l }) => JSON.stringify(contractView(run(searcherFor(q, c, l ?? lang), q, c, limit))));
    process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
    return 0;
  }

  const hits = run(searcherFor(query, context, lang), query, context, limit);
  if (values.json) {
    process.stdout.write(JSON.stringify(contractView(hits)) + '\n');
  } else if (!hits.length) {
    process.stdout.write('No articles found.\n');
  } else {
    hits.forEach((h, i) => process.stdout.write(`${String(i + 1).padStart(2)}. ${h.score.toFixed(3)}  ${h.slug}  —  ${h.title}\n`));
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`search: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`search: ${(error as Error).message ?? String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
