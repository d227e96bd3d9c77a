/**
 * /api/reports: what the tickets and the timesheet add up to, for agents (401 without a session).
 *
 *   GET /{name}?from=YYYY-MM-DD&to=YYYY-MM-DD&site=KEY&format=json|csv&table=NAME
 *
 * JSON by default; `format=csv` answers one of the report's tables (its first without `table`) as
 * an RFC 4180 attachment. Each report is one file beside this one; the sums are SQL.
 */
import { Hono } from 'hono';
import type { z } from 'zod';
import { requireAgent, type AgentEnv } from '../agents/auth.ts';
import { ApiError, validationError } from '../http/errors.ts';
import type { Services } from '../http/env.ts';
import { queryParams } from '../http/json-body.ts';
import { articlesReport, articlesTables } from './articles.ts';
import { budgetReport, budgetTables } from './budget.ts';
import { funnelReport, funnelTables } from './funnel.ts';
import { searchesReport, searchesTables } from './searches.ts';
import { csatReport, csatTables } from './csat.ts';
import { toCsv, type Table } from './csv.ts';
import { periodOf, supportZone, type Period } from './range.ts';
import { REPORT_NAMES, ReportQuery, StatementQuery, type ReportName } from './shapes.ts';
import { budgetStatement, statementHtml, statementTables, STATEMENT_CSP } from './statement.ts';
import { slaReport, slaTables } from './sla.ts';
import { volumeReport, volumeTables } from './volume.ts';
import { UptimeStatementQuery } from '../status/shapes.ts';
import { uptimeStatement, uptimeStatementHtml, uptimeStatementTables } from '../status/uptime-statement.ts';

interface Report<B> {
  build(services: Services, period: Period, site: string | null, plan: string | null): Promise<B>;
  tables(body: B): Record<string, Table>;
}
const report = <B>(r: Report<B>): Report<unknown> => r as Report<unknown>;

const REPORTS: Record<ReportName, Report<unknown>> = {
  sla: report({ build: slaReport, tables: slaTables }),
  volume: report({ build: volumeReport, tables: volumeTables }),
  budget: report({ build: budgetReport, tables: budgetTables }),
  funnel: report({ build: funnelReport, tables: funnelTables }),
  searches: report({ build: searchesReport, tables: searchesTables }),
  articles: report({ build: articlesReport, tables: articlesTables }),
  csat: report({ build: csatReport, tables: csatTables }),
};

const isReportName = (name: string): name is ReportName => (REPORT_NAMES as readonly string[]).includes(name);

export function reportRoutes() {
  return new Hono<AgentEnv>()
    .use('*', requireAgent())
    .get('/budget/statement', queryParams(StatementQuery), async (c) => {
      const query = (c.var as unknown as { query: StatementQuery }).query;
      const { services } = c.var;
      if (query.month > services.clock.now().toISOString().slice(0, 7))
        throw validationError({ month: 'must not be after the current month' });
      const statement = await budgetStatement(services, query.site, query.month);
      if (!statement) throw new ApiError(422, 'unknown_site', `There is no site "${query.site}".`, { site: 'is not a known site key' });
      c.header('Cache-Control', 'private, no-store');
      if (query.format === 'csv') {
        const table = query.table ?? 'entries';
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header(
          'Content-Disposition',
          `attachment; filename="helpway-statement-${statement.site.key}-${query.month}${query.table ? `-${table}` : ''}.csv"`,
        );
        return c.body(toCsv(statementTables(statement)[table]));
      }
      c.header('Content-Security-Policy', STATEMENT_CSP);
      return c.html(statementHtml(statement));
    })
    .get('/uptime/statement', queryParams(UptimeStatementQuery), async (c) => {
      const query = (c.var as unknown as { query: UptimeStatementQuery }).query;
      const { services } = c.var;
      if (query.month > services.clock.now().toISOString().slice(0, 7))
        throw validationError({ month: 'must not be after the current month' });
      const statement = await uptimeStatement(services, query.site, query.month);
      if (!statement) throw new ApiError(422, 'unknown_site', `There is no site "${query.site}".`, { site: 'is not a known site key' });
      c.header('Cache-Control', 'private, no-store');
      if (query.format === 'csv') {
        const table = query.table ?? 'downtime';
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', `attachment; filename="helpway-uptime-${statement.site.key}-${query.month}-${table}.csv"`);
        return c.body(toCsv(uptimeStatementTables(statement)[table]));
      }
      c.header('Content-Security-Policy', STATEMENT_CSP);
      return c.html(uptimeStatementHtml(statement));
    })
    .get('/:name', queryParams(ReportQuery), async (c) => {
      const name = c.req.param('name');
      if (!isReportName(name)) {
        throw new ApiError(404, 'not_found', `There is no report "${name.slice(0, 40)}": use one of ${REPORT_NAMES.join(', ')}.`, {
          name: `must be one of ${REPORT_NAMES.join(', ')}`,
        });
      }
      const query = (c.var as unknown as { query: z.output<typeof ReportQuery> }).query;
      const { services } = c.var;
      if (query.site && !(await services.sites.get(query.site))) {
        throw new ApiError(422, 'unknown_site', `There is no site "${query.site}".`, { site: 'is not a known site key' });
      }
      const plans = services.policy.plans.map((p) => p.id as string);
      if (query.plan && !plans.includes(query.plan)) throw validationError({ plan: `must be one of ${plans.join(', ')}` });
      const period = periodOf(query.from, query.to, supportZone(services.policy));
      const { build, tables } = REPORTS[name];
      const body = await build(services, period, query.site ?? null, query.plan ?? null);
      const all = tables(body);
      if (query.format === 'csv') {
        const tableName = query.table ?? Object.keys(all)[0];
        const table = all[tableName];
        if (!table) throw validationError({ table: `must be one of ${Object.keys(all).join(', ')} for the ${name} report` });
        const suffix = query.table ? `-${tableName}` : '';
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', `attachment; filename="helpway-${name}${suffix}-${query.from}-${query.to}.csv"`);
        return c.body(toCsv(table));
      }
      return c.json({
        report: name,
        period: {
          from: query.from,
          to: query.to,
          timeZone: period.zone,
          site: query.site ?? null,
          plan: query.plan ?? null,
          generatedAt: services.clock.now().toISOString(),
        },
        tables: Object.keys(all),
        ...(body as object),
      });
    });
}
