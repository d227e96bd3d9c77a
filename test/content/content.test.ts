/**
 * The knowledge base as shipped: it loads and validates, the required slugs exist, policy facts
 * come from policy.yaml (never hand-copied), and bad content fails with the file, the field and the fix.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { CONTENT_DIR, loadKnowledgeBase, loadPolicy, parseArticleSource } from '../../content/src/load.ts';
import { ContentError } from '../../content/src/errors.ts';
import { expandPolicyBlocks, POLICY_BLOCK_NAMES } from '../../content/src/policy-blocks.ts';
import { defaultCrmOf, PolicySchema } from '../../content/src/policy-schema.ts';
import { describeHours, describeResponse, describeResolution } from '../../content/src/policy-prose.ts';
import { renderMarkdown } from '../../content/src/markdown.ts';
import type { Policy } from '../../content/src/policy-schema.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
const ARTICLES_DIR = path.join(CONTENT_DIR, 'articles');

/** The slugs the knowledge base must carry (other pages and checks link to them; contract 2 of docs/architecture.md). */
const REQUIRED_SLUGS = [
  'support-scope',
  'support-channels',
  'ticket-types',
  'severity-levels',
  'support-hours',
  'support-budget',
  'escalation',
  'priority-support',
  'training',
  'end-user-support',
  'third-party-integrations',
  'feature-requests',
  'api-access',
  'custom-reports-sql',
  'site-logs',
  'staging-site-refresh',
  'reporting-a-bug',
  'supported-file-types',
  'mobile-app',
  'multi-sites-segments',
  'finding-ids',
  'bulk-upload-users',
  'microsoft-sso',
  'privacy-policy',
  'creating-courses',
  'enrolling-users',
  'uploading-files',
  'password-reset-admin',
  'site-branding',
  'certificates',
  'site-offline',
  'embed-widget',
];

interface SourceFile {
  file: string;
  slug: string;
  source: string;
}

async function articleSources(dir = ARTICLES_DIR): Promise<SourceFile[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  return Promise.all(
    files.map(async (file) => ({ file: path.relative(dir, file), slug: path.basename(file, '.md'), source: await readFile(file, 'utf8') })),
  );
}

/** Render one article's body against a policy, the way the loader does. */
function renderBody(body: string, policy: Policy): { html: string; unknown: string[] } {
  const { markdown, unknown } = expandPolicyBlocks(body, policy);
  return { html: renderMarkdown(markdown).html, unknown };
}

