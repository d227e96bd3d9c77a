/** GET /api/policy and /api/sla/preview come from policy.yaml; scope check; analytics; OpenAPI and docs. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { addSite } from '../../api/src/sites/sites.ts';
import { CONTENT_DIR, loadPolicy, loadPolicyTranslations } from '../../content/src/load.ts';
import { readConfig } from '../../api/src/config.ts';
import { startHelpway } from '../../api/src/server.ts';
import { assertError, call, fixedClock, forEachStore, MONDAY_MORNING, post } from './helpers.ts';
import type { TestServer } from '../support/api-server.ts';

const policy = await loadPolicy();
const { translations } = await loadPolicyTranslations(policy);
/** The shipped translation of a policy text. */
const tr = (lang: 'fr' | 'de', key: string): string => translations[lang]![key].text;
const SATURDAY_NOON = new Date('2026-03-07T12:00:00.000Z');

forEachStore('policy and SLA preview', (target) => {
  let monday: TestServer;
  let saturday: TestServer;
  before(async () => {
    monday = await target.start({ clock: fixedClock(MONDAY_MORNING), env: { HELPWAY_RATE_LIMITS: 'off' } });
    saturday = await target.start({ clock: fixedClock(SATURDAY_NOON), env: { HELPWAY_RATE_LIMITS: 'off' } });
    for (const s of [monday, saturday]) {
      await addSite(
        s.running.store.db,
        s.running.policy,
        { key: 'vip', name: 'VIP University', plan: 'priority', origins: [], budgetHours: 100 },
        new Date(),
      );
    }
  });
  after(async () => {
    await monday.stop();
    await saturday.stop();
  });

  it('GET /api/policy: ticket types with fields, severities with definitions and targets, channels, hours — as in policy.yaml', async () => {
    const res = await call(monday.url, '/api/policy');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(
      res.body.ticketTypes.map((t: any) => t.id),
      policy.ticketTypes.map((t) => t.id),
    );
    const refresh = res.body.ticketTypes.find((t: any) => t.id === 'site_refresh');
    assert.deepEqual(
      refresh.fields.map((f: any) => [f.name, f.kind, f.required]),
      [
        ['stagingUrl', 'url', true],
        ['confirmOverwrite', 'checkbox', true],
      ],
    );
    for (const s of policy.severities) {
      const got = res.body.severities.find((x: any) => x.id === s.id);
      assert.equal(got.definition, s.definition);
      assert.deepEqual(got.target, s.target);
    }
    assert.deepEqual(
      res.body.channels.map((c: any) => c.id),
      policy.channels.map((c) => c.id),
    );
    assert.deepEqual(res.body.calendar.hours, policy.calendar.hours);
    assert.equal(res.body.calendar.timezone, 'Europe/London');
    assert.equal(res.body.calendarLabel, 'UK time');
    assert.equal(res.body.calendar.openNow, true);
    // In hours but no agent online (none signed in): chat is not offered; email is.
    const chat = res.body.channels.find((c: any) => c.id === 'chat');
    assert.equal(chat.availableNow, false);
    assert.equal(chat.agentsOnline, false);
    assert.equal(res.body.channels.find((c: any) => c.id === 'email').availableNow, true);
    assert.deepEqual(res.body.attachments, policy.attachments);
  });

  it('out of hours: closed, next opening Monday 09:00 UK time, chat unavailable, email available', async () => {
    const res = await call(saturday.url, '/api/policy?site=demo');
    assert.equal(res.body.calendar.openNow, false);
    assert.equal(res.body.calendar.nextOpening, '2026-03-09T09:00:00.000Z');
    assert.match(res.body.calendar.nextOpeningText, /Monday 09:00 UK time/);
    const chat = res.body.channels.find((c: any) => c.id === 'chat');
    assert.equal(chat.availableNow, false);
    assert.equal(chat.nextOpening, '2026-03-09T09:00:00.000Z');
    assert.equal(res.body.channels.find((c: any) => c.id === 'email').availableNow, true);
  });

  it('a site on the priority plan gets its calendar (24x7) and its target overrides', async () => {
    const res = await call(saturday.url, '/api/policy?site=vip');
    assert.equal(res.body.plan.id, 'priority');
    assert.equal(res.body.calendar.openNow, true);
    const plan = policy.plans.find((p) => p.id === 'priority')!;
    assert.deepEqual(res.body.severities.find((s: any) => s.id === 'S1').target, plan.targets.S1);
  });

  it('GET /api/sla/preview: due times a ticket filed now would get', async () => {
    const s1 = await call(monday.url, '/api/sla/preview?site=demo&severity=S1');
    assert.equal(s1.status, 200, s1.text);
    assert.equal(s1.body.firstResponseDue, '2026-03-02T11:15:00.000Z');
    assert.equal(s1.body.resolutionDue, '2026-03-03T10:15:00.000Z');
    assert.equal(s1.body.clockRunning, true);
    assert.match(s1.body.sentence, /11:15 UK time today/);
    const s4 = await call(monday.url, '/api/sla/preview?site=demo&severity=S4');
    assert.equal(s4.body.resolutionDue, null);
    assert.equal(s4.body.firstResponseDue, '2026-03-04T10:15:00.000Z'); // 16 working hours: Mon 6¾ h + Tue 8 h + Wed 1¼ h
    const bug = await call(monday.url, '/api/sla/preview?site=demo&severity=S2&type=bug');
    assert.equal(bug.body.resolutionDue, null);
    // Saturday: the clock is stopped until Monday 09:00
    const weekend = await call(saturday.url, '/api/sla/preview?site=demo&severity=S2');
    assert.equal(weekend.body.clockRunning, false);
    assert.equal(weekend.body.firstResponseDue, '2026-03-09T13:00:00.000Z');
    assert.equal(weekend.body.nextOpening, '2026-03-09T09:00:00.000Z');
    assert.match(weekend.body.sentence, /We'll reply by Monday 13:00 UK time/);
    // priority plan: 30 minutes, any time
    const vip = await call(saturday.url, '/api/sla/preview?site=vip&severity=S1');
    assert.equal(vip.body.firstResponseDue, '2026-03-07T12:30:00.000Z');
    assert.equal(vip.body.clockRunning, true);
  });

  it("the ticket's SLA equals the preview at the same instant", async () => {
    const preview = await call(monday.url, '/api/sla/preview?site=demo&severity=S3&type=query');
    const ticket = await post(monday.url, '/api/tickets', {
      site: 'demo',
      type: 'query',
      severity: 'S3',
      subject: 'Slow report',
      description: 'The grader report takes minutes.',
      requester: { name: 'A', email: 'a@b.example' },
    });
    assert.equal(ticket.status, 201, ticket.text);
    assert.equal(ticket.body.sla.firstResponseDue, preview.body.firstResponseDue);
    assert.equal(ticket.body.sla.resolutionDue, preview.body.resolutionDue);
  });

  it('GET /api/policy?lang=fr|de: the texts from content/policy.<lang>.yaml, ids and numbers unchanged', async () => {
    const en = await call(monday.url, '/api/policy');
    assert.equal(en.body.lang, 'en');
    assert.deepEqual(en.body.untranslated, []);
    for (const lang of ['fr', 'de'] as const) {
      const res = await call(monday.url, `/api/policy?lang=${lang}`);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.lang, lang);
      assert.deepEqual(res.body.untranslated, []);
      const s1 = res.body.severities.find((s: any) => s.id === 'S1');
      assert.equal(s1.name, tr(lang, 'severities.S1.name'));
      assert.equal(s1.definition, tr(lang, 'severities.S1.definition'));
      assert.deepEqual(
        s1.examples,
        [0, 1, 2].map((i) => tr(lang, `severities.S1.examples.${i}`)),
      );
      assert.deepEqual(s1.target, policy.severities[0].target);
      const bug = res.body.ticketTypes.find((t: any) => t.id === 'bug');
      assert.equal(bug.name, tr(lang, 'ticketTypes.bug.name'));
      assert.equal(bug.prompt, tr(lang, 'ticketTypes.bug.prompt'));
      assert.deepEqual(
        bug.fields.map((f: any) => [f.name, f.label, f.kind]),
        [
          ['stepsToReproduce', tr(lang, 'ticketTypes.bug.fields.stepsToReproduce.label'), 'textarea'],
          ['expected', tr(lang, 'ticketTypes.bug.fields.expected.label'), 'textarea'],
        ],
      );
      assert.equal(res.body.channels.find((c: any) => c.id === 'chat').name, tr(lang, 'channels.chat.name'));
      assert.equal(res.body.plan.name, tr(lang, 'plans.standard.name'));
      assert.equal(res.body.calendarLabel, tr(lang, 'calendar.label'));
      // Everything but the texts is as in English.
      const strip = (body: any) => ({
        ...body,
        lang: undefined,
        untranslated: undefined,
        plan: body.plan.id,
        calendarLabel: undefined,
        calendar: { ...body.calendar, label: undefined },
        ticketTypes: body.ticketTypes.map((t: any) => [
          t.id,
          t.fields.map((f: any) => [f.name, f.kind, f.required]),
          t.resolutionTarget,
          t.billable,
        ]),
        severities: body.severities.map((s: any) => [s.id, s.target]),
        channels: body.channels.map((c: any) => ({ ...c, name: undefined, whenToUse: c.whenToUse.length })),
      });
      assert.deepEqual(strip(res.body), strip(en.body));
    }
  });

  it('?lang=: the next opening in that language and its calendar label; en is the default; each language cached apart', async () => {
    const fr = await call(saturday.url, '/api/policy?site=demo&lang=fr');
    assert.equal(fr.body.calendar.nextOpening, '2026-03-09T09:00:00.000Z');
    assert.equal(fr.body.calendar.nextOpeningText, `lundi 09:00 ${tr('fr', 'calendar.label')}`);
    const de = await call(saturday.url, '/api/policy?site=demo&lang=de');
    assert.equal(de.body.calendar.nextOpeningText, `Montag 09:00 ${tr('de', 'calendar.label')}`);
    const en = await call(saturday.url, '/api/policy?site=demo&lang=en');
    const none = await call(saturday.url, '/api/policy?site=demo');
    assert.deepEqual(en.body, none.body);
    assert.match(none.body.calendar.nextOpeningText, /^Monday 09:00 UK time/);
    assert.equal(none.body.severities[0].name, 'Critical');
    const frAgain = await call(saturday.url, '/api/policy?site=demo&lang=fr');
    assert.deepEqual(frAgain.body, fr.body);
    assert.equal(frAgain.headers.get('cache-control'), 'public, max-age=30');
    const vip = await call(saturday.url, '/api/policy?site=vip&lang=de');
    assert.equal(vip.body.plan.name, tr('de', 'plans.priority.name'));
    assert.equal(vip.body.calendarLabel, tr('de', 'plans.priority.calendar.label'));
  });

  it('?lang= outside en, fr, de is refused, naming the field', async () => {
    for (const lang of ['es', 'FR', '', 'fr-FR']) {
      const error = assertError(await call(monday.url, `/api/policy?lang=${encodeURIComponent(lang)}`), 422, 'validation_failed', 'lang');
      assert.match(error.fields!.lang, /en, fr, de/);
    }
    assertError(await post(monday.url, '/api/scope-check', { text: 'learner password', lang: 'it' }), 422, 'validation_failed', 'lang');
  });

  it("POST /api/scope-check {lang}: the rule's topic and who in that language, matched on the same phrases", async () => {
    const en = await post(monday.url, '/api/scope-check', { text: 'One of our students forgot the Password' });
    const fr = await post(monday.url, '/api/scope-check', { text: 'One of our students forgot the Password', lang: 'fr' });
    assert.equal(fr.status, 200, fr.text);
    assert.equal(fr.body.lang, 'fr');
    assert.deepEqual(fr.body.untranslated, []);
    assert.deepEqual(
      fr.body.matches.map((m: any) => m.id),
      en.body.matches.map((m: any) => m.id),
    );
    assert.equal(fr.body.matches[0].topic, tr('fr', 'scope.learner-password.topic'));
    assert.equal(fr.body.matches[0].who, tr('fr', 'scope.learner-password.who'));
    assert.equal(fr.body.matches[0].verdict, 'end-user');
    assert.equal(en.body.matches[0].who, policy.scope.find((r) => r.id === 'learner-password')!.who);
  });
});

