/**
 * Inbox search over many tickets: GET /api/inbox/tickets?q=… (a page of 50, with the total) over
 * HTTP, on SQLite and, if reachable, PostgreSQL, with 100,000 tickets and their conversations
 * written through the store, so the database's triggers index them as they would in production.
 * The text is varied like a help desk's: subjects and messages drawn from an LMS vocabulary with a
 * few very common words and a long tail, 600 surnames, addresses on 200 domains.
 *
 * The queries are what agents type: a reference, a surname, an address and its start, two words of
 * a subject in the other order, two words of a conversation, one very common word and its prefix
 * (tens of thousands of matches to rank), and subject words with filters. Prints p50 / p95 / max
 * per kind and over all, and the slowest search. Never fails on time.
 *
 *   npm run bench -- inbox-search
 *   BENCH_SEARCH_TICKETS=20000 BENCH_SEARCH_RUNS=20 BENCH_DATABASE_URL=postgres://… node bench/inbox-search.bench.ts
 *   BENCH_SEARCH_KEEP=1 …   keep the stores (and reuse them next time) to try a query change
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CompiledQuery } from 'kysely';
import { BENCH_POSTGRES_URL, reachablePostgres, shownUrl } from './postgres.ts';
import { startServer, type TestServer } from '../test/support/api-server.ts';
import { fixedClock } from '../test/api/helpers.ts';
import { fileTicket, signIn, withAdmin, type AgentSession } from '../test/inbox/support.ts';

const TICKETS = Number(process.env.BENCH_SEARCH_TICKETS ?? 100_000);
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 40);
const PAGE = 50;

/** A small deterministic generator (mulberry32), so both stores get the same tickets. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMON = ['course', 'learners', 'cannot', 'page', 'error', 'please', 'help', 'thanks', 'since', 'today'];
const LMS = `assignment quiz gradebook grade badge certificate enrolment enrol cohort forum calendar report export import
  backup restore upload download scorm h5p plugin theme login password reset account profile message notification email
  completion activity resource file folder book lesson workshop glossary wiki survey feedback attendance timetable
  category section block dashboard roles permission capability teacher student manager admin guest course-creator
  competency rubric marking workflow allocation submission draft deadline extension override attempt review timer
  question bank import-export category-settings turnitin plagiarism similarity zoom teams meeting recording video audio
  transcript caption accessibility contrast screenreader keyboard mobile app offline sync push token webservice api
  cron task schedule cache purge upgrade version maintenance staging production domain certificate-ssl redirect
  authentication sso saml ldap oauth azure google microsoft tenant license seat quota storage limit size bytes
  spreadsheet csv excel pdf docx image png jpeg svg zip archive encoding utf8 language translation french german welsh`
  .split(/\s+/)
  .filter(Boolean);
/** Made-up long-tail words: each appears in few tickets, like product names and error codes do. */
const TAIL = Array.from(
  { length: 4000 },
  (_, i) => `${['zan', 'kor', 'vel', 'mip', 'tash', 'rud', 'fen', 'olo'][i % 8]}${(i * 7919) % 10007}`,
);
const FIRST =
  `Priya Ana Jürgen Élodie Sam Alex Maria John Wei Fatima Omar Lucy Tom Noah Emma Liam Olivia Ava Mia Leo Zoe Ivan Yuki Chen Sara Hugo Nina Paul Rosa Karl`.split(
    ' ',
  );
const SURNAMES = Array.from(
  { length: 600 },
  (_, i) => `${['Mac', 'Van', 'Fitz', 'O', 'De', 'Al', 'Ben', 'Mc'][i % 8]}${TAIL[(i * 13) % TAIL.length]}`,
);
const DOMAINS = Array.from({ length: 200 }, (_, i) => `${TAIL[(i * 31) % TAIL.length]}-college.example`);

interface Made {
  subject: string;
  description: string;
  name: string;
  email: string;
  messages: string[];
}

function makeTicket(rng: () => number): Made {
  const pick = <T>(list: T[], skew = 1) => list[Math.floor(Math.pow(rng(), skew) * list.length)];
  const words = (n: number) =>
    Array.from({ length: n }, () => {
      const r = rng();
      return r < 0.25 ? pick(COMMON) : r < 0.9 ? pick(LMS, 2) : pick(TAIL);
    }).join(' ');
  const first = pick(FIRST);
  const surname = pick(SURNAMES);
  const messages = Array.from({ length: Math.floor(rng() * 3) }, () => words(8 + Math.floor(rng() * 20)));
  return {
    subject: words(3 + Math.floor(rng() * 4)),
    description: words(15 + Math.floor(rng() * 30)),
    name: `${first} ${surname}`,
    email: `${first.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')}.${surname.toLowerCase()}@${pick(DOMAINS)}`,
    messages,
  };
}

