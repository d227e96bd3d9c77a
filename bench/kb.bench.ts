/**
 * Page weight of the KB site: gzipped bytes a first visit downloads (HTML + CSS + JS + anything
 * else the page requests), measured in Chromium against kb-site/dist on a static server.
 * Budget: home and an article ≤ 50 KB gzipped, in each language (/fr/, /de/: a translated
 * article, and an untranslated one shown in English). The search page is listed too, before
 * and after its lazy engine + index load. Prints figures; never fails on them.
 *
 *   npm run build:site && node bench/kb.bench.ts
 */
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../test/support/browser.ts';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { KB_DIST, startStaticServer } from '../test/support/static-server.ts';

const BUDGET = 50 * 1024;

interface Weight {
  requests: number;
  raw: number;
  gzip: number;
  byType: Record<string, number>;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const server = await startStaticServer();
const browser = await launchBrowser();
try {
  const measure = async (
    path: string,
    after?: (page: import('playwright-core').Page) => Promise<void>,
    waitUntil: 'load' | 'networkidle' = 'networkidle',
  ): Promise<Weight> => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const bodies: Array<Promise<{ type: string; body: Buffer }>> = [];
    page.on('response', (response) => {
      if (response.status() >= 300 && response.status() < 400) return;
      const type = response.request().resourceType();
      bodies.push(
        response
          .body()
          .then((body) => ({ type, body }))
          .catch(() => ({ type, body: Buffer.alloc(0) })),
      );
    });
    await page.goto(server.url + path, { waitUntil });
    if (after) await after(page);
    const all = await Promise.all(bodies);
    await context.close();
    const weight: Weight = { requests: all.length, raw: 0, gzip: 0, byType: {} };
    for (const { type, body } of all) {
      const gz = gzipSync(body).length;
      weight.raw += body.length;
      weight.gzip += gz;
      weight.byType[type] = (weight.byType[type] ?? 0) + gz;
    }
    return weight;
  };

  const rows: Array<[string, Weight]> = [
    ['home  /', await measure('/')],
    ['article /articles/bulk-upload-users/', await measure('/articles/bulk-upload-users/')],
    ['article /articles/severity-levels/', await measure('/articles/severity-levels/')],
  ];
  for (const lang of ['fr', 'de']) {
    rows.push(
      [`home  /${lang}/`, await measure(`/${lang}/`)],
      [`article /${lang}/articles/bulk-upload-users/`, await measure(`/${lang}/articles/bulk-upload-users/`)],
      [`article /${lang}/articles/severity-levels/`, await measure(`/${lang}/articles/severity-levels/`)],
      [`article /${lang}/articles/cohorts/ (English fallback)`, await measure(`/${lang}/articles/cohorts/`)],
    );
  }
  rows.push(
    ['search page /search/ (engine + index lazy)', await measure('/search/')],
    [
      'search page after a query (engine + index loaded)',
      await measure('/search/?q=bulk%20upload', async (page) => {
        await page.locator('#results a').first().waitFor();
      }),
    ],
    ['search page /fr/search/ (engine + index lazy)', await measure('/fr/search/')],
  );
  // Every article (at `load`: they request nothing later), to name the heaviest against the budget.
  const slugs = (await readdir(path.join(KB_DIST, 'articles'), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  const articleWeights: Array<[string, number]> = [];
  for (const slug of slugs) articleWeights.push([slug, (await measure(`/articles/${slug}/`, undefined, 'load')).gzip]);
  articleWeights.sort((a, b) => a[1] - b[1]);
  const median = articleWeights[Math.floor(articleWeights.length / 2)];
  const heaviest = articleWeights.at(-1)!;

  console.log('KB site first-visit weight (gzip level 6, all requests of the page)');
  for (const [name, w] of rows) {
    const parts = Object.entries(w.byType)
      .map(([t, n]) => `${t} ${kb(n)}`)
      .join(', ');
    const verdict = name.startsWith('search page') ? '' : w.gzip <= BUDGET ? '  within 50 KB budget' : '  OVER 50 KB budget';
    console.log(`  ${name.padEnd(52)} ${kb(w.gzip).padStart(9)} gz (${kb(w.raw)} raw, ${w.requests} requests: ${parts})${verdict}`);
  }
  console.log(
    `  all ${articleWeights.length} articles: median ${kb(median[1])} gz, heaviest ${kb(heaviest[1])} gz (${heaviest[0]})${heaviest[1] <= BUDGET ? '  within 50 KB budget' : '  OVER 50 KB budget'}`,
  );
} finally {
  await browser.close();
  await server.close();
}
