/**
 * The widget's weight, measured one way for the bench (which prints it) and the budgets test
 * (which fails on it): gzip -9 of the built files, and what a session downloads.
 *
 * A session is the entry, the chunks the entry imports on first interaction (the panel: its
 * dynamic imports other than the languages), the one language chunk the session speaks, and
 * everything those import statically. Chunks loaded only on demand (live chat, "My recent
 * tickets", attachments) are not part of it. Found from the built code's own imports, so a
 * chunk split differently is still counted.
 *
 *   const bytes = measureWidget(readWidgetBuild('widget/dist'));
 */
import { gzipSync } from 'node:zlib';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WIDGET_DIST = path.join(ROOT, 'widget', 'dist');
const LOCALES_DIR = path.join(ROOT, 'widget', 'src', 'panel', 'locales');

/** The budgets, gzipped (docs/architecture.md: the widget's entry and a session's JavaScript). */
export const WIDGET_BUDGETS = { entry: 5 * 1024, session: 36 * 1024 } as const;

/** The built JavaScript: file path relative to the dist folder (`widget.js`, `chunks/panel-….js`) → code. */
export type WidgetBuild = Map<string, string>;

export interface SessionBytes {
  lang: string;
  bytes: number;
  files: string[];
}

export interface WidgetBytes {
  /** gzip -9 size of every built JavaScript file. */
  files: Record<string, number>;
  entry: number;
  /** Every file, every language: the most any page could ever download. */
  all: number;
  sessions: SessionBytes[];
}

export const gzipBytes = (code: Buffer | string): number => gzipSync(code, { level: 9 }).length;

/** The widget's languages: one locale module each, one chunk each in the build. */
export function widgetLanguages(): string[] {
  return readdirSync(LOCALES_DIR)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

export function readWidgetBuild(dist = WIDGET_DIST): WidgetBuild {
  const files: WidgetBuild = new Map([['widget.js', readFileSync(path.join(dist, 'widget.js'), 'utf8')]]);
  for (const name of readdirSync(path.join(dist, 'chunks'))
    .filter((f) => f.endsWith('.js'))
    .sort())
    files.set(`chunks/${name}`, readFileSync(path.join(dist, 'chunks', name), 'utf8'));
  return files;
}

/** The relative imports of one built file (of any Vite build read as a WidgetBuild), resolved against it: static ones (`from"./x.js"`) and dynamic ones (`import("./x.js")`). */
export function importsOf(build: WidgetBuild, file: string): { static: string[]; dynamic: string[] } {
  const code = build.get(file) ?? '';
  const resolve = (spec: string) => path.posix.join(path.posix.dirname(file), spec);
  const stat = [...code.matchAll(/(?:\bfrom|\bimport)\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g)].map((m) => resolve(m[1]));
  const dyn = [...code.matchAll(/\bimport\(\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]\s*\)/g)].map((m) => resolve(m[1]));
  return { static: [...new Set(stat)], dynamic: [...new Set(dyn)] };
}

/** `files` and everything they import statically, transitively. */
export function withStaticImports(build: WidgetBuild, files: string[]): string[] {
  const out = new Set<string>();
  const visit = (file: string) => {
    if (out.has(file)) return;
    if (!build.has(file)) throw new Error(`${file} is imported but not in the build`);
    out.add(file);
    for (const dep of importsOf(build, file).static) visit(dep);
  };
  for (const file of files) visit(file);
  return [...out];
}

export function measureWidget(build: WidgetBuild, languages = widgetLanguages()): WidgetBytes {
  const files = Object.fromEntries([...build].map(([file, code]) => [file, gzipBytes(code)]));
  const languageChunk = (lang: string) => [...build.keys()].find((f) => path.posix.basename(f).startsWith(`${lang}-`));
  const languageChunks = new Set(languages.map(languageChunk));
  // What the entry fetches when the launcher is first used: the panel, and the language.
  const firstUse = importsOf(build, 'widget.js').dynamic.filter((f) => !languageChunks.has(f));
  if (!firstUse.length) throw new Error('widget.js imports no panel chunk: the build is not what this measure expects');
  const sessions = languages.map((lang) => {
    const chunk = languageChunk(lang);
    if (!chunk) throw new Error(`no chunk for the language "${lang}" (widget/src/panel/locales/${lang}.ts)`);
    const list = withStaticImports(build, ['widget.js', ...firstUse, chunk]);
    return { lang, files: list, bytes: list.reduce((sum, f) => sum + files[f], 0) };
  });
  return { files, entry: files['widget.js'], all: Object.values(files).reduce((a, b) => a + b, 0), sessions };
}

/** The newest modification time among the files under `dir` (recursively). */
function newestUnder(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const stat = statSync(full);
    newest = Math.max(newest, stat.isDirectory() ? newestUnder(full) : stat.mtimeMs);
  }
  return newest;
}

/**
 * The widget as its sources build it now: widget/dist when it is newer than every source
 * (as after `npm run build`), else a fresh build in a temporary folder, so widget/dist, which
 * browser tests may be serving at that moment, is never rewritten under them.
 */
export function currentWidgetBuild(): { build: WidgetBuild; dist: string; built: boolean } {
  const sources = [
    path.join(ROOT, 'widget', 'src'),
    path.join(ROOT, 'content', 'search', 'engine'),
    path.join(ROOT, 'widget', 'vite.config.ts'),
  ];
  const newestSource = Math.max(...sources.map((s) => (statSync(s).isDirectory() ? newestUnder(s) : statSync(s).mtimeMs)));
  const entry = path.join(WIDGET_DIST, 'widget.js');
  if (!process.env.HW_NO_MINIFY && existsSync(entry) && statSync(entry).mtimeMs >= newestSource)
    return { build: readWidgetBuild(WIDGET_DIST), dist: WIDGET_DIST, built: false };
  const outDir = mkdtempSync(path.join(tmpdir(), 'helpway-widget-build-'));
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const env = { ...process.env, HW_NO_MINIFY: '' };
  const run = spawnSync(process.execPath, [vite, 'build', '--config', 'widget/vite.config.ts', '--outDir', outDir, '--emptyOutDir'], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`building the widget failed:\n${run.stderr || run.stdout}`);
  return { build: readWidgetBuild(outDir), dist: outDir, built: true };
}
