/**
 * The knowledge base's translated articles against their English ones, for the articles report:
 * which were made from an older English revision (the KB build warns about the same ones, and
 * shows them to readers as possibly outdated). Read from the translations folder beside the
 * article sources (config.content.articlesDir), with the content's own rule
 * (content/src/article-translations.ts); once per folder, as the catalog is.
 */
import path from 'node:path';
import { translationRevisions, TRANSLATIONS_FOLDER, type TranslationRevision } from '#content/article-translations.ts';
import type { Services } from '../http/env.ts';

const loaded = new Map<string, Promise<TranslationRevision[]>>();

/** Every translation whose English article changed since it was translated, by slug then language. */
export async function staleTranslations(services: Pick<Services, 'config'>): Promise<TranslationRevision[]> {
  const articles = services.config.content.articlesDir;
  let revisions = loaded.get(articles);
  if (!revisions) {
    revisions = translationRevisions(articles, path.join(path.dirname(articles), TRANSLATIONS_FOLDER));
    loaded.set(articles, revisions);
  }
  return (await revisions).filter((t) => t.stale);
}
