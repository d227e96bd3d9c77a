/**
 * The articles report lists the translated articles whose English article changed since they were
 * translated (the same rule as the KB build's warning), with the revision to write; current ones
 * and files the build would refuse are not listed. Over HTTP, on SQLite and PostgreSQL.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readConfig } from '../../api/src/config.ts';
import { articleRevision } from '../../content/src/article-translations.ts';
import { forEachStore } from '../api/helpers.ts';
import { signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import type { TestServer } from '../support/api-server.ts';

const BODY = '\nHow to do it.\n';
const english = (title: string) =>
  `---\ntitle: ${title}\nsummary: A fixture article for the translation tests.\ncategory: getting-support\nupdated: 2026-01-05\n---\n${BODY}`;
const translation = (lang: string, source: string, revision: string) =>
  `---\nlang: ${lang}\nsource: ${source}\nsourceRevision: "${revision}"\ntitle: Un titre traduit\nsummary: Un résumé traduit pour les tests.\nupdated: 2026-01-06\n---\n\nComment faire.\n`;

forEachStore('articles report: stale translations', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  const root = mkdtempSync(path.join(tmpdir(), 'helpway-translations-'));
  const articles = path.join(root, 'articles');
  const translations = path.join(root, 'translations');

  before(async () => {
    mkdirSync(path.join(articles, 'misc'), { recursive: true });
    mkdirSync(path.join(translations, 'fr'), { recursive: true });
    mkdirSync(path.join(translations, 'de'), { recursive: true });
    writeFileSync(path.join(articles, 'misc', 'current-article.md'), english('Current article'));
    writeFileSync(path.join(articles, 'changed-article.md'), english('Changed article'));
    // Translated from the title before it was reworded: stale in French; the German one is current.
    writeFileSync(
      path.join(translations, 'fr', 'changed-article.md'),
      translation('fr', 'changed-article', articleRevision('Old title', BODY)),
    );
    writeFileSync(
      path.join(translations, 'de', 'changed-article.md'),
      translation('de', 'changed-article', articleRevision('Changed article', BODY)),
    );
    writeFileSync(
      path.join(translations, 'fr', 'current-article.md'),
      translation('fr', 'current-article', articleRevision('Current article', BODY)),
    );
    // Refused by the build (no such English article, wrong language): not the report's business.
    writeFileSync(path.join(translations, 'fr', 'gone-article.md'), translation('fr', 'gone-article', 'abcdefgh'));
    writeFileSync(path.join(translations, 'de', 'current-article.md'), translation('fr', 'current-article', 'abcdefgh'));
    const content = { ...readConfig({}).content, articlesDir: articles };
    server = await target.start(withAdmin({ config: { content } }));
    admin = await signIn(server.url);
  });
  after(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('lists the stale translation with the revision to write, and only it', async () => {
    const res = await admin.get('/api/reports/articles?from=2026-03-02&to=2026-03-02');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.staleTranslations, [
      {
        slug: 'changed-article',
        lang: 'fr',
        file: 'translations/fr/changed-article.md',
        sourceRevision: articleRevision('Old title', BODY),
        currentRevision: articleRevision('Changed article', BODY),
      },
    ]);
    assert.deepEqual(res.body.tables, ['articles', 'comments'], 'the CSV tables are as they were');
  });
});
