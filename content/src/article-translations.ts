/**
 * Translated articles: `content/translations/<lang>/<slug>.md`, one folder per language, each file
 * named by the English article's slug (a translation is published under its source's slug, so a
 * reader who finds an English article gets their language where it exists). The English tree
 * (`content/articles/`) and the search index built from it do not change when a translation is
 * added.
 *
 * Each translation names the English revision it was made from (`sourceRevision`: a short hash of
 * the English title and body). When the English changes, the revision no longer matches: the
 * load warns, naming the file and the revision to write once the translation is brought up to
 * date, the articles report lists it, and readers still get the translation, marked as possibly
 * outdated, with a link to the English.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ArticleTranslationFrontmatter } from './article-schema.ts';
import { ContentError } from './errors.ts';
import { isTranslationLanguage, TRANSLATION_LANGUAGES, type TranslationLanguage } from './languages.ts';
import { sourceHash } from './policy-translations.ts';

/** The translations folder of a content tree, beside `articles/`. */
export const TRANSLATIONS_FOLDER = 'translations';

/** An English article's revision: changes with any edit of its title or body (not of its other frontmatter). */
export const articleRevision = (title: string, body: string): string => sourceHash(`${title}\n\n${body.trim()}`);

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/** Splits a translation file and validates its frontmatter (ContentError: file, field, fix). */
export function parseTranslationSource(source: string, label: string): { data: ArticleTranslationFrontmatter; body: string } {
  const match = FRONTMATTER.exec(source);
  if (!match) {
    throw new ContentError(label, [
      {
        field: '',
        message: 'has no frontmatter: start the file with a "---" block holding lang, source, sourceRevision, title, summary, updated',
      },
    ]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(match[1]);
  } catch (error) {
    throw new ContentError(label, [{ field: '', message: `frontmatter is not valid YAML: ${(error as Error).message}` }]);
  }
  const parsed = ArticleTranslationFrontmatter.safeParse(raw ?? {}, { reportInput: true });
  if (!parsed.success) throw ContentError.fromZod(label, parsed.error);
  return { data: parsed.data, body: source.slice(match[0].length) };
}

export interface TranslationFile {
  lang: TranslationLanguage;
  /** Absolute path. */
  file: string;
  /** The file name without `.md`: the slug it is published under. */
  slug: string;
}

/**
 * The translation files under `dir` (`<lang>/…/<slug>.md`), sorted. No folder: none. A folder
 * that is not a translation language is a ContentError (a typo would otherwise hide translations).
 */
export async function listTranslationFiles(dir: string): Promise<TranslationFile[]> {
  let folders;
  try {
    folders = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: TranslationFile[] = [];
  const wrong: string[] = [];
  for (const folder of folders) {
    if (!folder.isDirectory()) continue;
    if (!isTranslationLanguage(folder.name)) {
      wrong.push(folder.name);
      continue;
    }
    const lang = folder.name;
    for (const entry of await readdir(path.join(dir, lang), { withFileTypes: true, recursive: true })) {
      if (entry.isFile() && entry.name.endsWith('.md'))
        files.push({ lang, file: path.join(entry.parentPath, entry.name), slug: path.basename(entry.name, '.md') });
    }
  }
  if (wrong.length) {
    throw new ContentError(
      path.relative(process.cwd(), dir) || dir,
      wrong.map((name) => ({
        field: name,
        message: `"${name}" is not a language the knowledge base is translated into: put translations in ${TRANSLATION_LANGUAGES.map((l) => `${l}/`).join(' or ')}`,
      })),
    );
  }
  return files.sort((a, b) => a.file.localeCompare(b.file));
}

/** The build's warning for a translation older than its English article. */
export function staleTranslationMessage(slug: string, currentRevision: string): string {
  return `stale: the English article "${slug}" changed since this was translated, so readers see a notice that it may be out of date; update the translation, then set sourceRevision to "${currentRevision}"`;
}

export interface TranslationRevision {
  slug: string;
  lang: TranslationLanguage;
  /** Relative to the content tree, e.g. "translations/fr/bulk-upload-users.md". */
  file: string;
  /** The revision the translation says it was made from. */
  sourceRevision: string;
  /** The English article's revision now. */
  currentRevision: string;
  stale: boolean;
}

/**
 * Every translation against its English article, reading frontmatter and bodies only (no
 * rendering): for the reports. Files the build would refuse (bad frontmatter, no such English
 * article) are left out; the build names them.
 */
export async function translationRevisions(articlesDir: string, translationsDir: string): Promise<TranslationRevision[]> {
  let files: TranslationFile[];
  try {
    files = await listTranslationFiles(translationsDir);
  } catch {
    return [];
  }
  if (files.length === 0) return [];
  const english = new Map<string, string>();
  for (const entry of await readdir(articlesDir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (entry.isFile() && entry.name.endsWith('.md'))
      english.set(path.basename(entry.name, '.md'), path.join(entry.parentPath, entry.name));
  }
  const root = path.dirname(translationsDir);
  const out: TranslationRevision[] = [];
  for (const t of files) {
    const sourceFile = english.get(t.slug);
    if (!sourceFile) continue;
    try {
      const { data } = parseTranslationSource(await readFile(t.file, 'utf8'), t.file);
      const source = await readFile(sourceFile, 'utf8');
      const match = FRONTMATTER.exec(source);
      const title = match ? (parseYaml(match[1]) as { title?: unknown })?.title : undefined;
      if (!match || typeof title !== 'string' || data.source !== t.slug || data.lang !== t.lang) continue;
      const currentRevision = articleRevision(title, source.slice(match[0].length));
      out.push({
        slug: t.slug,
        lang: t.lang,
        file: path.relative(root, t.file).split(path.sep).join('/'),
        sourceRevision: data.sourceRevision,
        currentRevision,
        stale: currentRevision !== data.sourceRevision,
      });
    } catch {
      // refused by the build: see above
    }
  }
  return out;
}
