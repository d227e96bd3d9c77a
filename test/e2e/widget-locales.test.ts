/**
 * Locales: French chosen by the host page's `<html lang>`, German by the element's `lang`
 * attribute; labels, the contact form and due dates (Intl) in that language, axe clean;
 * policy texts in the locale's own words where it has them, else English marked lang="en"
 * (articles too); an English session never downloads the other languages. The locales key their
 * policy words by textKey(English), each under a comment giving the English text: they agree.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { textKey } from '../../widget/src/panel/i18n.ts';
import fr from '../../widget/src/panel/locales/fr.ts';
import de from '../../widget/src/panel/locales/de.ts';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import type { TestServer } from '../support/api-server.ts';
import { axeViolations, newContext, startHelpwayForWidget, startHostServer, type HostServer } from './widget-support.ts';

let browser: Browser;
let server: TestServer;
let host: HostServer;

const page = (htmlLang: string, widgetAttrs: string) => `<!doctype html>
<html lang="${htmlLang}">
<head><meta charset="utf-8"><title>Utilisateurs | LMS</title>
<script type="module" src="${server.url}/widget.js"></script></head>
<body><main><h1>Upload users</h1></main><helpway-widget site="demo" ${widgetAttrs}></helpway-widget></body>
</html>`;

before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startHelpwayForWidget()]);
  host = await startHostServer({
    '/fr/': { body: page('fr', '') },
    '/de/': { body: page('en', 'lang="de"') },
    '/favicon.ico': { body: '' },
  });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await host?.close();
});

const CASES = [
  {
    locale: 'fr',
    path: '/fr/',
    launcher: 'Aide',
    search: 'Rechercher dans les articles d’aide',
    contact: 'Contacter le support',
    formTitle: 'Contacter le support',
    due: /Nous répondrons avant (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)/,
    type: /^Demande\b/,
    severity: /^S1 · Critique\b/,
  },
  {
    locale: 'de',
    path: '/de/',
    launcher: 'Hilfe',
    search: 'Hilfeartikel durchsuchen',
    contact: 'Support kontaktieren',
    formTitle: 'Support kontaktieren',
    due: /Wir antworten bis (Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)/,
    type: /^Anfrage\b/,
    severity: /^S1 · Kritisch\b/,
  },
];

for (const c of CASES) {
  test(`${c.locale}: labels, form and due dates in the page's language`, async () => {
    const context = await newContext(browser, { locale: 'en-GB' });
    const p = await context.newPage();
    const requested: string[] = [];
    p.on('request', (r) => requested.push(new URL(r.url()).pathname));
    // A policy text no locale has words for yet (as after rewording policy.yaml).
    await p.route('**/api/policy?*', async (route) => {
      const res = await route.fetch();
      const policy = await res.json();
      policy.ticketTypes[0].description = 'A reworded question type.';
      await route.fulfill({ response: res, json: policy });
    });
    await p.goto(`${host.url}${c.path}`);
    await p.getByRole('button', { name: c.launcher, exact: true }).click();
    const dialog = p.getByRole('dialog', { name: c.launcher });
    await dialog.getByRole('searchbox', { name: c.search }).waitFor();
    assert.ok(requested.some((r) => new RegExp(`/chunks/${c.locale}-`).test(r)), `the ${c.locale} messages were loaded`);
    await dialog.getByRole('list').first().getByRole('button').first().waitFor();
    assert.equal(await dialog.locator('ul.hits').first().getAttribute('lang'), 'en', 'the English article titles are marked as English');
    assert.deepEqual(await axeViolations(p), []);
    await dialog.getByRole('button', { name: c.contact }).click();
    const form = p.getByRole('dialog', { name: c.formTitle });
    await form.getByText(c.due).first().waitFor();
    await form.getByRole('radio', { name: c.type }).waitFor();
    await form.getByRole('radio', { name: c.severity }).waitFor();
    assert.equal(await form.locator('[lang="en"]', { hasText: 'A reworded question type.' }).count(), 1, 'an untranslated policy text is marked as English');
    assert.equal(await form.locator('[lang="en"]', { hasText: /^Critical$/ }).count(), 0);
    assert.deepEqual(await axeViolations(p), []);
    await context.close();
  });
}

test('an English session loads no other language', async () => {
  const context = await newContext(browser, { locale: 'en-GB' });
  const p = await context.newPage();
  const requested: string[] = [];
  p.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await p.goto(`${server.url}/demo/`);
  await p.getByRole('button', { name: 'Help', exact: true }).click();
  await p.getByRole('dialog', { name: 'Help' }).getByRole('button', { name: 'Contact support' }).click();
  await p.getByRole('dialog', { name: 'Contact support' }).getByLabel('Subject').waitFor();
  assert.deepEqual(requested.filter((r) => /\/chunks\/(fr|de)-/.test(r)), []);
  await context.close();
});

test('each locale word is keyed by textKey of the English text in its comment', () => {
  for (const [name, messages] of [['fr', fr], ['de', de]] as const) {
    const source = readFileSync(new URL(`../../widget/src/panel/locales/${name}.ts`, import.meta.url), 'utf8');
    const pairs = [...source.matchAll(/^ {4}\/\/ (.+)\n {4}'?([0-9a-z]+)'?: /gm)].map((m) => [m[1], m[2]]);
    const words = messages.words ?? {};
    assert.ok(pairs.length > 20, `${name}: policy words found`);
    assert.deepEqual(pairs.map(([, key]) => key).sort(), Object.keys(words).sort(), `${name}: every word has its English comment`);
    for (const [english, key] of pairs) assert.equal(textKey(english), key, `${name}: key of “${english}”`);
  }
  assert.notEqual(textKey('Critical'), textKey('Critical.'), 'a reworded text gets another key');
});
