/**
 * The widget shows an article in its UI language: a French widget fetches /fr/articles/<slug>.json
 * and shows the French translation (nothing marked English); an article not translated yet comes
 * in English inside the French widget, its title and text marked lang="en"; its knowledge-base
 * link leads to the French page; an English widget keeps fetching /articles/<slug>.json. Axe clean.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { loadKnowledgeBase, type KnowledgeBase } from '../../content/src/load.ts';
import { launchBrowser } from '../support/browser.ts';
import type { TestServer } from '../support/api-server.ts';
import { axeViolations, newContext, startHelpwayForWidget, startHostServer, type HostServer } from './widget-support.ts';

let browser: Browser;
let server: TestServer;
let host: HostServer;
let kb: KnowledgeBase;

const page = (htmlLang: string) => `<!doctype html>
<html lang="${htmlLang}">
<head><meta charset="utf-8"><title>Utilisateurs | LMS</title>
<script type="module" src="${server.url}/widget.js"></script></head>
<body><main><h1>LMS</h1></main><helpway-widget site="demo"></helpway-widget></body>
</html>`;

before(async () => {
  [browser, server, kb] = await Promise.all([launchBrowser(), startHelpwayForWidget(), loadKnowledgeBase()]);
  host = await startHostServer({ '/fr/': { body: page('fr') }, '/en/': { body: page('en') }, '/favicon.ico': { body: '' } });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await host?.close();
});

test('a French widget shows the French article, and an untranslated one in English marked lang="en"', async () => {
  const french = kb.translations.find((t) => t.slug === 'bulk-upload-users' && t.lang === 'fr')!;
  assert.ok(french, 'bulk-upload-users is translated into French');
  assert.ok(!kb.translations.some((t) => t.slug === 'cohorts'), 'cohorts is not translated');
  const cohorts = kb.articles.find((a) => a.slug === 'cohorts')!;

  const context = await newContext(browser);
  const p = await context.newPage();
  const fetched: string[] = [];
  p.on('request', (r) => {
    const { pathname } = new URL(r.url());
    if (pathname.endsWith('.json') && pathname.includes('/articles/')) fetched.push(pathname);
  });
  try {
    await p.goto(`${host.url}/fr/`);
    await p.getByRole('button', { name: 'Aide', exact: true }).click();
    const dialog = p.getByRole('dialog', { name: 'Aide' });
    const box = dialog.getByRole('searchbox', { name: 'Rechercher dans les articles d’aide' });

    await box.fill('bulk upload users csv');
    await dialog
      .getByRole('button', { name: /bulk upload users/i })
      .first()
      .click();
    const title = dialog.getByRole('heading', { name: french.title });
    await title.waitFor();
    assert.equal(await title.getAttribute('lang'), null, 'the French title is not marked English');
    assert.equal(await dialog.locator('.article-body').getAttribute('lang'), null, 'nor is the French text');
    assert.match((await dialog.locator('.article-body').textContent()) ?? '', /Préparer le fichier/);
    assert.match(
      (await dialog.getByRole('link', { name: 'Ouvrir dans la base de connaissances' }).getAttribute('href')) ?? '',
      /\/fr\/articles\/bulk-upload-users\/$/,
    );
    assert.deepEqual(await axeViolations(p), [], 'French article');

    await dialog.getByRole('button', { name: 'Retour' }).click();
    await box.fill('cohorts');
    await dialog
      .getByRole('button', { name: new RegExp(cohorts.title.slice(0, 12), 'i') })
      .first()
      .click();
    const english = dialog.getByRole('heading', { name: cohorts.title });
    await english.waitFor();
    assert.equal(await english.getAttribute('lang'), 'en', 'the English title is marked so');
    assert.equal(await dialog.locator('.article-body').getAttribute('lang'), 'en', 'and its text');
    assert.deepEqual(await axeViolations(p), [], 'English article in the French widget');

    assert.deepEqual(fetched, ['/fr/articles/bulk-upload-users.json', '/fr/articles/cohorts.json']);
  } finally {
    await context.close();
  }
});

test('an English widget fetches the English article, unmarked', async () => {
  const context = await newContext(browser);
  const p = await context.newPage();
  const fetched: string[] = [];
  p.on('request', (r) => {
    const { pathname } = new URL(r.url());
    if (pathname.endsWith('.json') && pathname.includes('/articles/')) fetched.push(pathname);
  });
  try {
    await p.goto(`${host.url}/en/`);
    await p.getByRole('button', { name: 'Help', exact: true }).click();
    const dialog = p.getByRole('dialog', { name: 'Help' });
    await dialog.getByRole('searchbox', { name: 'Search help articles' }).fill('bulk upload users csv');
    await dialog
      .getByRole('button', { name: /bulk upload users/i })
      .first()
      .click();
    const title = dialog.getByRole('heading', { name: kb.articles.find((a) => a.slug === 'bulk-upload-users')!.title });
    await title.waitFor();
    assert.equal(await title.getAttribute('lang'), null);
    assert.equal(await dialog.locator('.article-body').getAttribute('lang'), null);
    assert.deepEqual(fetched, ['/articles/bulk-upload-users.json']);
  } finally {
    await context.close();
  }
});