describe('the policy file is the source', () => {
  let dir: string;
  let server: TestServer;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'helpway-policy-'));
    const doc = parse(readFileSync(path.join(CONTENT_DIR, 'policy.yaml'), 'utf8'));
    doc.severities.find((s: any) => s.id === 'S2').target.responseHours = 2;
    doc.severities.find((s: any) => s.id === 'S2').definition = 'Changed for the test.';
    doc.calendar.hours.mon = [
      ['08:00', '12:00'],
      ['13:00', '18:00'],
    ];
    writeFileSync(path.join(dir, 'policy.yaml'), stringify(doc));
    // The French file as shipped: its S2 definition now translates words the policy no longer has.
    writeFileSync(path.join(dir, 'policy.fr.yaml'), readFileSync(path.join(CONTENT_DIR, 'policy.fr.yaml')));
    const { startServer } = await import('../support/api-server.ts');
    server = await startServer({ clock: fixedClock(MONDAY_MORNING), env: { HELPWAY_POLICY_FILE: path.join(dir, 'policy.yaml') } });
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('changing policy.yaml changes targets, definitions and hours the API gives', async () => {
    const p = await call(server.url, '/api/policy');
    const s2 = p.body.severities.find((s: any) => s.id === 'S2');
    assert.equal(s2.target.responseHours, 2);
    assert.equal(s2.definition, 'Changed for the test.');
    assert.deepEqual(p.body.calendar.hours.mon, [
      ['08:00', '12:00'],
      ['13:00', '18:00'],
    ]);
    // Monday 10:15 + 2 working hours with a 12:00-13:00 break → 13:15
    const preview = await call(server.url, '/api/sla/preview?site=demo&severity=S2');
    assert.equal(preview.body.firstResponseDue, '2026-03-02T13:15:00.000Z');
  });

  it('a stale translation is served in English and listed as untranslated; a language without a file is all English', async () => {
    const fr = await call(server.url, '/api/policy?lang=fr');
    const s2 = fr.body.severities.find((s: any) => s.id === 'S2');
    assert.equal(s2.definition, 'Changed for the test.');
    assert.equal(s2.name, tr('fr', 'severities.S2.name'));
    assert.deepEqual(fr.body.untranslated, ['severities.S2.definition']);
    const de = await call(server.url, '/api/policy?lang=de');
    assert.equal(de.body.lang, 'de');
    assert.equal(de.body.severities[0].name, 'Critical');
    assert.ok(
      de.body.untranslated.includes('severities.S1.name') && de.body.untranslated.includes('scope.legal.who'),
      de.text.slice(0, 300),
    );
  });

  it('the stale translation is logged at start, naming the file, the key and the fix', async () => {
    const logged: Array<Record<string, unknown>> = [];
    const data = mkdtempSync(path.join(tmpdir(), 'helpway-policy-log-'));
    const running = await startHelpway(
      readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: data, DATABASE_URL: '', HELPWAY_POLICY_FILE: path.join(dir, 'policy.yaml') }),
      { clock: fixedClock(MONDAY_MORNING), log: (entry) => logged.push(entry) },
    );
    try {
      const warnings = logged.filter((e) => e.level === 'warn' && /translation/.test(String(e.msg)));
      assert.equal(warnings.length, 1, JSON.stringify(logged.filter((e) => e.level === 'warn')));
      assert.match(String(warnings[0].file), /policy\.fr\.yaml$/);
      assert.equal(warnings[0].key, 'severities.S2.definition');
      assert.match(String(warnings[0].fix), /"Changed for the test\."/);
    } finally {
      await running.stop();
      rmSync(data, { recursive: true, force: true });
    }
  });
});

