/**
 * Loads and validates the knowledge base and the policy from `content/`.
 * One pipeline for everyone: the KB site, the search index, the widget's article view and the API.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { ArticleFrontmatter, CategoriesFile, type Category } from './article-schema.ts';
import { ContentError } from './errors.ts';
import { PolicySchema, type Policy } from './policy-schema.ts';
import { expandPolicyBlocks } from './policy-blocks.ts';
import {
  checkTranslationFile,
  policyInLanguages,
  POLICY_LANGUAGES,
  type PolicyTranslations,
  type TranslationWarning,
} from './policy-translations.ts';
import { renderMarkdown, type Heading } from './markdown.ts';
import {
  articleRevision,
  listTranslationFiles,
  parseTranslationSource,
  staleTranslationMessage,
  TRANSLATIONS_FOLDER,
} from './article-translations.ts';
import type { TranslationLanguage } from './languages.ts';

export const CONTENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Article extends ArticleFrontmatter {
  slug: string;
  /** Path relative to the content directory, for error messages and "edit this page". */
  file: string;
  /** Markdown with policy blocks expanded. */
  markdown: string;
  html: string;
  headings: Heading[];
  /** Plain text of the body, for search excerpts. */
  text: string;
}

/** An article in another language (content/translations/<lang>/<slug>.md), published under its English article's slug. */
export interface ArticleTranslation {
  slug: string;
  lang: TranslationLanguage;
  /** Path relative to the content directory. */
  file: string;
  title: string;
  summary: string;
  updated: Date;
  /** Markdown with policy blocks expanded in this language. */
  markdown: string;
  html: string;
  headings: Heading[];
  text: string;
  /** The English revision it was translated from. */
  sourceRevision: string;
  /** The English article's revision now: a different one means the translation may be out of date. */
  currentRevision: string;
  stale: boolean;
}

export interface KnowledgeBase {
  policy: Policy;
  /** The policy's texts in French and German (content/policy.fr.yaml, policy.de.yaml). */
  policyTranslations: PolicyTranslations;
  categories: Category[];
  /** The English articles: the search index and every slug come from these. */
  articles: Article[];
  /** Translations of some of them, by language; sorted by slug. */
  translations: ArticleTranslation[];
  /** Problems that do not stop the build: a policy text or an article translated from an older English version. */
  warnings: TranslationWarning[];
}

async function readYaml(file: string, label: string): Promise<unknown> {
  const source = await readFile(file, 'utf8');
  try {
    return parseYaml(source);
  } catch (error) {
    throw new ContentError(label, [{ field: '', message: `is not valid YAML: ${(error as Error).message}` }]);
  }
}

export async function loadPolicy(file = path.join(CONTENT_DIR, 'policy.yaml')): Promise<Policy> {
  const label = path.relative(process.cwd(), file) || file;
  const parsed = PolicySchema.safeParse(await readYaml(file, label), { reportInput: true });
  if (!parsed.success) throw ContentError.fromZod(label, parsed.error);
  return parsed.data;
}

/**
 * The policy's translation files beside `policyFile` (policy.fr.yaml, policy.de.yaml for
 * policy.yaml); a missing file leaves that language in English. A bad file throws a
 * ContentError; a stale entry is a warning, and that text stays English.
 */
