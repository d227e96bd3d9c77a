/** /api/reports/{name} in the OpenAPI route table (openapi/operations.ts): agents only. */
import { z } from 'zod';
import { error, type Operation } from '../openapi/operations.ts';
import { agentErrors } from '../inbox/openapi.ts';
import { ArticlesReport, BudgetReport, CsatReport, REPORT_NAMES, ReportQuery, SlaReport, VolumeReport } from './shapes.ts';

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
    summary: 'A report: SLA achievement, ticket volume and backlog, the support budget, articles, or satisfaction',
    description: [
      'Sums over whole UTC days `from`..`to` (at most 366), for one site or all. With `format=csv`, one of the tables the JSON lists in `tables` (its first without `table`) as the attachment `helpway-<name>[-<table>]-<from>-<to>.csv`.',
      '- `sla`: for the tickets filed in the period, per ISO week and severity, per severity and in total: first response and resolution met / missed / pending (reaching a target at its due time is a miss; unreached past due is a miss), next-reply misses, median and 90th-percentile business hours to first response (nearest rank); the breached tickets, one line per target missed (200 listed, `breached.total` counts all). Tables: weeks, breached.',
      "- `volume`: tickets filed per day by type, severity, channel and site, and the backlog at each day's end (filed by then, not solved or closed then). Tables: days, breakdown.",
      "- `budget`: per site, hours bought, used per rate and its cost, remaining (as at the period's end), burn per month and the date the budget runs out at the last three months' burn (null without burn); the timesheet entries of the period (1000 listed). Tables: sites, rates, months, entries.",
      '- `articles`: per article, reads in the widget (`article_read` events) and "Was this helpful?" answers with the helpful share; the "not helpful" comments with their owner and whether an agent handled them. Tables: articles, comments.',
      '- `csat`: the requesters\' "How did we do?" answers by the day each ticket was first rated: good, bad and the good share in total and per ISO week; the answers with a comment. Tables: weeks, comments.',
    ].join('\n'),
    auth: 'agentSession',
    parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string', enum: [...REPORT_NAMES] } }],
    query: ReportQuery as unknown as z.ZodObject,
    responses: {
      '200': {
        description: 'The report (JSON), or one of its tables (CSV).',
        json: z.discriminatedUnion('report', [SlaReport, VolumeReport, BudgetReport, ArticlesReport, CsatReport]),
        content: csv,
      },
      '401': agentErrors['401'],
      '404': error('No report of that name (`not_found`).'),
      '422': error(
        'A parameter is refused (`validation_failed`, `unknown_site`), named in `fields`: a date that is not one, `to` before `from`, more than 366 days, an unknown table.',
      ),
    },
  },
];
