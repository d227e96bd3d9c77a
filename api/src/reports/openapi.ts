/** /api/reports/{name} in the OpenAPI route table (openapi/operations.ts): agents only. */
import { z } from 'zod';
import { error, type Operation } from '../openapi/operations.ts';
import { agentErrors } from '../inbox/openapi.ts';
import {
  ArticlesReport,
  BudgetReport,
  CsatReport,
  FunnelReport,
  REPORT_NAMES,
  ReportQuery,
  SearchesReport,
  SlaReport,
  StatementQuery,
  VolumeReport,
} from './shapes.ts';

const csv = {
  'text/csv': {
    schema: { type: 'string', description: 'RFC 4180 with a header row; a cell starting with = + - @ gets a leading single quote.' },
  },
};

export const reportOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/reports/{name}',
    operationId: 'report',
    summary:
      'A report: SLA achievement, ticket volume and backlog, the widget funnel, searches, articles, the support budget, or satisfaction',
    description: [
      "Sums over whole days `from`..`to` (at most 366) in the support time zone (the policy calendar's, given back as `period.timeZone`), for one site or all, and for one plan or all (`plan`: the plan a ticket was filed under; for `budget`, the sites now on that plan). With `format=csv`, one of the tables the JSON lists in `tables` (its first without `table`) as the attachment `helpway-<name>[-<table>]-<from>-<to>.csv`.",
      '- `sla`: for the tickets filed in the period, per ISO week and severity, per severity and in total: first response and resolution met / missed / pending (reaching a target at its due time is a miss; unreached past due is a miss; outcomes as kept on each ticket when reached), next replies met / missed (sent late, or still owed past due), median and 90th-percentile business hours to first response (nearest rank); the breached tickets, one line per target missed (200 listed, `breached.total` counts all). Tables: weeks, breached.',
      "- `volume`: tickets filed per day by type, severity, channel and site, and the backlog at each day's end (filed by then, not solved or closed then). Tables: days, breakdown.",
      "- `budget`: per site, hours bought, used per rate and its cost, remaining (as at the period's end), burn per month and the date the budget runs out at the last three months' burn (null without burn); the timesheet entries of the period (1000 listed). Tables: sites, rates, months, entries.",
      '- `funnel`: the widget sessions started in the period (anonymous, one per browser session) reaching each step — engaged (clicked a suggestion or searched), read an article, opened the contact form, filed a ticket — in all and per day; self-service (read, and no ticket within 24 h of the read) and its rate; the 20 LMS page patterns most tickets of the period came from, with the sessions started there. Tables: steps, days, pages.',
      '- `searches`: the searches of the period (queries lower-cased, spaces collapsed): totals, the 50 most searched with their clicks, reads and tickets, those with no results, those with results nobody clicked or read, those followed by a ticket from the same widget session within 24 h. Tables: top, noResults, noClick, followedByTicket.',
      '- `articles`: per article, reads in the widget (`article_read` events) and "Was this helpful?" answers with the helpful share; the "not helpful" comments with their owner and whether an agent handled them; `answeredWithArticle`: of the tickets agents replied to in the period, how many got a reply carrying a knowledge-base article, and which articles; the translated articles whose English article changed since they were translated (`staleTranslations`, as now). Tables: articles, comments.',
      '- `csat`: the requesters\' "How did we do?" answers by the day each ticket was first rated: good, bad and the good share in total and per ISO week; the answers with a comment. Tables: weeks, comments.',
    ].join('\n'),
    auth: 'agentSession',
    parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string', enum: [...REPORT_NAMES] } }],
    query: ReportQuery as unknown as z.ZodObject,
    responses: {
      '200': {
        description: 'The report (JSON), or one of its tables (CSV).',
        json: z.discriminatedUnion('report', [
          SlaReport,
          VolumeReport,
          FunnelReport,
          SearchesReport,
          ArticlesReport,
          BudgetReport,
          CsatReport,
        ]),
        content: csv,
      },
      '401': agentErrors['401'],
      '404': error('No report of that name (`not_found`).'),
      '422': error(
        'A parameter is refused (`validation_failed`, `unknown_site`), named in `fields`: a date that is not one, `to` before `from`, more than 366 days, an unknown plan or table.',
      ),
    },
  },
  {
    method: 'get',
    path: '/api/reports/budget/statement',
    operationId: 'budgetStatement',
    summary: "A site's budget statement for one month: printable HTML or CSV",
    description: [
      "For one site and calendar month (UTC): the hours bought, used before the month, used in it per rate with hours and cost (every rate of the policy), remaining at the month's end (so far, while the month runs), and the month's timesheet entries (date, ticket, agent, minutes, rate, note).",
      'HTML by default: a whole page laid out for A4 print or "Save as PDF", no script, every value escaped. With `format=csv`, one table as the attachment `helpway-statement-<site>-<month>[-<table>].csv`: `entries` (default), `rates` or `summary`.',
    ].join('\n'),
    auth: 'agentSession',
    query: StatementQuery as unknown as z.ZodObject,
    responses: {
      '200': {
        description: 'The statement.',
        content: { 'text/html': { schema: { type: 'string', description: 'A whole HTML document.' } }, ...csv },
      },
      '401': agentErrors['401'],
      '422': error(
        'A parameter is refused, named in `fields`: `month` not YYYY-MM or after the current month, a table not listed (`validation_failed`); `site` unknown (`unknown_site`).',
      ),
    },
  },
];