async function fill(server: TestServer): Promise<Made[]> {
  const template = await fileTicket(server.url, { severity: 'S4' });
  const db = server.running.store.db;
  const { id: _, ...row } = await db
    .selectFrom('tickets')
    .selectAll()
    .where('id', '=', Number(template.reference.slice(3)) - 1000)
    .executeTakeFirstOrThrow();
  const rng = random(42);
  const made: Made[] = [];
  const batch = 250;
  for (let i = 0; i < TICKETS; i += batch) {
    const tickets = Array.from({ length: Math.min(batch, TICKETS - i) }, (_, k) => {
      const n = i + k;
      const t = makeTicket(rng);
      made.push(t);
      return {
        ...row,
        subject: t.subject,
        description: t.description,
        requester_name: t.name,
        requester_email: t.email,
        severity: `S${1 + (n % 4)}`,
        status: n % 20 < 17 ? (n % 2 ? 'closed' : 'solved') : n % 7 === 0 ? 'pending' : 'open',
      };
    });
    const ids = await db.insertInto('tickets').values(tickets).returning('id').execute();
    const messages = ids.flatMap(({ id }, k) =>
      made[i + k].messages.map((body, m) => ({
        ticket_id: Number(id),
        author: m % 2 ? 'requester' : 'agent',
        body,
        created_at: row.created_at,
        internal: 0,
        agent_id: null,
      })),
    );
    if (messages.length) await db.insertInto('ticket_messages').values(messages).execute();
  }
  await db.executeQuery(CompiledQuery.raw(server.running.store.dialect === 'postgres' ? 'VACUUM ANALYZE ticket_search' : 'ANALYZE'));
  if (server.running.store.dialect === 'postgres') await db.executeQuery(CompiledQuery.raw('ANALYZE tickets'));
  return made;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

type Kind = { name: string; query: (t: Made, ref: string, rng: () => number) => Record<string, string> };

const KINDS: Kind[] = [
  { name: 'reference', query: (_, ref) => ({ q: ref }) },
  { name: 'surname', query: (t) => ({ q: t.name.split(' ')[1] }) },
  { name: 'address', query: (t) => ({ q: t.email }) },
  { name: 'address start', query: (t) => ({ q: t.email.slice(0, t.email.indexOf('.') + 4) }) },
  { name: 'subject words, reversed', query: (t) => ({ q: t.subject.split(' ').slice(0, 2).reverse().join(' ') }) },
  {
    name: 'conversation words',
    query: (t, _, rng) => {
      const words = [t.description, ...t.messages].join(' ').split(' ');
      return { q: `${words[Math.floor(rng() * words.length)]} ${words[Math.floor(rng() * words.length)]}` };
    },
  },
  { name: 'common word', query: () => ({ q: 'course' }) },
  { name: 'common prefix', query: () => ({ q: 'lear' }) },
  { name: 'subject + active S2', query: (t) => ({ q: t.subject.split(' ')[0], status: 'active', severity: 'S2' }) },
];

async function measure(agent: AgentSession, made: Made[]): Promise<void> {
  const rng = random(7);
  const all: number[] = [];
  const byKind = new Map<string, number[]>();
  let slowest = { ms: 0, path: '' };
  // Warm the caches (and PostgreSQL's plan cache) as a running server would be.
  for (const kind of KINDS) await agent.get(`/api/inbox/tickets?${new URLSearchParams(kind.query(made[0], 'HW-1002', rng))}&limit=${PAGE}`);
  for (let run = 0; run < RUNS; run++) {
    for (const kind of KINDS) {
      const n = Math.floor(rng() * made.length);
      // The template ticket is HW-1001: the made ones follow it.
      const params = new URLSearchParams({ ...kind.query(made[n], `HW-${1002 + n}`, rng), limit: String(PAGE) });
      const path = `/api/inbox/tickets?${params}`;
      const start = performance.now();
      const res = await agent.get(path);
      const ms = performance.now() - start;
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text.slice(0, 200)}`);
      all.push(ms);
      (byKind.get(kind.name) ?? byKind.set(kind.name, []).get(kind.name)!).push(ms);
      if (ms > slowest.ms) slowest = { ms, path: `${path} (${res.body.total} matches)` };
    }
  }
  const line = (label: string, values: number[]) => {
    const s = [...values].sort((a, b) => a - b);
    return `${label.padEnd(26)} p50 ${percentile(s, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(s, 95).toFixed(1).padStart(6)} ms  max ${s.at(-1)!.toFixed(1).padStart(6)} ms`;
  };
  for (const [name, values] of byKind) console.log(`    ${line(name, values)}`);
  console.log(`  ${line(`all ${all.length} searches`, all)}`);
  console.log(`  slowest: ${slowest.ms.toFixed(1)} ms for ${decodeURIComponent(slowest.path)}`);
}

/** The tickets `fill` writes, made again without writing them (a kept store already has them). */
function remake(): Made[] {
  const rng = random(42);
  return Array.from({ length: TICKETS }, () => makeTicket(rng));
}

async function run(name: string, databaseUrl?: string): Promise<void> {
  // BENCH_SEARCH_KEEP=1 keeps the store (a SQLite directory, a PostgreSQL schema) and reuses it on
  // the next run, to try a change to the queries without writing 100,000 tickets again.
  const keep = process.env.BENCH_SEARCH_KEEP === '1';
  const kept = keep
    ? databaseUrl
      ? { databaseSchema: `bench_search_${TICKETS}` }
      : { dataDir: path.join(tmpdir(), `helpway-search-bench-${TICKETS}`) }
    : {};
  const server = await startServer(withAdmin({ databaseUrl, clock: fixedClock(), ...kept }));
  try {
    const start = performance.now();
    const { n } = await server.running.store.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    const reuse = keep && Number(n) > TICKETS;
    const made = reuse ? remake() : await fill(server);
    const messages = made.reduce((n, t) => n + t.messages.length, 0);
    console.log(
      `${name}: ${TICKETS} tickets and ${messages} messages ${reuse ? 'kept from an earlier run' : 'written and indexed'} in ${((performance.now() - start) / 1000).toFixed(1)} s`,
    );
    const agent = await signIn(server.url);
    await measure(agent, made);
  } finally {
    await server.stop();
  }
}

await run('SQLite');
const url = BENCH_POSTGRES_URL;
if (await reachablePostgres(url)) await run('PostgreSQL', url);
else console.log(`PostgreSQL: skipped, ${shownUrl(url)} is not reachable (set BENCH_DATABASE_URL)`);