describe('the real knowledge base', () => {
  let sources: SourceFile[];
  let policy: Policy;
  before(async () => {
    sources = await articleSources();
    policy = await loadPolicy();
  });

  test('loads and validates as a whole (articles, categories, policy, cross-references)', async () => {
    const kb = await loadKnowledgeBase();
    assert.ok(kb.articles.length >= 40, `the knowledge base carries at least 40 articles, found ${kb.articles.length}`);
    for (const article of kb.articles) {
      assert.ok(!article.html.includes('{{policy:'), `${article.file}: a {{policy:…}} block was left unexpanded`);
      assert.ok(
        kb.categories.some((c) => c.id === article.category),
        `${article.file}: unknown category`,
      );
    }
  });

  test('every required slug exists', () => {
    const slugs = new Set(sources.map((s) => s.slug));
    const missing = REQUIRED_SLUGS.filter((slug) => !slugs.has(slug));
    assert.deepEqual(missing, [], `missing articles: ${missing.join(', ')}`);
  });

  test('slugs (file names) are unique across category folders', () => {
    const bySlug = new Map<string, string[]>();
    for (const s of sources) bySlug.set(s.slug, [...(bySlug.get(s.slug) ?? []), s.file]);
    const duplicates = [...bySlug].filter(([, files]) => files.length > 1).map(([slug, files]) => `${slug}: ${files.join(', ')}`);
    assert.deepEqual(duplicates, []);
  });

  test('every article parses on its own, and every {{policy:…}} block expands', () => {
    const problems: string[] = [];
    for (const s of sources) {
      try {
        const { body } = parseArticleSource(s.source, s.file);
        const { html, unknown } = renderBody(body, policy);
        if (unknown.length) problems.push(`${s.file}: unknown block(s) ${unknown.join(', ')}`);
        if (html.includes('{{policy:')) problems.push(`${s.file}: literal {{policy: left in the HTML`);
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
    assert.deepEqual(problems, []);
  });

  test('every article has keywords (search relevance depends on them)', () => {
    const without: string[] = [];
    for (const s of sources) {
      const { data } = parseArticleSource(s.source, s.file);
      if (data.keywords.length < 5) without.push(`${s.file} (${data.keywords.length})`);
    }
    assert.deepEqual(without, [], 'articles with fewer than 5 keywords');
  });

  test('links to /articles/<slug>/ in bodies point to existing articles', () => {
    const slugs = new Set(sources.map((s) => s.slug));
    const broken: string[] = [];
    for (const s of sources) {
      const { body } = parseArticleSource(s.source, s.file);
      const { markdown } = expandPolicyBlocks(body, policy);
      for (const match of markdown.matchAll(/\]\(\/articles\/([a-z0-9-]+)\/?(?:#[^)]*)?\)/g)) {
        if (!slugs.has(match[1])) broken.push(`${s.file} → ${match[1]}`);
      }
    }
    assert.deepEqual(broken, []);
  });

  test('policy facts are not hand-copied into article bodies (they come from {{policy:…}} blocks)', () => {
    const facts = [
      policy.vendor.supportEmail,
      policy.vendor.supportPhone,
      describeHours(policy.calendar, { withZoneId: false }),
      ...policy.escalation.levels.map((l) => l.contact),
      ...policy.channels.flatMap((c) => (c.contact ? [c.contact] : [])),
      ...policy.rates.list.flatMap((r) => [`£${r.hourly}`, `${r.hourly} ${policy.rates.currency}`, `${r.hourly}.00`]),
    ];
    const copied: string[] = [];
    for (const s of sources) {
      const { body } = parseArticleSource(s.source, s.file);
      const prose = body.replace(/\{\{\s*policy:[^}]*\}\}/g, '');
      for (const fact of new Set(facts)) if (prose.includes(fact)) copied.push(`${s.file}: "${fact}"`);
    }
    assert.deepEqual(copied, [], 'write these as {{policy:…}} blocks');
  });
});

describe('policy blocks', () => {
  let policy: Policy;
  before(async () => {
    policy = await loadPolicy();
  });

  test('the SLA table shows every severity with the targets from policy.yaml', () => {
    const { markdown } = expandPolicyBlocks('{{policy:sla-table}}', policy);
    for (const s of policy.severities) {
      const row = markdown.split('\n').find((line) => line.startsWith(`| **${s.id} `));
      assert.ok(row, `no row for ${s.id}`);
      assert.ok(row.includes(describeResponse(s.target)), `${s.id} row lacks its response target: ${row}`);
      assert.ok(row.includes(describeResolution(s.target)), `${s.id} row lacks its resolution target: ${row}`);
    }
  });

  test('the SLA note names the ticket types without resolution targets in plain English', () => {
    const { markdown } = expandPolicyBlocks('{{policy:sla-table}}', policy);
    const excluded = policy.ticketTypes.filter((t) => !t.resolutionTarget);
    assert.ok(excluded.length >= 2, 'this test expects at least two such types in policy.yaml');
    assert.match(markdown, /do not apply to [a-z ]+s(, [a-z ]+s)* and [a-z ]+s, nor to/);
    assert.doesNotMatch(markdown, /request, bug/);
  });

  test('the scope table has one row per scope rule, linking its article', () => {
    const { markdown } = expandPolicyBlocks('{{policy:scope-table}}', policy);
    const rows = markdown.split('\n').slice(2);
    assert.equal(rows.length, policy.scope.length);
    for (const rule of policy.scope) {
      assert.ok(
        rows.some((r) => r.includes(rule.topic) && r.includes(`/articles/${rule.article}/`)),
        `scope rule ${rule.id} missing`,
      );
    }
  });

  test('channels, plans, rates, escalation and holidays render values from policy.yaml', () => {
    const render = (name: string) => expandPolicyBlocks(`{{policy:${name}}}`, policy).markdown;
    for (const c of policy.channels) assert.ok(render('channels-table').includes(c.name), `channel ${c.id}`);
    for (const p of policy.plans) assert.ok(render('plans-table').includes(p.name), `plan ${p.id}`);
    for (const r of policy.rates.list) assert.ok(render('rates').includes(r.hourly.toFixed(2)), `rate ${r.id}`);
    assert.ok(render('rates').includes(`${policy.rates.incrementMinutes} minutes`));
    for (const l of policy.escalation.levels) assert.ok(render('escalation-levels').includes(l.role), `level ${l.level}`);
    const yearly = policy.calendar.holidays.filter((h) => h.startsWith('*-'));
    assert.ok(yearly.length > 0 && render('holidays').includes('Every year'));
    for (const t of policy.attachments.allowedTypes) assert.ok(render('file-types').includes(`\`${t}\``), `file type ${t}`);
  });

  test('argument blocks resolve ids from policy.yaml and report unknown ones', () => {
    const { markdown, unknown } = expandPolicyBlocks(
      '{{policy:plan-name:priority}} / {{policy:rate:standard}} / {{policy:plan-name:gold}}',
      policy,
    );
    assert.ok(markdown.startsWith(policy.plans.find((p) => p.id === 'priority')!.name));
    assert.ok(markdown.includes(policy.rates.list.find((r) => r.id === 'standard')!.hourly.toFixed(2)));
    assert.deepEqual(unknown, ['plan-name:gold']);
    assert.ok(markdown.includes('{{policy:plan-name:gold}}'), 'an unknown block is left in place for the build error');
  });

  test('every named block renders without throwing', () => {
    for (const name of POLICY_BLOCK_NAMES.filter((n) => !n.endsWith(':ARG'))) {
      const { markdown, unknown } = expandPolicyBlocks(`{{policy:${name}}}`, policy);
      assert.deepEqual(unknown, []);
      assert.ok(markdown.trim().length > 0, `${name} rendered nothing`);
    }
  });
});

describe('tables follow policy.yaml (a changed copy in a temp dir)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'helpway-content-'));
    const code = path.join(CONTENT_DIR, 'src');
    await cp(CONTENT_DIR, dir, { recursive: true, filter: (src) => src !== code && !src.startsWith(code + path.sep) });
    const policy = parseYaml(await readFile(path.join(dir, 'policy.yaml'), 'utf8'));
    const s2 = policy.severities.find((s: { id: string }) => s.id === 'S2');
    s2.target.responseHours = 7;
    s2.target.resolutionDays = 9;
    policy.rates.list.find((r: { id: string }) => r.id === 'consultancy').hourly = 321;
    policy.calendar.hours.mon = [['08:30', '18:00']];
    await writeFile(path.join(dir, 'policy.yaml'), stringifyYaml(policy));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('a changed target, rate and hours show up in the rendered articles', async () => {
    const policy = await loadPolicy(path.join(dir, 'policy.yaml'));
    const read = async (slug: string) => {
      const found = (await articleSources(path.join(dir, 'articles'))).find((s) => s.slug === slug);
      assert.ok(found, `${slug}.md not found`);
      return renderBody(parseArticleSource(found.source, found.file).body, policy).html;
    };
    const severity = await read('severity-levels');
    assert.match(severity, /<td><strong>S2 High<\/strong><\/td>\s*<td>[^<]*<\/td>\s*<td>7 working hours<\/td>\s*<td>9 working days<\/td>/);
    assert.doesNotMatch(severity, /<td>4 working hours<\/td>/);
    const budget = await read('support-budget');
    assert.ok(budget.includes('321.00'), 'the new consultancy rate is shown');
    assert.ok(!budget.includes('140.00'), 'the old consultancy rate is gone');
    const hours = await read('support-hours');
    assert.ok(hours.includes('Monday, 08:30–18:00'), 'the new Monday hours are shown');
  });

  test('the whole copied knowledge base loads with the changed policy', async () => {
    const kb = await loadKnowledgeBase(dir);
    const article = kb.articles.find((a) => a.slug === 'severity-levels');
    assert.ok(article?.html.includes('7 working hours'));
  });
});

describe('broken content fails clearly', () => {
  const brokenDir = path.join(FIXTURES, 'content-broken');

  async function failure(run: () => Promise<unknown>): Promise<ContentError> {
    try {
      await run();
    } catch (error) {
      assert.ok(error instanceof ContentError, `expected a ContentError, got ${error}`);
      return error;
    }
    assert.fail('expected loading to throw');
  }

  test('a bad article names the file, the field and the fix', async () => {
    const error = await failure(() => loadKnowledgeBase(brokenDir));
    const expected: Array<[file: string, field: string, fix: RegExp]> = [
      ['missing-title.md', 'title', /is missing: add it/],
      ['long-summary.md', 'summary', /160 characters or fewer/],
      [path.join('misc', 'unknown-category.md'), 'category', /unknown category "no-such-category": use one of general/],
      ['unknown-related.md', 'related', /no article with slug "no-such-article": fix the slug or remove it/],
      ['bad-date.md', 'updated', /YYYY-MM-DD/],
    ];
    for (const [file, field, fix] of expected) {
      const issue = error.issues.find((i) => i.field.includes(file) && i.field.endsWith(` ${field}`));
      assert.ok(issue, `no issue for ${file} ${field} in:\n${error.message}`);
      assert.match(issue.message, fix);
      const block = error.message.split(/\n(?=\S)/).find((b) => b.includes(file));
      assert.ok(block, `the message names ${file}`);
      assert.match(block, new RegExp(`- ${field}: `), `the message names the field ${field} under ${file}`);
    }
    assert.match(error.message, /has 5 problem\(s\)/);
    assert.ok(!error.message.includes('good-article.md'), 'the valid article is not blamed');
  });

  test('the bad article fixture is the only problem: a fixed copy loads', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'helpway-fixed-'));
    try {
      await cp(brokenDir, dir, { recursive: true });
      for (const name of [
        'missing-title.md',
        'long-summary.md',
        path.join('misc', 'unknown-category.md'),
        'unknown-related.md',
        'bad-date.md',
      ]) {
        await rm(path.join(dir, 'articles', name));
      }
      const kb = await loadKnowledgeBase(dir);
      assert.deepEqual(
        kb.articles.map((a) => a.slug),
        ['good-article'],
      );
      assert.match(kb.articles[0].html, /Monday to Friday, 09:00–17:00/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a bad policy.yaml names the file and the field', async () => {
    const dir = path.join(FIXTURES, 'content-bad-policy');
    const error = await failure(() => loadPolicy(path.join(dir, 'policy.yaml')));
    assert.match(error.file, /content-bad-policy[\\/]policy\.yaml$/);
    assert.deepEqual(
      error.issues.map((i) => i.field),
      ['severities.1.target.responseHours'],
    );
    assert.match(error.message, /severities\.1\.target\.responseHours: expected number, got "four hours"/);
    const whole = await failure(() => loadKnowledgeBase(dir));
    assert.match(whole.message, /policy\.yaml/);
    assert.match(whole.message, /responseHours/);
  });

  test('an unknown policy block fails the build with the name and where to look', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'helpway-block-'));
    try {
      await cp(brokenDir, dir, {
        recursive: true,
        filter: (src) => !src.includes(`${path.sep}articles${path.sep}`) || src.endsWith('good-article.md'),
      });
      const file = path.join(dir, 'articles', 'good-article.md');
      await writeFile(file, (await readFile(file, 'utf8')) + '\n{{policy:no-such-block}}\n');
      const error = await failure(() => loadKnowledgeBase(dir));
      assert.match(
        error.message,
        /good-article\.md:\n {2}- body: unknown policy block \{\{policy:no-such-block\}\}: see content\/src\/policy-blocks\.ts/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the escalation matrix in policy.yaml', () => {
  async function brokenPolicy(edit: (policy: any) => void): Promise<ContentError> {
    const dir = await mkdtemp(path.join(tmpdir(), 'helpway-escalation-'));
    try {
      const policy = parseYaml(await readFile(path.join(CONTENT_DIR, 'policy.yaml'), 'utf8'));
      edit(policy);
      await writeFile(path.join(dir, 'policy.yaml'), stringifyYaml(policy));
      await loadPolicy(path.join(dir, 'policy.yaml'));
    } catch (error) {
      assert.ok(error instanceof ContentError, `expected a ContentError, got ${error}`);
      return error;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    assert.fail('expected loading to throw');
  }

  test('the shipped levels are machine-readable: triggers, contacts, the wait before level 2', async () => {
    const policy = await loadPolicy();
    const { levels, warnAtPercent } = policy.escalation;
    assert.ok(warnAtPercent >= 1 && warnAtPercent <= 99);
    assert.match(defaultCrmOf(policy), /@/);
    assert.deepEqual(
      levels.map((l) => [l.level, l.contact, l.on, l.afterWorkingHours ?? null]),
      [
        [1, 'support@kestrel-learning.example', ['response_missed', 'resolution_missed', 'reply_missed', 'requested'], null],
        [2, 'site-crm', [], 8],
        [3, 'success@kestrel-learning.example', ['complaint'], null],
      ],
    );
  });

  test('the rendered levels say what triggers each one, from the same data', async () => {
    const policy = await loadPolicy();
    policy.escalation.levels[1].afterWorkingHours = 12;
    const md = expandPolicyBlocks('{{policy:escalation-levels}}', policy).markdown;
    assert.match(md, /has not moved for 12 working hours after escalation to level 1 \(Support team lead\)/);
    assert.match(md, /3\. \*\*Head of customer success\*\*.*when you make a formal complaint\.$/m);
    assert.doesNotMatch(md, /site-crm/, 'the keyword is said in words');
  });

  test('a policy without a default relationship manager or prose sends site-crm escalations to the support address', async () => {
    const policy = await loadPolicy();
    delete (policy.escalation as { defaultCrm?: string }).defaultCrm;
    assert.equal(defaultCrmOf(policy), policy.vendor.supportEmail);
    const relaxed = PolicySchema.safeParse({
      ...policy,
      escalation: {
        ...policy.escalation,
        description: undefined,
        levels: policy.escalation.levels.map((l) => ({ ...l, when: undefined })),
      },
    });
    assert.ok(relaxed.success, relaxed.error?.message);
  });

  test('bad levels name the field and the fix', async () => {
    const cases: Array<[(p: any) => void, string, RegExp]> = [
      [(p) => (p.escalation.levels[2].contact = 'the boss'), 'escalation.levels.2.contact', /email address, or "site-crm"/],
      [(p) => (p.escalation.levels[0].on = ['overdue']), 'escalation.levels.0.on.0', /use any of response_missed/],
      [(p) => (p.escalation.warnAtPercent = 100), 'escalation.warnAtPercent', /use 1 to 99/],
      [(p) => (p.escalation.defaultCrm = 'the account team'), 'escalation.defaultCrm', /email address escalations go to/],
      [(p) => p.escalation.levels[2].on.push('requested'), 'escalation.levels.2.on', /already on level 1/],
      [(p) => (p.escalation.levels[1].level = 5), 'escalation.levels.1.level', /should be 2/],
      [(p) => (p.severities[0].target.replyHours = -1), 'severities.0.target.replyHours', /positive number of working hours/],
      [(p) => (p.plans[1].escalationContacts = { 7: 'x@y.example' }), 'plans.1.escalationContacts.7', /no escalation level 7/],
    ];
    for (const [edit, field, fix] of cases) {
      const error = await brokenPolicy(edit);
      const issue = error.issues.find((i) => i.field === field);
      assert.ok(issue, `no issue on ${field} in:\n${error.message}`);
      assert.match(issue.message, fix);
    }
  });
});