export async function loadPolicyTranslations(
  policy: Policy,
  policyFile = path.join(CONTENT_DIR, 'policy.yaml'),
): Promise<{ translations: PolicyTranslations; warnings: TranslationWarning[] }> {
  const { dir, name, ext } = path.parse(policyFile);
  const translations: PolicyTranslations = {};
  const warnings: TranslationWarning[] = [];
  for (const lang of POLICY_LANGUAGES) {
    const file = path.join(dir, `${name}.${lang}${ext}`);
    const label = path.relative(process.cwd(), file) || file;
    let raw: unknown;
    try {
      raw = await readYaml(file, label);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const checked = checkTranslationFile(policy, raw, label);
    translations[lang] = checked.entries;
    warnings.push(...checked.warnings);
  }
  return { translations, warnings };
}

async function listMarkdown(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

export function parseArticleSource(source: string, label: string): { data: ArticleFrontmatter; body: string } {
  const match = FRONTMATTER.exec(source);
  if (!match) {
    throw new ContentError(label, [
      { field: '', message: 'has no frontmatter: start the file with a "---" block holding title, summary, category, updated' },
    ]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(match[1]);
  } catch (error) {
    throw new ContentError(label, [{ field: '', message: `frontmatter is not valid YAML: ${(error as Error).message}` }]);
  }
  const parsed = ArticleFrontmatter.safeParse(raw ?? {}, { reportInput: true });
  if (!parsed.success) throw ContentError.fromZod(label, parsed.error);
  return { data: parsed.data, body: source.slice(match[0].length) };
}

/** Load everything under `dir` (default: the project's content/), failing on the first bad file set. */
export async function loadKnowledgeBase(dir = CONTENT_DIR): Promise<KnowledgeBase> {
  const policy = await loadPolicy(path.join(dir, 'policy.yaml'));
  const { translations: policyTranslations, warnings } = await loadPolicyTranslations(policy, path.join(dir, 'policy.yaml'));
  const catLabel = path.join(path.relative(process.cwd(), dir) || '.', 'categories.yaml');
  const cats = CategoriesFile.safeParse(await readYaml(path.join(dir, 'categories.yaml'), catLabel), { reportInput: true });
  if (!cats.success) throw ContentError.fromZod(catLabel, cats.error);
  const categories = [...cats.data].sort((a, b) => a.order - b.order);

  const errors: ContentError[] = [];
  const articles: Article[] = [];
  /** Each English article's revision, for its translations. */
  const revisions = new Map<string, string>();
  const articlesDir = path.join(dir, 'articles');
  for (const file of await listMarkdown(articlesDir)) {
    const label = path.relative(process.cwd(), file);
    try {
      const { data, body } = parseArticleSource(await readFile(file, 'utf8'), label);
      const slug = path.basename(file, '.md');
      revisions.set(slug, articleRevision(data.title, body));
      const { markdown, unknown } = expandPolicyBlocks(body, policy);
      const problems: Array<{ field: string; message: string }> = [];
      if (!/^[a-z0-9][a-z0-9-]*$/.test(slug))
        problems.push({ field: '', message: `file name "${slug}.md" is not a slug: rename it to lower-case words joined by "-"` });
      if (!categories.some((c) => c.id === data.category)) {
        problems.push({
          field: 'category',
          message: `unknown category "${data.category}": use one of ${categories.map((c) => c.id).join(', ')} (${catLabel})`,
        });
      }
      for (const name of unknown)
        problems.push({
          field: 'body',
          message: `unknown policy block {{policy:${name}}}: see content/src/policy-blocks.ts for the names`,
        });
      if (problems.length) throw new ContentError(label, problems);
      const rendered = renderMarkdown(markdown);
      articles.push({ ...data, slug, file: path.relative(dir, file), markdown, ...rendered });
    } catch (error) {
      if (error instanceof ContentError) errors.push(error);
      else throw error;
    }
  }

  const dirLabel = path.relative(process.cwd(), dir) || '.';
  const labelOf = (file: string): string => path.join(dirLabel, file);
  const policyLabel = labelOf('policy.yaml');
  const seen = new Map<string, string>();
  for (const a of articles) {
    const other = seen.get(a.slug);
    if (other)
      errors.push(
        new ContentError(labelOf(a.file), [
          { field: '', message: `slug "${a.slug}" is also used by ${labelOf(other)}: article file names must be unique` },
        ]),
      );
    seen.set(a.slug, a.file);
  }
  for (const a of articles) {
    const missing = a.related.filter((slug) => !seen.has(slug));
    if (missing.length)
      errors.push(
        new ContentError(labelOf(a.file), [
          { field: 'related', message: `no article with slug ${missing.map((s) => `"${s}"`).join(', ')}: fix the slug or remove it` },
        ]),
      );
  }
  for (const rule of policy.scope) {
    if (!seen.has(rule.article))
      errors.push(
        new ContentError(policyLabel, [
          {
            field: `scope.${rule.id}.article`,
            message: `no article with slug "${rule.article}": write an existing slug, or add the article`,
          },
        ]),
      );
  }
  for (const channel of policy.channels) {
    if (channel.article && !seen.has(channel.article))
      errors.push(
        new ContentError(policyLabel, [
          {
            field: `channels.${channel.id}.article`,
            message: `no article with slug "${channel.article}": write an existing slug, or add the article`,
          },
        ]),
      );
  }
  const translations = await loadArticleTranslations(dir, policy, policyTranslations, revisions, errors, warnings);

  if (errors.length) {
    const error = new ContentError(
      'content',
      errors.flatMap((e) => e.issues.map((i) => ({ field: `${e.file} ${i.field}`.trim(), message: i.message }))),
    );
    error.message = `The knowledge base has ${errors.length} problem(s):\n` + errors.map((e) => e.message).join('\n');
    throw error;
  }
  articles.sort((a, b) => a.slug.localeCompare(b.slug));
  return { policy, policyTranslations, categories, articles, translations, warnings };
}

/**
 * The translations under `dir/translations/`, checked against the English articles (`revisions`:
 * slug → revision). A bad file is pushed to `errors`; one made from an older English revision is
 * loaded, flagged `stale`, and pushed to `warnings` with the revision to write.
 */
async function loadArticleTranslations(
  dir: string,
  policy: Policy,
  policyTranslations: PolicyTranslations,
  revisions: Map<string, string>,
  errors: ContentError[],
  warnings: TranslationWarning[],
): Promise<ArticleTranslation[]> {
  const inLanguage = policyInLanguages(policy, policyTranslations);
  const translations: ArticleTranslation[] = [];
  const seen = new Map<string, string>();
  let files;
  try {
    files = await listTranslationFiles(path.join(dir, TRANSLATIONS_FOLDER));
  } catch (error) {
    if (error instanceof ContentError) errors.push(error);
    else throw error;
    return translations;
  }
  for (const { lang, file, slug } of files) {
    const label = path.relative(process.cwd(), file);
    const relative = path.relative(dir, file);
    try {
      const { data, body } = parseTranslationSource(await readFile(file, 'utf8'), label);
      const problems: Array<{ field: string; message: string }> = [];
      if (data.lang !== lang)
        problems.push({
          field: 'lang',
          message: `is "${data.lang}" but the file is in ${TRANSLATIONS_FOLDER}/${lang}/: move the file, or write lang: ${lang}`,
        });
      const current = revisions.get(data.source);
      if (current === undefined)
        problems.push({
          field: 'source',
          message: `no English article with slug "${data.source}": write the slug of the article this translates`,
        });
      else if (data.source !== slug)
        problems.push({
          field: 'source',
          message: `translates "${data.source}" but the file is named "${slug}.md": name it ${data.source}.md (a translation is published under its article's slug)`,
        });
      const other = seen.get(`${lang}/${slug}`);
      if (other) problems.push({ field: '', message: `"${slug}" is translated into ${lang} twice (also ${other}): keep one` });
      seen.set(`${lang}/${slug}`, relative);
      const { markdown, unknown } = expandPolicyBlocks(body, inLanguage(lang).policy, lang);
      for (const name of unknown)
        problems.push({
          field: 'body',
          message: `unknown policy block {{policy:${name}}}: see content/src/policy-blocks.ts for the names`,
        });
      if (problems.length || current === undefined) throw new ContentError(label, problems);
      const stale = data.sourceRevision !== current;
      if (stale) warnings.push({ file: label, key: 'sourceRevision', message: staleTranslationMessage(slug, current) });
      translations.push({
        slug,
        lang,
        file: relative,
        title: data.title,
        summary: data.summary,
        updated: data.updated,
        markdown,
        ...renderMarkdown(markdown),
        sourceRevision: data.sourceRevision,
        currentRevision: current,
        stale,
      });
    } catch (error) {
      if (error instanceof ContentError) errors.push(error);
      else throw error;
    }
  }
  return translations.sort((a, b) => a.slug.localeCompare(b.slug) || a.lang.localeCompare(b.lang));
}
