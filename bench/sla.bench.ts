/**
 * Business-time benchmark: ops/s and µs per call for the computations the API makes per
 * ticket and the inbox per row. Prints figures; never fails on time.
 *   node bench/sla.bench.ts          (or import { runSlaBench } from bench/run.ts)
 */
import { fileURLToPath } from 'node:url';
import { loadPolicy } from '../content/src/load.ts';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  isOpen,
  nextOpening,
  type Calendar,
  type TimeWindow,
} from '../api/src/sla/business-time.ts';
import { computeSla, describeDue } from '../api/src/sla/targets.ts';

const weekdays = (windows: TimeWindow[], timezone: string, holidays: string[] = []): Calendar => ({
  timezone,
  hours: { mon: windows, tue: windows, wed: windows, thu: windows, fri: windows },
  holidays,
});
const UK = weekdays([['09:00', '17:00']], 'Europe/London', [
  '*-01-01',
  '*-12-25',
  '*-12-26',
  '2026-12-28',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
]);
const NY_LUNCH = weekdays(
  [
    ['08:30', '12:00'],
    ['13:00', '17:00'],
  ],
  'America/New_York',
  ['*-07-04'],
);
const SYDNEY_24x7: Calendar = {
  timezone: 'Australia/Sydney',
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
  holidays: [],
};

interface Result {
  name: string;
  opsPerSecond: number;
  microsecondsPerOp: number;
}

function measure(name: string, fn: (i: number) => unknown, durationMs = 600): Result {
  for (let i = 0; i < 200; i++) fn(i); // warm up JIT and caches
  let ops = 0;
  let sink: unknown;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < durationMs) {
    for (let k = 0; k < 100; k++) sink = fn(ops++);
    elapsed = performance.now() - t0;
  }
  if (sink === Symbol.for('never')) console.log(sink);
  return { name, opsPerSecond: (ops / elapsed) * 1000, microsecondsPerOp: (elapsed * 1000) / ops };
}

export async function runSlaBench(): Promise<Result[]> {
  const policy = await loadPolicy();
  const monday = new Date('2026-03-02T10:15:00Z');
  const friday = new Date('2026-03-06T15:30:00Z');
  const xmasEve = new Date('2026-12-24T16:00:00Z');
  const pauses: Array<[Date, Date]> = [
    [new Date('2026-03-02T11:00:00Z'), new Date('2026-03-02T14:00:00Z')],
    [new Date('2026-03-03T10:00:00Z'), new Date('2026-03-04T12:00:00Z')],
    [new Date('2026-03-02T13:00:00Z'), new Date('2026-03-02T15:00:00Z')],
  ];
  const base2026 = Date.UTC(2026, 0, 1);
  const results = [
    measure('S1 60 min inside hours (UK)', () => addBusinessMinutes(UK, monday, 60)),
    measure('S2 240 min Friday → Monday (UK)', () => addBusinessMinutes(UK, friday, 240)),
    measure('16 working hours over Christmas holidays (UK)', () => addBusinessMinutes(UK, xmasEve, 960)),
    measure('3 working days with lunch gaps (New York)', () => addBusinessMinutes(NY_LUNCH, friday, 3 * 450)),
    measure('12 h on a 24x7 calendar (Sydney)', () => addBusinessMinutes(SYDNEY_24x7, friday, 720)),
    measure('S3 with 3 overlapping pauses (UK)', () => addBusinessMinutes(UK, monday, 1440, pauses)),
    measure('random start in 2026, 0–2000 min (UK)', (i) =>
      addBusinessMinutes(UK, new Date(base2026 + ((i * 7_919_993) % 365) * 86_400_000 + (i % 1440) * 60_000), i % 2000),
    ),
    measure('a year of working time (UK, ~250 days)', () => addBusinessMinutes(UK, monday, 250 * 480), 400),
    measure('businessMinutesBetween over a month (UK)', () => businessMinutesBetween(UK, monday, new Date('2026-04-02T10:15:00Z'))),
    measure('isOpen (UK)', (i) => isOpen(UK, new Date(monday.getTime() + i * 60_000))),
    measure('nextOpening from Saturday (UK)', () => nextOpening(UK, new Date('2026-03-07T12:00:00Z'))),
    measure('fresh calendar object each call (validate + compile)', () =>
      addBusinessMinutes(weekdays([['09:00', '17:00']], 'Europe/London'), friday, 240),
    ),
    measure(
      'uncached dates: random start 1950–2150 (Intl lookups)',
      (i) => addBusinessMinutes(NY_LUNCH, new Date(Date.UTC(1950, 0, 1) + ((i * 104_729) % 73_000) * 86_400_000), 960),
      400,
    ),
    measure('computeSla S2 query, standard plan (real policy)', () =>
      computeSla({ policy, planId: 'standard', severityId: 'S2', ticketTypeId: 'query', createdAt: friday }),
    ),
    measure('computeSla + describeDue sentence (real policy)', () => {
      const sla = computeSla({ policy, severityId: 'S3', ticketTypeId: 'query', createdAt: friday });
      return describeDue(sla.firstResponseDue, sla.calendar, 'en-GB', friday);
    }),
  ];
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await runSlaBench();
  console.log(`SLA business time (Node ${process.version})`);
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) {
    console.log(
      `  ${r.name.padEnd(width)}  ${Math.round(r.opsPerSecond).toLocaleString('en-GB').padStart(11)} ops/s  ${r.microsecondsPerOp.toFixed(2).padStart(9)} µs/op`,
    );
  }
}
