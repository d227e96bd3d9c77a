/**
 * The widget's weight and speed, in Chromium. Prints figures; never fails on them (the byte
 * budgets fail in test/widget/budgets.test.ts, measured by the same code).
 *
 * 1. Gzipped bytes of the built files: the entry (widget.js), every lazy chunk, the index.
 * 2. What a host page really downloads from the widget origin, on the demo page through the real
 *    server: before any interaction, and after a full session (open → suggestions → search →
 *    article → contact form → submit → confirmation), per file.
 * 3. Keystroke-to-results in Chromium with a 1,000-article index (synthetic articles made from the
 *    real ones): from the keydown event to the panel having rendered the new results
 *    (Lit's updateComplete), and to the next animation frame; p50 / p95 / max.
 * 4. The host page's cost: the widget's main-thread time while a host page loads (script
 *    evaluation, the element's definition, the launcher's style, layout and first paint), from a
 *    Chromium trace (bench/widget-main-thread.ts), each run in a fresh context; median and p95,
 *    without and with 4× CPU throttling; beside it, the same page with an empty widget.js (the
 *    host's own first frame, which the window includes) and a bare custom element (the least a
 *    launcher can cost), loaded in turn. The widget's own cost is what it adds to the page: with it
 *    minus without it, load by load. BENCH_WIDGET_LOAD_RUNS sets the runs (default 15).
 *
 * Budgets (test/support/widget-bytes.ts): ≤ 5 KB gz before interaction, ≤ 36 KB gz widget JS in a session,
 * index ≤ 40 KB gz, keystroke-to-results p95 ≤ 16 ms at 1,000 articles, main-thread time on the
 * host page's load ≤ 5 ms (unthrottled).
 *
 *   npm run build && node bench/widget.bench.ts
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../test/support/browser.ts';
import { startStaticServer } from '../test/support/static-server.ts';
import { startServer } from '../test/support/api-server.ts';
import { WIDGET_BUDGETS, gzipBytes, measureWidget, readWidgetBuild } from '../test/support/widget-bytes.ts';
import { buildSearchIndex } from '#search-build/build-index.ts';
import { realArticles, syntheticArticles } from './search-corpus.ts';
import { hostPage, traceHostLoad, type MainThreadSample, type MainThreadTimes } from './widget-main-thread.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'widget', 'dist');
const INDEX = path.join(ROOT, 'kb-site', 'dist', 'search-index.json');
for (const file of [path.join(DIST, 'widget.js'), INDEX]) {
  if (!existsSync(file)) {
    console.error(`${path.relative(ROOT, file)} is missing: run npm run build first`);
    process.exit(1);
  }
}

const gz = gzipBytes;
const LOAD_RUNS = Number(process.env.BENCH_WIDGET_LOAD_RUNS ?? 15);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const flag = (ok: boolean) => (ok ? 'within budget' : 'OVER BUDGET');

// --- 1. Built files -------------------------------------------------------------------------------
// Measured as test/widget/budgets.test.ts asserts them (test/support/widget-bytes.ts).
const bytes = measureWidget(readWidgetBuild(DIST));
const indexGz = gz(readFileSync(INDEX));
console.log('Widget build (gzip -9):');
console.log(`  widget.js (entry, before interaction)  ${kb(bytes.entry)}   budget 5 KB: ${flag(bytes.entry <= WIDGET_BUDGETS.entry)}`);
for (const [f, n] of Object.entries(bytes.files)) if (f !== 'widget.js') console.log(`  ${f.padEnd(37)} ${kb(n)}`);
console.log(`  all widget JS (every locale)           ${kb(bytes.all)}`);
// A session: the entry, the panel chunk and its own language's texts (each locale a chunk of its own).
for (const { lang, bytes: session, files } of bytes.sessions) {
  const parts = files.map((f) => path.basename(f).replace(/-[\w-]+\.js$/, '')).join(' + ');
  console.log(
    `  ${lang} session (${parts})      ${session} B   budget ${WIDGET_BUDGETS.session / 1024} KB: ${flag(session <= WIDGET_BUDGETS.session)}`,
  );
}
console.log(
  `  search-index.json (${readFileSync(INDEX).length} bytes raw)    ${kb(indexGz)}   budget 40 KB: ${flag(indexGz <= 40 * 1024)}`,
);

// --- 2. What the demo page downloads --------------------------------------------------------------
const browser = await launchBrowser();
const server = await startServer({ env: { HELPWAY_RATE_LIMITS: 'off' } });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const seen: Array<{ phase: string; path: string; type: string; gz: number }> = [];
  let phase = 'before';
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (url.origin !== server.url || url.pathname.startsWith('/demo/') || res.status() >= 300) return;
    const current = phase;
    void res.body().then(
      (body) => seen.push({ phase: current, path: url.pathname, type: res.request().resourceType(), gz: gz(body) }),
      () => {},
    );
  });
  await page.goto(`${server.url}/demo/`, { waitUntil: 'networkidle' });
  await page.waitForTimeout(300);
  phase = 'after';
  await page.getByRole('button', { name: 'Help', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Help' });
  await dialog.getByRole('list').first().getByRole('button').first().waitFor();
  await dialog.getByRole('searchbox', { name: 'Search help articles' }).fill('microsoft sso');
  await dialog.getByRole('button', { name: /microsoft single sign-on/i }).click();
  await dialog.getByRole('link', { name: 'Open in the knowledge base' }).waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  phase = 'escalate';
  await dialog.getByRole('button', { name: 'Contact support' }).click();
  const form = page.getByRole('dialog', { name: 'Contact support' });
  await form.getByLabel('Subject').waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  phase = 'submit';
  await form.getByRole('radio', { name: /^S3/ }).check();
  await form.getByLabel('Subject').fill('Bench: CSV upload question');
  await form.getByLabel('Description').fill('How do I upload users from a CSV file with custom profile fields?');
  await form.getByLabel('Your name').fill('Bench Admin');
  await form.getByLabel('Your email').fill('bench@example.com');
  await form.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('dialog', { name: 'Message received' }).waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  const sum = (rows: typeof seen) => rows.reduce((a, r) => a + r.gz, 0);
  const isJs = (r: (typeof seen)[number]) => r.type === 'script' || r.path.endsWith('.js');
  const before = seen.filter((r) => r.phase === 'before');
  const searchJs = seen.filter((r) => r.phase === 'after' && isJs(r));
  const escalateJs = seen.filter((r) => r.phase === 'escalate' && isJs(r));
  const submitJs = seen.filter((r) => r.phase === 'submit' && isJs(r));
  const after = seen.filter((r) => r.phase !== 'before');
  const afterJs = after.filter(isJs);
  const usedJs = sum(before) + sum(afterJs);
  console.log('\nDemo page, bytes from the widget origin (gzip -9 of each response):');
  console.log(
    `  before interaction: ${kb(sum(before))} in ${before.length} request(s): ${before.map((r) => r.path).join(', ')}   budget 5 KB: ${flag(sum(before) <= 5 * 1024)}`,
  );
  console.log(
    `  JS after open → suggestions → search → article: ${kb(sum(before) + sum(searchJs))} (entry + ${searchJs.map((r) => r.path).join(', ')})   budget ${WIDGET_BUDGETS.session / 1024} KB: ${flag(sum(before) + sum(searchJs) <= WIDGET_BUDGETS.session)}`,
  );
  console.log(
    `  JS after also opening the contact form:        ${kb(usedJs)} (+ ${escalateJs.map((r) => r.path).join(', ')})   budget ${WIDGET_BUDGETS.session / 1024} KB: ${flag(usedJs <= WIDGET_BUDGETS.session)}`,
  );
  console.log(
    `  JS after submitting (confirmation):            ${kb(usedJs)} (+ ${submitJs.map((r) => r.path).join(', ') || 'nothing more'})   budget ${WIDGET_BUDGETS.session / 1024} KB: ${flag(usedJs <= WIDGET_BUDGETS.session)}`,
  );
  console.log('  full session, per file:');
  for (const r of [...before, ...afterJs]) console.log(`    ${r.path.padEnd(40)} ${kb(r.gz)}`);
  const other = after.filter((r) => !afterJs.includes(r));
  console.log(`  after use, data:    ${kb(sum(other))} (${other.map((r) => `${r.path} ${kb(r.gz)}`).join(', ')})`);
  await context.close();
} finally {
  await server.stop();
}

// --- 3. Keystroke to results with 1,000 articles ---------------------------------------------------
const real = (await realArticles()).articles;
const synthetic = syntheticArticles(real, 1000);
const bigIndex = JSON.stringify(buildSearchIndex(synthetic));
const root = mkdtempSync(path.join(tmpdir(), 'helpway-widget-bench-'));
cpSync(DIST, root, { recursive: true });
writeFileSync(path.join(root, 'search-index.json'), bigIndex);
writeFileSync(
  path.join(root, 'bench.html'),
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Upload users</title><script type="module" src="/widget.js"></script></head>
<body><main><h1>Upload users</h1></main><helpway-widget site="demo"></helpway-widget></body></html>`,
);
const statics = await startStaticServer({ root });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.route('**/api/**', (route) => route.fulfill({ status: 202, body: '{}', contentType: 'application/json' }));
  await page.goto(`${statics.url}/bench.html`);
  await page.getByRole('button', { name: 'Help', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Help' });
  await dialog.getByRole('list').first().getByRole('button').first().waitFor();
  await instrument(page);
  const queries = [
    'bulk upload users csv',
    'microsoft sso login error',
    'reset a learner password',
    'who deleted the course in logs',
    'refresh staging site',
    'certificate template',
    'mobile app notifications',
    'enrol users with cohorts',
    'custom sql report',
    'site is offline',
  ];
  const box = dialog.getByRole('searchbox', { name: 'Search help articles' });
  await box.focus();
  for (let round = 0; round < 3; round++) {
    for (const q of queries) {
      await page.keyboard.press('Control+a');
      await page.keyboard.press('Backspace');
      for (const ch of q) await page.keyboard.type(ch, { delay: 30 });
    }
  }
  await page.waitForTimeout(200);
  const samples = await page.evaluate(() => (window as unknown as { __hwLatency: Array<[number, number]> }).__hwLatency);
  const dom = samples.map((s) => s[0]);
  const frame = samples.map((s) => s[1]);
  console.log(
    `\nKeystroke to results, Chromium, ${synthetic.length} articles (index ${kb(gz(bigIndex))} gz), ${samples.length} keystrokes:`,
  );
  console.log(
    `  to rendered DOM:   p50 ${pct(dom, 50).toFixed(1)} ms   p95 ${pct(dom, 95).toFixed(1)} ms   max ${Math.max(...dom).toFixed(1)} ms   budget p95 16 ms: ${flag(pct(dom, 95) <= 16)}`,
  );
  console.log(
    `  to the next frame: p50 ${pct(frame, 50).toFixed(1)} ms   p95 ${pct(frame, 95).toFixed(1)} ms   max ${Math.max(...frame).toFixed(1)} ms`,
  );
  await context.close();
} catch (error) {
  rmSync(root, { recursive: true, force: true });
  await browser.close();
  throw error;
} finally {
  await statics.close();
}

// --- 4. Main-thread time on the host page's load ----------------------------------------------------
writeFileSync(path.join(root, 'host.html'), hostPage('/widget.js'));
// The floor on this machine at this moment: the least a launcher can be, measured the same way —
// one custom element, a shadow root, one small sheet, one button with a word (no icon, no listeners,
// no placement check).
mkdirSync(path.join(root, 'bare'));
writeFileSync(
  path.join(root, 'bare', 'widget.js'),
  `const s=new CSSStyleSheet();s.replaceSync('.l{position:fixed;bottom:20px;right:20px;min-height:48px;padding:0 18px;border-radius:999px;background:#1f5fbf;color:#fff;font:600 16px/1.2 system-ui,sans-serif}');
customElements.define('helpway-widget',class extends HTMLElement{constructor(){super();const r=this.attachShadow({mode:'open'});r.adoptedStyleSheets=[s];const b=document.createElement('button');b.className='l launcher';b.textContent='Help';r.append(b)}});`,
);
writeFileSync(path.join(root, 'bare.html'), hostPage('/bare/widget.js'));
// The host page without the widget: the same page whose widget.js is an empty module, measured
// over the same window. Its style, layout and paint are the host's own first frame, which the
// widget's figure includes; the widget's own cost is the difference, paired load by load.
mkdirSync(path.join(root, 'alone'));
writeFileSync(path.join(root, 'alone', 'widget.js'), 'export {};\n');
writeFileSync(path.join(root, 'alone.html'), hostPage('/alone/widget.js'));
const hostStatics = await startStaticServer({ root });
try {
  const loadAverage = os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
  console.log(
    `\nMain-thread time of the widget on the host page's load, Chromium trace, ${LOAD_RUNS} runs each (load average ${loadAverage}):`,
  );
  console.log("  (cpu: the main thread's own CPU time; wall: elapsed, inflated when the machine is busy)");
  const line = (label: string, clock: 'cpu' | 'wall', runs: MainThreadSample[], budget: string) => {
    const of = (part: keyof MainThreadTimes) => runs.map((r) => r[clock][part]);
    const cell = (part: keyof MainThreadTimes) => `${pct(of(part), 50).toFixed(2)} / ${pct(of(part), 95).toFixed(2)}`;
    console.log(
      `  ${label.padEnd(18)} ${clock.padEnd(4)}  script ${cell('script')} ms   style+layout+paint ${cell('render')} ms   total ${cell('total')} ms (median / p95)${budget}`,
    );
  };
  const pages = { widget: 'host.html', alone: 'alone.html', bare: 'bare.html' } as const;
  for (const throttle of [1, 4]) {
    await traceHostLoad(browser, `${hostStatics.url}/host.html`, throttle); // warm-up: the server, the first renderer
    // The three pages in turn, so that the machine's drift falls on each alike.
    const runs: Record<keyof typeof pages, MainThreadSample[]> = { widget: [], alone: [], bare: [] };
    for (let i = 0; i < LOAD_RUNS; i++)
      for (const [name, file] of Object.entries(pages) as Array<[keyof typeof pages, string]>)
        runs[name].push(await traceHostLoad(browser, `${hostStatics.url}/${file}`, throttle, { launcher: name !== 'alone' }));
    const label = throttle === 1 ? 'no throttling' : `CPU throttled ${throttle}×`;
    console.log(`  ${label}:`);
    for (const clock of ['cpu', 'wall'] as const) line('page with widget', clock, runs.widget, '');
    for (const clock of ['cpu', 'wall'] as const) line('page alone', clock, runs.alone, '');
    for (const clock of ['cpu', 'wall'] as const) line('bare element', clock, runs.bare, '');
    // What the widget adds to the page's load: with it minus without it, load by load.
    for (const clock of ['cpu', 'wall'] as const) {
      const added = runs.widget.map((r, i) => r[clock].total - runs.alone[i][clock].total);
      const median = pct(added, 50);
      console.log(
        `  ${'widget adds'.padEnd(18)} ${clock.padEnd(4)}  total ${median.toFixed(2)} / ${pct(added, 95).toFixed(2)} ms (median / p95 of the paired differences)${throttle === 1 && clock === 'cpu' ? `   budget median 5 ms: ${flag(median <= 5)}` : ''}`,
      );
    }
  }
  console.log('  (page alone: the same page with an empty widget.js; bare element: a custom element with a button,');
  console.log('   no icon, listeners or placement check: the least a launcher can cost)');
} finally {
  await hostStatics.close();
  rmSync(root, { recursive: true, force: true });
  await browser.close();
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** Times each keystroke in the search box: keydown → panel rendered → next animation frame. */
async function instrument(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __hwLatency: Array<[number, number]> };
    w.__hwLatency = [];
    const panel = document.querySelector('helpway-widget')!.shadowRoot!.querySelector('helpway-panel') as HTMLElement & {
      updateComplete: Promise<boolean>;
    };
    const input = panel.shadowRoot!.querySelector('#q')!;
    let keydownAt = 0;
    input.addEventListener('keydown', (e) => (keydownAt = e.timeStamp));
    // Added after the panel's own listener, so it runs once the search has been made.
    input.addEventListener('input', () => {
      const start = keydownAt;
      void panel.updateComplete.then(() => {
        const rendered = performance.now() - start;
        requestAnimationFrame(() => w.__hwLatency.push([rendered, performance.now() - start]));
      });
    });
  });
}
