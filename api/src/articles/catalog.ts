/**
 * Each article's title and owner, read from the article sources' frontmatter (the same files
 * and schema the KB build reads, content/src/load.ts), for the "Fix this article" list, its
 * digest and the articles report. Only the frontmatter is parsed: no markdown is rendered.
 * Read once per directory; a source that fails to parse is left out (its feedback still shows,
 * untitled, and goes to the content team), since the build refuses it anyway.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArticleSource } from '#content/load.ts';
import type { Services } from '../http/env.ts';

export interface ArticleInfo {
  title: string;
  owner: string | null;
}

const loaded = new Map<string, Promise<Map<string, ArticleInfo>>>();

async function readCatalog(dir: string): Promise<Map<string, ArticleInfo>> {
  const catalog = new Map<string, ArticleInfo>();
  let files: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true });
    files = entries.filter((e) => e.isFile() && e.name.endsWith('.md')).map((e) => path.join(e.parentPath, e.name));
  } catch {
    return catalog;
  }
  for (const file of files) {
    try {
      const { data } = parseArticleSource(await readFile(file, 'utf8'), file);
      catalog.set(path.basename(file, '.md'), { title: data.title, owner: data.owner ?? null });
    } catch {
      // refused by the build too: see the note above
    }
  }
  return catalog;
}

/** Slug → title and owner of the articles under HELPWAY's content directory (config.content.articlesDir). */
export function articleCatalog(services: Pick<Services, 'config'>): Promise<Map<string, ArticleInfo>> {
  const dir = services.config.content.articlesDir;
  let catalog = loaded.get(dir);
  if (!catalog) {
    catalog = readCatalog(dir);
    loaded.set(dir, catalog);
  }
  return catalog;
}

/** Where an article's negative comments go: its owner, else the content team (HELPWAY_CONTENT_EMAIL, else the support address). */
export function contentTeam(services: Pick<Services, 'config' | 'policy'>): string {
  return services.config.content.email ?? services.policy.vendor.supportEmail;
}

export function ownerOf(services: Pick<Services, 'config' | 'policy'>, article: ArticleInfo | undefined): string {
  return article?.owner ?? contentTeam(services);
}
