/**
 * Policy translations (content/policy.fr.yaml, policy.de.yaml): the shipped files are valid and
 * current; a translation of English that has since changed is flagged (a warning naming the file,
 * the key and the hash to write) and served in English; an id the policy lacks, or a malformed
 * entry, is refused with the file, the key and the fix, at load and in the KB build's load.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { CONTENT_DIR, loadKnowledgeBase, loadPolicy, loadPolicyTranslations } from '../../content/src/load.ts';
import { ContentError } from '../../content/src/errors.ts';
import { POLICY_LANGUAGES, policyTexts, sourceHash, translatePolicy } from '../../content/src/policy-translations.ts';
import type { Policy } from '../../content/src/policy-schema.ts';

async function failure(run: () => Promise<unknown>): Promise<ContentError> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof ContentError, `a ContentError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ContentError');
}

describe('the shipped translations', () => {
  let policy: Policy;
  before(async () => {
    policy = await loadPolicy();
  });

  test('load without errors or warnings, and translate every text the API serves', async () => {
    const { translations, warnings } = await loadPolicyTranslations(policy);
    assert.deepEqual(warnings, []);
    const ids = [...policyTexts(policy).keys()];
    for (const lang of POLICY_LANGUAGES) {
      assert.ok(translations[lang], `content/policy.${lang}.yaml is loaded`);
      assert.deepEqual(Object.keys(translations[lang]!).sort(), [...ids].sort(), `${lang}: one entry per policy text`);
      const { policy: translated, untranslated } = translatePolicy(policy, lang, translations[lang]);
      assert.deepEqual(untranslated, []);
      assert.notEqual(translated.severities[0].name, policy.severities[0].name, `${lang}: S1 has its own name`);
    }
  });

  test('translating leaves the policy itself, its ids and its numbers as they were', async () => {
    const { translations } = await loadPolicyTranslations(policy);
    const before = structuredClone(policy);
    const { policy: fr } = translatePolicy(policy, 'fr', translations.fr);
    assert.deepEqual(policy, before, 'the English policy is not changed');
    assert.equal(fr.severities.find((s) => s.id === 'S1')!.name, translations.fr!['severities.S1.name'].text);
    assert.deepEqual(
      fr.severities.map((s) => [s.id, s.target]),
      policy.severities.map((s) => [s.id, s.target]),
    );
    assert.deepEqual(fr.calendar.hours, policy.calendar.hours);
    assert.equal(fr.ticketTypes.find((t) => t.id === 'bug')!.fields[0].name, 'stepsToReproduce');
  });
});

describe('a translation file against a changed policy', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'helpway-translations-'));
    await cp(CONTENT_DIR, dir, {
      recursive: true,
      filter: (src) => !src.startsWith(path.join(CONTENT_DIR, 'src')) && !src.startsWith(path.join(CONTENT_DIR, 'search')),
    });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const writePolicy = async (edit: (doc: any) => void) => {
    const doc = parseYaml(await readFile(path.join(CONTENT_DIR, 'policy.yaml'), 'utf8'));
    edit(doc);
    await writeFile(path.join(dir, 'policy.yaml'), stringifyYaml(doc));
  };
  const writeTranslations = async (lang: string, edit: (entries: Record<string, any>) => void) => {
    const entries = parseYaml(await readFile(path.join(CONTENT_DIR, `policy.${lang}.yaml`), 'utf8'));
    edit(entries);
    await writeFile(path.join(dir, `policy.${lang}.yaml`), stringifyYaml(entries));
  };
  const restore = async () => {
    for (const file of ['policy.yaml', 'policy.fr.yaml', 'policy.de.yaml']) await cp(path.join(CONTENT_DIR, file), path.join(dir, file));
  };

  test('a stale translation is flagged with the file, the key and the hash to write, and the English is served', async () => {
    await restore();
    await writePolicy((doc) => {
      doc.severities.find((s: any) => s.id === 'S1').name = 'Site down';
    });
    const policy = await loadPolicy(path.join(dir, 'policy.yaml'));
    const { translations, warnings } = await loadPolicyTranslations(policy, path.join(dir, 'policy.yaml'));
    assert.deepEqual(
      warnings.map((w) => [path.basename(w.file), w.key]),
      [
        ['policy.fr.yaml', 'severities.S1.name'],
        ['policy.de.yaml', 'severities.S1.name'],
      ],
    );
    assert.match(warnings[0].message, /"Site down"/);
    assert.ok(warnings[0].message.includes(`set source to "${sourceHash('Site down')}"`), warnings[0].message);
    const fr = translatePolicy(policy, 'fr', translations.fr);
    assert.equal(fr.policy.severities[0].name, 'Site down', 'the stale French is not shown');
    assert.deepEqual(fr.untranslated, ['severities.S1.name']);
    assert.equal(fr.policy.severities[0].definition, translations.fr!['severities.S1.definition'].text, 'the rest stays French');

    // The KB build's load says so too (and does not fail).
    const kb = await loadKnowledgeBase(dir);
    assert.deepEqual(
      kb.warnings.map((w) => w.key),
      ['severities.S1.name', 'severities.S1.name'],
    );

    // Updating the source hash (after checking the translation) clears the warning.
    await writeTranslations('fr', (entries) => {
      entries['severities.S1.name'] = { text: 'Site hors service', source: sourceHash('Site down') };
    });
    const again = await loadPolicyTranslations(policy, path.join(dir, 'policy.yaml'));
    assert.deepEqual(
      again.warnings.map((w) => path.basename(w.file)),
      ['policy.de.yaml'],
    );
    assert.equal(translatePolicy(policy, 'fr', again.translations.fr).policy.severities[0].name, 'Site hors service');
  });

  test('an id the policy does not have is refused, naming the file and the key', async () => {
    await restore();
    await writeTranslations('de', (entries) => {
      entries['severities.S9.name'] = { text: 'Katastrophal', source: 'abcdefgh' };
      entries['scope.no-such-rule.who'] = { text: 'Niemand', source: 'abcdefgh' };
    });
    const policy = await loadPolicy(path.join(dir, 'policy.yaml'));
    const error = await failure(() => loadPolicyTranslations(policy, path.join(dir, 'policy.yaml')));
    assert.match(error.file, /policy\.de\.yaml$/);
    assert.deepEqual(
      error.issues.map((i) => i.field),
      ['severities.S9.name', 'scope.no-such-rule.who'],
    );
    assert.match(error.issues[0].message, /the policy has no text "severities\.S9\.name": check the id .*"severities\.S1\.name"/);
    const whole = await failure(() => loadKnowledgeBase(dir));
    assert.match(whole.message, /policy\.de\.yaml/);
  });

  test('a text moved to a list position the policy lacks is refused', async () => {
    await restore();
    await writeTranslations('fr', (entries) => {
      entries['severities.S1.examples.3'] = { text: 'un quatrième exemple', source: 'abcdefgh' };
    });
    const policy = await loadPolicy(path.join(dir, 'policy.yaml'));
    const error = await failure(() => loadPolicyTranslations(policy, path.join(dir, 'policy.yaml')));
    assert.deepEqual(
      error.issues.map((i) => i.field),
      ['severities.S1.examples.3'],
    );
  });

  test('malformed entries are refused with the field and the fix', async () => {
    await restore();
    await writeTranslations('fr', (entries) => {
      entries['severities.S1.name'] = { text: '   ', source: entries['severities.S1.name'].source };
      entries['severities.S2.name'] = { text: 'Élevée' };
      entries['severities.S3.name'] = { ...entries['severities.S3.name'], english: 'Medium' };
      entries['severities.S4.name'] = 'Faible';
    });
    const policy = await loadPolicy(path.join(dir, 'policy.yaml'));
    const error = await failure(() => loadPolicyTranslations(policy, path.join(dir, 'policy.yaml')));
    assert.match(error.file, /policy\.fr\.yaml$/);
    const byField = Object.fromEntries(error.issues.map((i) => [i.field, i.message]));
    assert.match(byField['severities.S1.name.text'], /write the translation, or remove the entry/);
    assert.match(byField['severities.S2.name.source'], /is missing: add it/);
    assert.match(byField['severities.S3.name'], /unknown field\(s\) "english"/);
    assert.match(byField['severities.S4.name'], /expected object, got "Faible"/);
  });

  test('a file that is not YAML is refused by name; a missing file leaves the language in English', async () => {
    await restore();
    await writeFile(path.join(dir, 'policy.fr.yaml'), 'severities.S1.name: { text: "Critique"\n');
    const policy = await loadPolicy(path.join(dir, 'policy.yaml'));
    const error = await failure(() => loadPolicyTranslations(policy, path.join(dir, 'policy.yaml')));
    assert.match(error.message, /policy\.fr\.yaml:\n {2}- \(file\): is not valid YAML/);
    await rm(path.join(dir, 'policy.fr.yaml'));
    const { translations, warnings } = await loadPolicyTranslations(policy, path.join(dir, 'policy.yaml'));
    assert.deepEqual(Object.keys(translations), ['de']);
    assert.deepEqual(warnings, []);
    const fr = translatePolicy(policy, 'fr', translations.fr);
    assert.equal(fr.policy.severities[0].name, 'Critical');
    assert.equal(fr.untranslated.length, policyTexts(policy).size);
  });
});
