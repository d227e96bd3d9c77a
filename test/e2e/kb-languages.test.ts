/**
 * The KB in French and German: every page exists under /fr/ and /de/ with the right <html lang>,
 * hreflang alternates (en, fr, de, x-default) and an accessible language switcher (a nav of links,
 * each with lang and hreflang, the current one aria-current) that works from the keyboard; a
 * translated article in its language, an untranslated one in English marked lang="en" with a
 * notice in the page's language; search results leading to the language's pages; the policy
 * pages from the policy's translations; every page axe clean. The build publishes the language
 * JSON for the widget and a sitemap of every page in every language; a stale translation is
 * flagged in the build output (file and revision to write) and shown marked as possibly outdated.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { loadKnowledgeBase, type KnowledgeBase } from '#content/load.ts';
import { launchBrowser } from '../support/browser.ts';
import { KB_DIST, startStaticServer, type StaticServer } from '../support/static-server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const LANGS = ['en', 'fr', 'de'] as const;
const prefix = (lang: string) => (lang === 'en' ? '' : `/${lang}`);

let browser: Browser;
let server: StaticServer;
let kb: KnowledgeBase;
/** An article with no French nor German translation. */
let untranslated: string;
before(async () => {
  [browser, server, kb] = await Promise.all([launchBrowser(), startStaticServer(), loadKnowledgeBase()]);
  untranslated = kb.articles.find((a) => !kb.translations.some((t) => t.slug === a.slug))!.slug;
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const translationOf = (slug: string, lang: string) => kb.translations.find((t) => t.slug === slug && t.lang === lang);

async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

async function withPage(run: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext();
  try {
    await run(await context.newPage());
  } finally {
    await context.close();
  }
}

/** The page's language facts: <html lang>, its hreflang links, and its switcher. */
async function languageFacts(page: Page) {
  return page.evaluate(() => ({
    lang: document.documentElement.lang,
    alternates: [...document.querySelectorAll('link[rel="alternate"][hreflang]')].map((l) => [
      l.getAttribute('hreflang'),
      l.getAttribute('href'),
    ]),
    switcher: [...document.querySelectorAll('nav.languages a')].map((a) => [
      a.textContent?.trim(),
      a.getAttribute('href'),
      a.getAttribute('lang'),
      a.getAttribute('hreflang'),
      a.getAttribute('aria-current'),
    ]),
  }));
}

describe('KB pages in French and German', () => {
  test('every page of each language has its <html lang>, hreflang alternates and a switcher marking the current language', async () => {
    await withPage(async (page) => {
      for (const path of ['/', '/articles/bulk-upload-users/', `/articles/${untranslated}/`, '/support/hours/', '/search/']) {
        for (const lang of LANGS) {
          await page.goto(`${server.url}${prefix(lang)}${path}`);
          const facts = await languageFacts(page);
          assert.equal(facts.lang, lang, `${lang} ${path}: <html lang>`);
          assert.deepEqual(
            facts.alternates,
            [
              ['en', path],
              ['fr', `/fr${path}`],
              ['de', `/de${path}`],
              ['x-default', path],
            ],
            `${lang} ${path}: hreflang`,
          );
          assert.deepEqual(
            facts.switcher,
            [
              ['English', path, 'en', 'en', lang === 'en' ? 'page' : null],
              ['Français', `/fr${path}`, 'fr', 'fr', lang === 'fr' ? 'page' : null],
              ['Deutsch', `/de${path}`, 'de', 'de', lang === 'de' ? 'page' : null],
            ],
            `${lang} ${path}: switcher`,
          );
        }
      }
      await page.goto(`${server.url}/fr/`);
      assert.equal(await page.getByRole('navigation', { name: 'Langue' }).count(), 1, 'the switcher is a nav named in the page language');
      await page.goto(`${server.url}/de/`);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Wie können wir helfen?');
    });
  });

  test('the switcher works from the keyboard: Tab to "Français", Enter, and the same article opens in French', async () => {
    await withPage(async (page) => {
      await page.goto(`${server.url}/articles/bulk-upload-users/`);
      let focused = '';
      for (let i = 0; i < 30 && focused !== 'Français'; i++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
      }
      assert.equal(focused, 'Français', 'the French link is reached with Tab');
      await Promise.all([page.waitForURL(`${server.url}/fr/articles/bulk-upload-users/`), page.keyboard.press('Enter')]);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), translationOf('bulk-upload-users', 'fr')!.title);
    });
  });

  test('a translated article is in its language; an untranslated one is English, marked lang="en", with a notice in the page language', async () => {
    await withPage(async (page) => {
      await page.goto(`${server.url}/de/articles/bulk-upload-users/`);
      const h1 = page.getByRole('heading', { level: 1 });
      assert.equal(await h1.textContent(), translationOf('bulk-upload-users', 'de')!.title);
      assert.equal(await h1.getAttribute('lang'), null);
      assert.equal(await page.locator('main article [lang="en"]').count(), 0, 'nothing English in a translated article');
      // Related articles not translated yet are listed in English, marked so.
      const related = await page
        .getByRole('navigation', { name: 'Verwandte Artikel' })
        .getByRole('listitem')
        .evaluateAll((lis) => lis.map((li) => [li.querySelector('a')!.getAttribute('href')!.split('/')[3], li.getAttribute('lang')]));
      assert.ok(related.length > 0);
      for (const [slug, lang] of related) assert.equal(lang, translationOf(slug!, 'de') ? null : 'en', `related ${slug}`);
      assert.equal(await page.getByRole('note').count(), 0, 'no notice');
      await page.getByRole('button', { name: 'Ja' }).waitFor(); // the feedback form, in German
      assert.deepEqual(await axeViolations(page), [], 'translated article');
      const links = await page.locator('.article-text a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(links.length > 0 && links.every((href) => href!.startsWith('/de/')), `links stay in German: ${links.join(', ')}`);

      const english = kb.articles.find((a) => a.slug === untranslated)!;
      for (const [lang, notice] of [
        ['fr', 'Cet article n’est pas encore traduit en français : en voici la version anglaise.'],
        ['de', 'Dieser Artikel ist noch nicht ins Deutsche übersetzt: Hier ist die englische Fassung.'],
      ]) {
        await page.goto(`${server.url}/${lang}/articles/${untranslated}/`);
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        assert.equal(await page.getByRole('note').textContent(), notice);
        assert.equal(await h1.textContent(), english.title);
        assert.equal(await h1.getAttribute('lang'), 'en');
        assert.equal(await page.locator('.article-text').getAttribute('lang'), 'en');
        assert.equal(await page.locator('.article-text h2').first().textContent(), english.headings.find((h) => h.depth === 2)!.text);
        assert.deepEqual(await axeViolations(page), [], `${lang} fallback article`);
      }
    });
  });

  test('home, category, search and policy pages in French and German are axe clean, in their language', async () => {
    await withPage(async (page) => {
      for (const lang of ['fr', 'de']) {
        for (const path of [
          '/',
          '/categories/users-and-enrolment/',
          '/support/hours/',
          '/support/channels/',
          '/support/scope/',
          '/support/plans/',
          '/install-widget/',
        ]) {
          await page.goto(`${server.url}/${lang}${path}`);
          assert.deepEqual(await axeViolations(page), [], `${lang}${path}`);
        }
      }
      await page.goto(`${server.url}/fr/support/hours/`);
      const hours = (await page.locator('main').textContent()) ?? '';
      assert.match(hours, /Du lundi au vendredi, 09:00–17:00, heure du Royaume-Uni/);
      assert.match(hours, /S1 Critique/);
      assert.ok(!/working hours?/.test(hours), 'no English policy words');
      await page.goto(`${server.url}/de/support/plans/`);
      assert.match((await page.locator('main').textContent()) ?? '', /Dedizierter Prioritäts-Support/);
      await page.goto(`${server.url}/de/install-widget/`);
      assert.equal(await page.locator('pre code').count(), 2, 'the snippets are on the German install page too');
      assert.match((await page.locator('main').textContent()) ?? '', /Website-Administration → Darstellung → Zusätzliches HTML/);
    });
  });

  test('on a phone, French and German pages (longer words) do not scroll sideways', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    try {
      const page = await context.newPage();
      for (const path of [
        '/fr/',
        '/de/',
        '/fr/articles/bulk-upload-users/',
        '/de/articles/microsoft-sso/',
        '/de/support/hours/',
        '/fr/search/',
      ]) {
        await page.goto(`${server.url}${path}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 1, `${path} scrolls sideways by ${overflow}px`);
      }
    } finally {
      await context.close();
    }
  });

  test('search in French leads to French pages, translated titles shown, untranslated ones marked English', async () => {
    await withPage(async (page) => {
      await page.goto(`${server.url}/fr/search/?q=bulk%20upload%20users`);
      const results = page.getByRole('list', { name: 'Résultats de recherche' }).getByRole('link');
      await results.first().waitFor();
      const hits = await results.evaluateAll((as) =>
        as.map((a) => ({
          href: a.getAttribute('href')!,
          title: a.querySelector('.title')!.textContent,
          lang: a.querySelector('.title')!.getAttribute('lang'),
        })),
      );
      assert.ok(
        hits.every((h) => h.href.startsWith('/fr/articles/')),
        JSON.stringify(hits),
      );
      const bulk = hits.find((h) => h.href === '/fr/articles/bulk-upload-users/');
      assert.deepEqual(bulk, {
        href: '/fr/articles/bulk-upload-users/',
        title: translationOf('bulk-upload-users', 'fr')!.title,
        lang: null,
      });
      for (const h of hits.filter((x) => !translationOf(x.href.split('/')[3], 'fr')))
        assert.equal(h.lang, 'en', `${h.href} is marked English`);
      // The count is announced (after a short pause) in French.
      await page
        .getByRole('status')
        .filter({ hasText: /^\d+ résultats? pour « bulk upload users »$/ })
        .waitFor();
      assert.deepEqual(await axeViolations(page), [], 'French search with results');
    });
  });
});

describe('KB build output in French and German', () => {
  test('every article has a page and a JSON view per language; the language JSON says which language its text is in', async () => {
    for (const a of kb.articles) {
      for (const lang of ['fr', 'de']) {
        assert.ok(existsSync(path.join(KB_DIST, lang, 'articles', a.slug, 'index.html')), `${lang} page for ${a.slug}`);
        const json = JSON.parse(await readFile(path.join(KB_DIST, lang, 'articles', `${a.slug}.json`), 'utf8'));
        const t = translationOf(a.slug, lang);
        assert.deepEqual(Object.keys(json).sort(), ['category', 'html', 'lang', 'outdated', 'slug', 'summary', 'title', 'updated', 'url']);
        assert.equal(json.lang, t ? lang : 'en', `${lang}/${a.slug}.json lang`);
        assert.equal(json.title, t ? t.title : a.title);
        assert.equal(json.url, `/${lang}/articles/${a.slug}/`);
        assert.equal(json.outdated, false);
        assert.ok(!json.html.includes('href="/articles/'), `${lang}/${a.slug}.json links lead to ${lang} pages`);
      }
    }
    // The English view is unchanged: no language fields.
    const en = JSON.parse(await readFile(path.join(KB_DIST, 'articles', 'bulk-upload-users.json'), 'utf8'));
    assert.deepEqual(Object.keys(en).sort(), ['category', 'html', 'slug', 'summary', 'title', 'updated', 'url']);
  });

  test('the sitemap lists every page in every language, with its alternates', async () => {
    const xml = await readFile(path.join(KB_DIST, 'sitemap.xml'), 'utf8');
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
    const pages = [
      '/',
      '/search/',
      '/install-widget/',
      '/support/hours/',
      ...kb.categories.map((c) => `/categories/${c.id}/`),
      ...kb.articles.map((a) => `/articles/${a.slug}/`),
    ];
    for (const p of pages) for (const lang of LANGS) assert.ok(locs.includes(`${prefix(lang)}${p}`), `sitemap has ${prefix(lang)}${p}`);
    assert.equal(locs.length, new Set(locs).size, 'no page twice');
    const entry = xml.split('<url>').find((u) => u.includes('/fr/articles/bulk-upload-users/</loc>'))!;
    for (const lang of ['en', 'fr', 'de', 'x-default'])
      assert.match(
        entry,
        new RegExp(
          `hreflang="${lang}" href="http[^"]+/(${lang === 'en' || lang === 'x-default' ? '' : `${lang}/`})articles/bulk-upload-users/"`,
        ),
      );
  });

  test('a stale translation is flagged in the build output and shown, marked as possibly outdated', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'helpway-kb-stale-'));
    try {
      await cp(path.join(ROOT, 'content'), path.join(dir, 'content'), {
        recursive: true,
        filter: (src) => !src.startsWith(path.join(ROOT, 'content', 'src')),
      });
      const englishFile = path.join(dir, 'content/articles/site-administration/maintenance-mode.md');
      await writeFile(englishFile, `${await readFile(englishFile, 'utf8')}\nA paragraph added after the translations were made.\n`);
      const result = spawnSync(
        process.execPath,
        [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--root', 'kb-site', '--outDir', path.join(dir, 'dist')],
        {
          cwd: ROOT,
          env: { ...process.env, HELPWAY_CONTENT_DIR: path.join(dir, 'content'), NO_COLOR: '1' },
          encoding: 'utf8',
          timeout: 180_000,
        },
      );
      const output = result.stdout + result.stderr;
      assert.equal(result.status, 0, `the build still succeeds:\n${output}`);
      const stale = await loadKnowledgeBase(path.join(dir, 'content'));
      for (const lang of ['fr', 'de']) {
        const t = stale.translations.find((x) => x.slug === 'maintenance-mode' && x.lang === lang)!;
        assert.equal(t.stale, true);
        assert.ok(
          output.includes(`translations/${lang}/maintenance-mode.md: sourceRevision: stale:`) &&
            output.includes(`set sourceRevision to "${t.currentRevision}"`),
          `the build names ${lang}/maintenance-mode.md and the revision to write:\n${output}`,
        );
      }
      const page = await readFile(path.join(dir, 'dist/fr/articles/maintenance-mode/index.html'), 'utf8');
      assert.match(
        page,
        /<p class="notice" role="note">Cette traduction n’est peut-être plus à jour : l’<a href="\/articles\/maintenance-mode\/" hreflang="en">article anglais<\/a> a été modifié depuis\.<\/p>/,
      );
      assert.match(
        page,
        new RegExp(`<h1 id="article-title">${translationOf('maintenance-mode', 'fr')!.title}</h1>`),
        'the translation is still served',
      );
      const json = JSON.parse(await readFile(path.join(dir, 'dist/de/articles/maintenance-mode.json'), 'utf8'));
      assert.deepEqual([json.lang, json.outdated], ['de', true]);
      const current = await readFile(path.join(dir, 'dist/fr/articles/site-logs/index.html'), 'utf8');
      assert.ok(!current.includes('class="notice"'), 'a current translation has no notice');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