forEachStore('scope check and analytics', (target) => {
  let server: TestServer;
  before(async () => {
    server = await target.start({ env: { HELPWAY_RATE_LIMITS: 'off' } });
  });
  after(() => server.stop());

  it('POST /api/scope-check matches policy phrases in any order, with the article and who acts', async () => {
    const res = await post(server.url, '/api/scope-check', { text: 'One of our students forgot the Password for the LMS' });
    assert.equal(res.status, 200, res.text);
    const rule = policy.scope.find((r) => r.id === 'learner-password')!;
    assert.equal(res.body.matches[0].id, 'learner-password');
    assert.equal(res.body.matches[0].who, rule.who);
    assert.equal(res.body.matches[0].article, rule.article);
    assert.equal(res.body.matches[0].verdict, 'end-user');
    const order = await post(server.url, '/api/scope-check', { text: 'users bulk upload from a spreadsheet' });
    assert.ok(
      order.body.matches.some((m: any) => m.id === 'bulk-upload'),
      order.text,
    );
    const none = await post(server.url, '/api/scope-check', { text: 'the weather is lovely' });
    assert.deepEqual(none.body.matches, []);
  });

  it('feedback, search events and widget events are stored (single and batched), 202', async () => {
    const db = server.running.store.db;
    const fb = await post(server.url, '/api/feedback', {
      slug: 'bulk-upload-users',
      helpful: false,
      comment: 'Missing the CSV columns',
      site: 'demo',
      source: 'widget',
    });
    assert.equal(fb.status, 202, fb.text);
    assert.deepEqual(fb.body, { accepted: 1 });
    const row = await db.selectFrom('feedback').selectAll().where('slug', '=', 'bulk-upload-users').executeTakeFirstOrThrow();
    assert.equal(row.helpful, 0);
    assert.equal(row.comment, 'Missing the CSV columns');

    const se = await post(server.url, '/api/search-events', [
      {
        query: 'upload users csv',
        resultCount: 3,
        clickedSlug: 'bulk-upload-users',
        source: 'widget',
        site: 'demo',
        page: 'https://lms.example/admin',
      },
      { query: 'zzz', resultCount: 0, source: 'kb' },
    ]);
    assert.equal(se.status, 202, se.text);
    assert.equal(se.body.accepted, 2);
    const zero = await db.selectFrom('search_events').selectAll().where('result_count', '=', 0).execute();
    assert.deepEqual(
      zero.map((r) => [r.query, r.source]),
      [['zzz', 'kb']],
    );

    const types = ['opened', 'suggestion_shown', 'suggestion_clicked', 'article_read', 'escalation_started', 'ticket_created'];
    const we = await post(
      server.url,
      '/api/widget-events',
      types.map((type) => ({ site: 'demo', type, slug: type === 'article_read' ? 'sso' : undefined })),
    );
    assert.equal(we.status, 202, we.text);
    const stored = await db.selectFrom('widget_events').select('type').where('site_key', '=', 'demo').execute();
    assert.deepEqual(stored.map((r) => r.type).sort(), [...types].sort());
  });
});

