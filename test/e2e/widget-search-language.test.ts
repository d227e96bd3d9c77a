/**
 * Search in the widget's language: a French widget (the page's `<html lang>`) and a German one (the
 * element's `lang`) find the English articles from questions in their language, through the
 * language part they load on first use (/search-language-<lang>.json and its reading code); an
 * English session never downloads one, and a widget whose part cannot load still searches in
 * English. In real Chromium, against the real server and the built KB.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import type { TestServer } from '../support/api-server.ts';
import { axeViolations, newContext, startHelpwayForWidget, startHostServer, type HostServer } from './widget-support.ts';

let browser: Browser;
let server: TestServer;
let host: HostServer;

const page = (htmlLang: string, widgetAttrs: string, title: string) => `<!doctype html>
<html lang="${htmlLang}">
<head><meta charset="utf-8"><title>${title}</title>
<script type="module" src="${server.url}/widget.js"></script></head>
<body><main><h1>${title}</h1></main><helpway-widget site="demo" ${widgetAttrs}></helpway-widget></body>
</html>`;

before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startHelpwayForWidget()]);
  host = await startHostServer({
    '/fr/': { body: page('fr', '', 'Tableau de bord') },
    '/de/': { body: page('en', 'lang="de"', 'Dashboard') },
    '/en/': { body: page('en', '', 'Dashboard') },
    '/favicon.ico': { body: '' },
  });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await host?.close();
});

/** Opens the widget on `path`, types `query`, and returns the titles of the results (once `first` shows) and the paths requested. */
async function searchIn(p: Page, path: string, launcher: string, box: string, query: string, first: RegExp) {
  const requested: string[] = [];
  p.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await p.goto(`${host.url}${path}`);
  await p.getByRole('button', { name: launcher, exact: true }).click();
  const dialog = p.getByRole('dialog', { name: launcher });
  await dialog.getByRole('searchbox', { name: box }).fill(query);
  const hits = dialog.locator('ul.hits .hit-title');
  await dialog.locator('ul.hits .hit-title', { hasText: first }).first().waitFor();
  return { titles: await hits.allTextContents(), requested };
}

const languageParts = (requested: string[]) => requested.filter((r) => /^\/search-language-|\/chunks\/lang-searcher-/.test(r));

test('a French widget finds the English article from a French question, with the French part only', async () => {
  const context = await newContext(browser);
  const p = await context.newPage();
  const { titles, requested } = await searchIn(
    p,
    '/fr/',
    'Aide',
    'Rechercher dans les articles d’aide',
    "réinitialiser le mot de passe d'un utilisateur",
    /Reset a user's password/,
  );
  assert.match(titles[0], /Reset a user's password as an admin/);
  assert.ok(requested.includes('/search-language-fr.json'), 'the French part was fetched');
  assert.ok(
    requested.some((r) => /\/chunks\/lang-searcher-/.test(r)),
    'its reading code came as a chunk of its own',
  );
  assert.ok(!requested.includes('/search-language-de.json'), 'not the German one');
  assert.deepEqual(await axeViolations(p), []);
  await context.close();
});

test('a German widget finds the English article from a German question (compounds included)', async () => {
  const context = await newContext(browser);
  const p = await context.newPage();
  const { titles, requested } = await searchIn(
    p,
    '/de/',
    'Hilfe',
    'Hilfeartikel durchsuchen',
    'Benutzer per CSV-Datei hochladen',
    /Bulk upload users/,
  );
  assert.match(titles[0], /Bulk upload users from a CSV file/);
  const box = p.getByRole('dialog', { name: 'Hilfe' }).getByRole('searchbox', { name: 'Hilfeartikel durchsuchen' });
  await box.fill('Wartungsmodus aktivieren');
  await p
    .locator('helpway-widget')
    .locator('ul.hits .hit-title')
    .first()
    .filter({ hasText: /maintenance mode/ })
    .waitFor();
  assert.ok(requested.includes('/search-language-de.json'), 'the German part was fetched');
  assert.ok(!requested.includes('/search-language-fr.json'), 'not the French one');
  await context.close();
});

test('an English session downloads no language part', async () => {
  const context = await newContext(browser);
  const p = await context.newPage();
  const { titles, requested } = await searchIn(p, '/en/', 'Help', 'Search help articles', 'upload users from a csv file', /Bulk upload/);
  assert.match(titles[0], /Bulk upload users/);
  assert.deepEqual(languageParts(requested), []);
  await context.close();
});

test('without its language part, a French widget still searches (in English)', async () => {
  const context = await newContext(browser);
  const p = await context.newPage();
  await p.route('**/search-language-fr.json', (route) => route.fulfill({ status: 503, body: 'unavailable' }));
  const { titles } = await searchIn(
    p,
    '/fr/',
    'Aide',
    'Rechercher dans les articles d’aide',
    'upload users from a csv file',
    /Bulk upload/,
  );
  assert.match(titles[0], /Bulk upload users/);
  assert.equal(await p.getByRole('dialog', { name: 'Aide' }).getByRole('alert').count(), 0, 'no error is shown');
  await context.close();
});
