/**
 * Locales: French chosen by the host page's `<html lang>`, German by the element's `lang`
 * attribute; labels, the contact form and due dates (Intl) in that language, axe clean;
 * policy texts as the API serves them in that language (GET /api/policy?lang=, scope check with
 * lang), and those it has only in English (a stale translation) marked lang="en" (articles too);
 * a session downloads only its own language's messages (English ones too), fetched beside the
 * panel chunk, and open() waits for them.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { CONTENT_DIR, loadPolicy, loadPolicyTranslations } from '../../content/src/load.ts';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import type { TestServer } from '../support/api-server.ts';
import { axeViolations, newContext, startHelpwayForWidget, startHostServer, type HostServer } from './widget-support.ts';

let browser: Browser;
let server: TestServer;
let host: HostServer;
let policyDir: string;
const { translations } = await loadPolicyTranslations(await loadPolicy());
const tr = (lang: 'fr' | 'de', key: string): string => translations[lang]![key].text;

const page = (htmlLang: string, widgetAttrs: string) => `<!doctype html>
<html lang="${htmlLang}">
<head><meta charset="utf-8"><title>Utilisateurs | LMS</title>
<script type="module" src="${server.url}/widget.js"></script></head>
<body><main><h1>Upload users</h1></main><helpway-widget site="demo" ${widgetAttrs}></helpway-widget></body>
</html>`;

before(async () => {
  // The shipped policy and translations, but the query type reworded since it was translated.
  policyDir = mkdtempSync(path.join(tmpdir(), 'helpway-locales-'));
  const doc = parse(readFileSync(path.join(CONTENT_DIR, 'policy.yaml'), 'utf8'));
  doc.ticketTypes.find((t: { id: string }) => t.id === 'query').description = 'A reworded question type.';
  writeFileSync(path.join(policyDir, 'policy.yaml'), stringify(doc));
  for (const lang of ['fr', 'de']) copyFileSync(path.join(CONTENT_DIR, `policy.${lang}.yaml`), path.join(policyDir, `policy.${lang}.yaml`));
  [browser, server] = await Promise.all([
    launchBrowser(),
    startHelpwayForWidget({ env: { HELPWAY_POLICY_FILE: path.join(policyDir, 'policy.yaml') } }),
  ]);
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
  if (policyDir) rmSync(policyDir, { recursive: true, force: true });
});

const CASES = [
  {
    locale: 'fr' as const,
    path: '/fr/',
    launcher: 'Aide',
    search: 'Rechercher dans les articles d’aide',
    contact: 'Contacter le support',
    formTitle: 'Contacter le support',
    due: /Nous répondrons avant (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)/,
    type: /^Demande\b/,
    severity: /^S1 · Critique\b/,
    subject: 'Objet',
  },
  {
    locale: 'de' as const,
    path: '/de/',
    launcher: 'Hilfe',
    search: 'Hilfeartikel durchsuchen',
    contact: 'Support kontaktieren',
    formTitle: 'Support kontaktieren',
    due: /Wir antworten bis (Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)/,
    type: /^Anfrage\b/,
    severity: /^S1 · Kritisch\b/,
    subject: 'Betreff',
  },
];

for (const c of CASES) {
  test(`${c.locale}: labels, form and due dates in the page's language`, async () => {
    const context = await newContext(browser, { locale: 'en-GB' });
    const p = await context.newPage();
    const requested: string[] = [];
    const policyAsked: string[] = [];
    p.on('request', (r) => {
      const url = new URL(r.url());
      requested.push(url.pathname);
      if (url.pathname === '/api/policy') policyAsked.push(url.searchParams.get('lang') ?? '');
    });
    await p.goto(`${host.url}${c.path}`);
    await p.getByRole('button', { name: c.launcher, exact: true }).click();
    const dialog = p.getByRole('dialog', { name: c.launcher });
    await dialog.getByRole('searchbox', { name: c.search }).waitFor();
    assert.ok(
      requested.some((r) => new RegExp(`/chunks/${c.locale}-`).test(r)),
      `the ${c.locale} messages were loaded`,
    );
    assert.deepEqual(
      requested.filter((r) => /\/chunks\/en-/.test(r)),
      [],
      'the English messages are not downloaded',
    );
    await dialog.getByRole('list').first().getByRole('button').first().waitFor();
    assert.equal(await dialog.locator('ul.hits').first().getAttribute('lang'), 'en', 'the English article titles are marked as English');
    assert.deepEqual(await axeViolations(p), []);
    await dialog.getByRole('button', { name: c.contact }).click();
    const form = p.getByRole('dialog', { name: c.formTitle });
    await form.getByText(c.due).first().waitFor();
    await form.getByRole('radio', { name: c.type }).waitFor();
    await form.getByRole('radio', { name: c.severity }).waitFor();
    assert.deepEqual(policyAsked, [c.locale], "the policy is asked for in the widget's language");
    assert.equal(
      await form.locator('[lang="en"]', { hasText: 'A reworded question type.' }).count(),
      1,
      'a policy text with a stale translation is served in English and marked so',
    );
    assert.equal(await form.getByText(tr(c.locale, 'ticketTypes.request.description')).count(), 1, 'the other texts as served');
    assert.equal(await form.locator('[lang="en"]', { hasText: /^Critical$/ }).count(), 0);
    // The scope check answers in the same language.
    await form.getByLabel(c.subject).fill('learner password');
    await form.getByText(tr(c.locale, 'scope.learner-password.who')).waitFor();
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
  assert.deepEqual(
    requested.filter((r) => /\/chunks\/(fr|de)-/.test(r)),
    [],
  );
  assert.equal(requested.filter((r) => /\/chunks\/en-/.test(r)).length, 1, 'the English messages were loaded once');
  await context.close();
});

test('the messages load beside the panel chunk, and open() waits for them, then opens and focuses', async () => {
  const context = await newContext(browser, { locale: 'en-GB' });
  const p = await context.newPage();
  const requested: string[] = [];
  p.on('request', (r) => requested.push(new URL(r.url()).pathname));
  // Hold both the panel chunk and the English messages until released.
  let releasePanel!: () => void;
  let releaseMessages!: () => void;
  const panelHeld = new Promise<void>((r) => (releasePanel = r));
  const messagesHeld = new Promise<void>((r) => (releaseMessages = r));
  await p.route('**/chunks/panel-*.js', async (route) => {
    await panelHeld;
    await route.continue();
  });
  await p.route('**/chunks/en-*.js', async (route) => {
    await messagesHeld;
    await route.continue();
  });
  await p.goto(`${server.url}/demo/`);
  await p.getByRole('button', { name: 'Help', exact: true }).hover();
  // The English chunk is requested while the panel chunk is still on its way (not after it).
  // (Both requests are waited for: the browser may report them in either order.)
  const both = () => requested.some((r) => /\/chunks\/en-/.test(r)) && requested.some((r) => /\/chunks\/panel-/.test(r));
  for (let i = 0; i < 100 && !both(); i++) await p.waitForTimeout(20);
  assert.ok(
    requested.some((r) => /\/chunks\/en-/.test(r)),
    'the English messages were requested before the panel chunk arrived',
  );
  assert.ok(requested.some((r) => /\/chunks\/panel-/.test(r)));
  // The panel chunk arrives; open() is called before the messages do.
  releasePanel();
  const opened = p.evaluate(() => (document.querySelector('helpway-widget') as HTMLElement & { open(): Promise<void> }).open());
  await p.waitForFunction(() => !!document.querySelector('helpway-widget')?.shadowRoot?.querySelector('helpway-panel'));
  await p.waitForTimeout(100);
  assert.equal(await p.getByRole('dialog').count(), 0, 'no dialog without its words');
  // A second click meanwhile must not open it twice.
  const again = p.evaluate(() => (document.querySelector('helpway-widget') as HTMLElement & { open(): Promise<void> }).open());
  releaseMessages();
  await again;
  await opened;
  await p.getByRole('dialog', { name: 'Help' }).waitFor();
  await p.waitForFunction(
    () => document.querySelector('helpway-widget')?.shadowRoot?.querySelector('helpway-panel')?.shadowRoot?.activeElement?.id === 'q',
  );
  const launcher = await p.evaluate(() => {
    const b = document.querySelector('helpway-widget')!.shadowRoot!.querySelector('.launcher')!;
    return { busy: b.getAttribute('aria-busy'), expanded: b.getAttribute('aria-expanded') };
  });
  assert.deepEqual(launcher, { busy: null, expanded: 'true' });
  assert.equal(await p.getByRole('dialog').count(), 1);
  await context.close();
});