describe('health, OpenAPI and docs', () => {
  let server: TestServer;
  before(async () => {
    const { startServer } = await import('../support/api-server.ts');
    server = await startServer();
  });
  after(() => server.stop());

  it('GET /api/health answers 200', async () => {
    const res = await call(server.url, '/api/health');
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'ok');
    assert.equal(res.body.store, 'sqlite');
  });

  it('/api/openapi.json is OpenAPI 3.1 generated from the validation schemas', async () => {
    const res = await call(server.url, '/api/openapi.json');
    assert.equal(res.status, 200);
    assert.equal(res.body.openapi, '3.1.0');
    for (const p of [
      '/api/tickets',
      '/api/tickets/{reference}',
      '/api/tickets/{reference}/messages',
      '/api/tickets/mine',
      '/api/policy',
      '/api/sla/preview',
      '/api/scope-check',
      '/api/feedback',
      '/api/search-events',
      '/api/widget-events',
      '/api/health',
    ]) {
      assert.ok(res.body.paths[p], `path ${p}`);
    }
    const create = res.body.paths['/api/tickets'].post.requestBody.content['application/json'].schema;
    const variants = create.oneOf ?? create.anyOf;
    assert.equal(variants.length, policy.ticketTypes.length);
    const refresh = variants.find((v: any) => v.properties.type.const === 'site_refresh');
    assert.equal(refresh.properties.subject.maxLength, 200);
    assert.equal(refresh.properties.description.maxLength, 20_000);
    assert.deepEqual(refresh.properties.fields.required.sort(), ['confirmOverwrite', 'stagingUrl']);
    assert.deepEqual(refresh.properties.severity.enum, ['S1', 'S2', 'S3', 'S4']);
    assert.equal(refresh.properties.attachments.maxItems, policy.attachments.maxFiles);
  });

  it('/api/docs is a readable HTML page listing every endpoint, without external resources', async () => {
    const res = await call(server.url, '/api/docs');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    for (const text of ['POST /api/tickets', 'GET /api/tickets/{reference}', 'GET /api/policy', 'Idempotency-Key', 'subject'])
      assert.ok(res.text.includes(text.replace(/[{}]/g, (c) => c)), text);
    assert.doesNotMatch(res.text, /<script|https?:\/\/cdn|<link[^>]+href="http/);
  });

  it('unknown policy site is a 422 naming the field', async () => {
    assertError(await call(server.url, '/api/policy?site=unknown-site'), 422, 'unknown_site', 'site');
  });
});
